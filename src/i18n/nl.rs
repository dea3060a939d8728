//! Dutch (formal "u").

use super::terms_texts::TermsTexts;
use super::texts::Texts;

pub(super) const TEXTS: Texts = Texts {
    loading: "Het beveiligde betaalformulier wordt geladen…",
    processing: "Bezig met verwerken…",
    try_again: "Opnieuw proberen",
    check_again: "Opnieuw controleren",
    total: "Totaal",
    pay_amount: "Betaal {amount}",
    paid: "Betaling ontvangen. Uw boeking is bevestigd.",
    authorised: "Betaling geautoriseerd. Uw boeking is bevestigd.",
    payment_processing: "Uw betaling wordt verwerkt. We bevestigen uw boeking zo snel mogelijk.",
    misconfigured: "Deze betaling is niet goed ingesteld. Neem contact op met de website.",
    stripe_unavailable: "Het betaalformulier kon niet worden geladen. Controleer uw verbinding of sta js.stripe.com \
                         toe en probeer het opnieuw.",
    script_blocked: "Het betaalformulier kon niet worden geladen: uw browser of netwerk heeft het geblokkeerd. \
                     Gebruikt u een advertentie- of contentblocker, sta dan js.stripe.com toe en probeer het opnieuw.",
    offline: "Het betaalformulier kon niet worden geladen omdat u offline bent. Het wordt geladen zodra u weer online \
              bent.",
    slow_network: "Het betaalformulier kon niet op tijd worden geladen: uw verbinding lijkt traag. Probeer het \
                   opnieuw.",
    script_altered: "Het betaalformulier kon niet correct worden geladen: iets in uw netwerk of browser heeft het \
                     gewijzigd. Probeer het opnieuw of gebruik een ander netwerk.",
    element_connection: "Het betaalformulier kon niet worden geladen: de verbinding met Stripe is verbroken. \
                         Controleer uw verbinding en probeer het opnieuw.",
    element_service: "Het betaalformulier kon niet worden geladen: de betaaldienst had een probleem. Probeer het zo \
                      meteen opnieuw.",
    element_refused: "Het betaalformulier kon voor deze boeking niet worden geladen. Probeer het opnieuw; blijft het \
                      misgaan, neem dan contact op met de website.",
    generic: "Er is iets misgegaan. Probeer het opnieuw.",
    sign_in_to_pay: "Log in om deze boeking te betalen.",
    not_payable_here: "Deze boeking kan hier niet worden betaald.",
    already_paid: "Deze boeking is al afgerond.",
    booking_cancelled: "Deze boeking is geannuleerd.",
    booking_refunded: "Deze boeking is terugbetaald; hier valt niets te betalen.",
    booking_disputed: "De betaling van deze boeking wordt bij uw bank betwist; intussen kan hier niets worden betaald.",
    payment_under_way: "Er loopt al een betaling voor deze boeking. Probeer het zo meteen opnieuw.",
    invalid_request: "Dit betaalverzoek is niet geldig. Laad de pagina opnieuw.",
    too_many_attempts: "Te veel pogingen. Wacht even en probeer het dan opnieuw.",
    service_unavailable: "De betaaldienst reageert niet. Probeer het opnieuw.",
    payment_unsuccessful: "Uw betaling is niet gelukt. Probeer het opnieuw of kies een andere betaalmethode.",
    not_completed: "De betaling is niet voltooid. Probeer het opnieuw.",
    authentication_required: "Uw bank moet deze betaling bevestigen. Probeer het opnieuw.",
    unconfirmed: "We konden niet bevestigen of uw betaling is gelukt. Betaal niet opnieuw: controleer eerst de status.",
    price_changed: "De prijs van deze boeking is gewijzigd. Controleer het nieuwe bedrag en betaal opnieuw.",
};

pub(super) const TERMS: TermsTexts = TermsTexts {
    pay_deposit: "Aanbetaling van {amount} betalen",
    authorise: "{amount} autoriseren",
    save_card: "Kaart opslaan",
    balance_on: "{later} wordt afgeschreven op {date}",
    captured_on: "Afgeschreven bij aankomst, op {date}",
    fee_up_to: "Nu geen afschrijving · kosten bij niet-verschijnen of late annulering tot {amount}",
    consent_deposit: "Met de aanbetaling machtigt u de accommodatie om het resterende bedrag van {later} op {date} van deze kaart af te schrijven, zonder het u opnieuw te vragen.",
    consent_hold: "Met de autorisatie staat u de accommodatie toe om op {date}, de dag van uw aankomst, {amount} van deze kaart af te schrijven.",
    consent_guarantee: "Door uw kaart op te slaan, machtigt u de accommodatie om er tot {amount} van af te schrijven als u niet komt of na de gratis annuleringstermijn annuleert.",
    deposit_paid: "Aanbetaling ontvangen. Uw boeking is bevestigd.",
    card_saved: "Kaart opgeslagen. Uw boeking is gegarandeerd; er is niets afgeschreven.",
    terms_changed: "De betalingsvoorwaarden van deze boeking zijn gewijzigd. Lees ze opnieuw voordat u verdergaat.",
    owed: "{what} van {amount}: uw opgeslagen kaart kon niet zonder u worden belast. Betaal hier; uw bank kan om een bevestiging vragen.",
    owed_balance: "Het resterende bedrag",
    owed_no_show_fee: "De no-showkosten",
    owed_cancellation_fee: "De annuleringskosten",
    cancel_free_until: "Gratis annuleren tot {days} voor aankomst.",
    cancel_within: "Minder dan {days} vooraf: {share} wordt ingehouden.",
    cancel_never: "Niet restitueerbaar: bij annulering wordt de volledige prijs ingehouden.",
    cancel_free: "Gratis annuleren tot aankomst.",
    one_day: "1 dag",
    n_days: "{n} dagen",
    percent: "{n}%",
    decimal: ",",
    months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    date: "{day} {month} {year}",
    day_one: "1",
};
