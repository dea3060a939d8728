//! Italian (informal "tu", as Italian shops usually write).

use super::terms_texts::TermsTexts;
use super::texts::Texts;

pub(super) const TEXTS: Texts = Texts {
    loading: "Caricamento del modulo di pagamento sicuro…",
    processing: "Elaborazione…",
    try_again: "Riprova",
    check_again: "Verifica di nuovo",
    total: "Totale",
    pay_amount: "Paga {amount}",
    paid: "Pagamento ricevuto. La tua prenotazione è confermata.",
    authorised: "Pagamento autorizzato. La tua prenotazione è confermata.",
    payment_processing: "Il pagamento è in elaborazione. Confermeremo la tua prenotazione a breve.",
    misconfigured: "Questo pagamento non è configurato correttamente. Contatta il sito.",
    stripe_unavailable: "Impossibile caricare il modulo di pagamento. Controlla la connessione o consenti \
                         js.stripe.com, poi riprova.",
    script_blocked: "Impossibile caricare il modulo di pagamento: il browser o la rete lo hanno bloccato. Se usi un \
                     blocco degli annunci o dei contenuti, consenti js.stripe.com, poi riprova.",
    offline: "Impossibile caricare il modulo di pagamento perché sei offline. Verrà caricato appena tornerai online.",
    slow_network: "Impossibile caricare il modulo di pagamento in tempo: la connessione sembra lenta. Riprova.",
    script_altered: "Impossibile caricare correttamente il modulo di pagamento: qualcosa nella rete o nel browser lo \
                     ha modificato. Riprova o usa un'altra rete.",
    element_connection: "Impossibile caricare il modulo di pagamento: la connessione a Stripe si è interrotta. \
                         Controlla la connessione, poi riprova.",
    element_service: "Impossibile caricare il modulo di pagamento: il servizio di pagamento ha avuto un problema. \
                      Riprova tra un momento.",
    element_refused: "Impossibile caricare il modulo di pagamento per questa prenotazione. Riprova; se il problema \
                      persiste, contatta il sito.",
    generic: "Si è verificato un errore. Riprova.",
    sign_in_to_pay: "Accedi per pagare questa prenotazione.",
    not_payable_here: "Questa prenotazione non può essere pagata qui.",
    already_paid: "Questa prenotazione è già stata completata.",
    booking_cancelled: "Questa prenotazione è stata cancellata.",
    booking_refunded: "Questa prenotazione è stata rimborsata; qui non c'è nulla da pagare.",
    booking_disputed: "Il pagamento di questa prenotazione è contestato presso la tua banca; nel frattempo qui non si può pagare nulla.",
    payment_under_way: "È già in corso un pagamento per questa prenotazione. Riprova tra un momento.",
    invalid_request: "Questa richiesta di pagamento non è valida. Ricarica la pagina.",
    too_many_attempts: "Troppi tentativi. Attendi un momento, poi riprova.",
    service_unavailable: "Il servizio di pagamento non risponde. Riprova.",
    payment_unsuccessful: "Il pagamento non è andato a buon fine. Riprova o usa un altro metodo di pagamento.",
    not_completed: "Il pagamento non è stato completato. Riprova.",
    authentication_required: "La tua banca deve confermare questo pagamento. Riprova.",
    unconfirmed: "Non siamo riusciti a confermare se il pagamento è andato a buon fine. Non pagare di nuovo: \
                  verificane prima lo stato.",
    price_changed: "Il prezzo di questa prenotazione è cambiato. Controlla il nuovo importo, poi paga di nuovo.",
};

pub(super) const TERMS: TermsTexts = TermsTexts {
    pay_deposit: "Paga l'acconto di {amount}",
    authorise: "Autorizza {amount}",
    save_card: "Salva la carta",
    balance_on: "{later} addebitati il {date}",
    captured_on: "Addebitato all'arrivo, il {date}",
    fee_up_to: "Nessun addebito ora · penale per mancata presentazione o cancellazione tardiva fino a {amount}",
    consent_deposit: "Pagando l'acconto, autorizzi la struttura ad addebitare il saldo di {later} su questa carta il {date}, senza chiedertelo di nuovo.",
    consent_hold: "Autorizzando, consenti alla struttura di addebitare {amount} su questa carta il {date}, giorno del tuo arrivo.",
    consent_guarantee: "Salvando la carta, autorizzi la struttura ad addebitarti fino a {amount} se non ti presenti o se cancelli dopo il periodo di cancellazione gratuita.",
    deposit_paid: "Acconto ricevuto. La tua prenotazione è confermata.",
    card_saved: "Carta salvata. La tua prenotazione è garantita; non è stato addebitato nulla.",
    terms_changed: "Le condizioni di pagamento di questa prenotazione sono cambiate. Rileggile prima di continuare.",
    owed: "{what} di {amount}: non è stato possibile addebitare la tua carta salvata senza di te. Paga qui; la tua banca potrebbe chiederti una conferma.",
    owed_balance: "Il saldo",
    owed_no_show_fee: "La penale per mancata presentazione",
    owed_cancellation_fee: "La penale di cancellazione",
    cancel_free_until: "Cancellazione gratuita fino a {days} prima dell'arrivo.",
    cancel_within: "Meno di {days} prima: penale di {share}.",
    cancel_never: "Non rimborsabile: in caso di cancellazione è trattenuto l'intero prezzo.",
    cancel_free: "Cancellazione gratuita fino all'arrivo.",
    one_day: "1 giorno",
    n_days: "{n} giorni",
    percent: "{n}%",
    decimal: ",",
    months: ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
    date: "{day} {month} {year}",
    day_one: "1º",
};
