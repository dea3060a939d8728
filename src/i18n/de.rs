//! German (formal "Sie").

use super::terms_texts::TermsTexts;
use super::texts::Texts;

pub(super) const TEXTS: Texts = Texts {
    loading: "Das sichere Zahlungsformular wird geladen…",
    processing: "Wird verarbeitet…",
    try_again: "Erneut versuchen",
    check_again: "Erneut prüfen",
    total: "Gesamt",
    pay_amount: "{amount} bezahlen",
    paid: "Zahlung erhalten. Ihre Buchung ist bestätigt.",
    authorised: "Zahlung autorisiert. Ihre Buchung ist bestätigt.",
    payment_processing: "Ihre Zahlung wird bearbeitet. Wir bestätigen Ihre Buchung in Kürze.",
    misconfigured: "Dieser Bezahlvorgang ist nicht richtig eingerichtet. Bitte wenden Sie sich an die Website.",
    stripe_unavailable: "Das Zahlungsformular konnte nicht geladen werden. Prüfen Sie Ihre Verbindung oder erlauben \
                         Sie js.stripe.com und versuchen Sie es dann erneut.",
    script_blocked: "Das Zahlungsformular konnte nicht geladen werden: Ihr Browser oder Ihr Netzwerk hat es \
                     blockiert. Wenn Sie einen Werbe- oder Inhaltsblocker nutzen, erlauben Sie js.stripe.com und \
                     versuchen Sie es dann erneut.",
    offline: "Das Zahlungsformular konnte nicht geladen werden, weil Sie offline sind. Es wird geladen, sobald Sie \
              wieder online sind.",
    slow_network: "Das Zahlungsformular konnte nicht rechtzeitig geladen werden: Ihre Verbindung scheint langsam zu \
                   sein. Bitte versuchen Sie es erneut.",
    script_altered: "Das Zahlungsformular konnte nicht korrekt geladen werden: Etwas in Ihrem Netzwerk oder Browser \
                     hat es verändert. Bitte versuchen Sie es erneut oder nutzen Sie ein anderes Netzwerk.",
    element_connection: "Das Zahlungsformular konnte nicht geladen werden: Die Verbindung zu Stripe wurde \
                         unterbrochen. Prüfen Sie Ihre Verbindung und versuchen Sie es dann erneut.",
    element_service: "Das Zahlungsformular konnte nicht geladen werden: Beim Zahlungsdienst ist ein Problem \
                      aufgetreten. Bitte versuchen Sie es gleich noch einmal.",
    element_refused: "Das Zahlungsformular konnte für diese Buchung nicht geladen werden. Bitte versuchen Sie es \
                      erneut; wenn der Fehler bleibt, wenden Sie sich an die Website.",
    generic: "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
    sign_in_to_pay: "Bitte melden Sie sich an, um diese Buchung zu bezahlen.",
    not_payable_here: "Diese Buchung kann hier nicht bezahlt werden.",
    already_paid: "Diese Buchung ist bereits abgeschlossen.",
    booking_cancelled: "Diese Buchung wurde storniert.",
    booking_refunded: "Diese Buchung wurde erstattet; hier ist nichts zu bezahlen.",
    booking_disputed:
        "Die Zahlung dieser Buchung wird bei Ihrer Bank angefochten; bis dahin kann hier nichts bezahlt werden.",
    payment_under_way: "Für diese Buchung läuft bereits eine Zahlung. Bitte versuchen Sie es gleich noch einmal.",
    invalid_request: "Diese Zahlungsanfrage ist ungültig. Bitte laden Sie die Seite neu.",
    too_many_attempts: "Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.",
    service_unavailable: "Der Zahlungsdienst antwortet nicht. Bitte versuchen Sie es erneut.",
    payment_unsuccessful: "Ihre Zahlung war nicht erfolgreich. Bitte versuchen Sie es erneut oder wählen Sie eine \
                           andere Zahlungsmethode.",
    not_completed: "Die Zahlung wurde nicht abgeschlossen. Bitte versuchen Sie es erneut.",
    authentication_required: "Ihre Bank muss diese Zahlung bestätigen. Bitte versuchen Sie es erneut.",
    unconfirmed: "Wir konnten nicht bestätigen, ob Ihre Zahlung durchgegangen ist. Bitte zahlen Sie nicht erneut, \
                  sondern prüfen Sie zuerst den Status.",
    price_changed:
        "Der Preis dieser Buchung hat sich geändert. Bitte prüfen Sie den neuen Betrag und bezahlen Sie dann erneut.",
};

pub(super) const TERMS: TermsTexts = TermsTexts {
    pay_deposit: "Anzahlung {amount} bezahlen",
    authorise: "{amount} autorisieren",
    save_card: "Karte speichern",
    balance_on: "{later} werden am {date} abgebucht",
    captured_on: "Abbuchung bei Anreise am {date}",
    fee_up_to: "Jetzt keine Belastung · Gebühr bei Nichterscheinen oder später Stornierung bis zu {amount}",
    consent_deposit: "Mit der Anzahlung ermächtigen Sie die Unterkunft, den Restbetrag von {later} am {date} ohne erneute Rückfrage von dieser Karte abzubuchen.",
    consent_hold: "Mit der Autorisierung erlauben Sie der Unterkunft, am {date}, dem Tag Ihrer Anreise, {amount} von dieser Karte abzubuchen.",
    consent_guarantee: "Mit dem Speichern Ihrer Karte ermächtigen Sie die Unterkunft, sie mit bis zu {amount} zu belasten, wenn Sie nicht anreisen oder nach Ablauf der kostenlosen Stornierungsfrist stornieren.",
    deposit_paid: "Anzahlung erhalten. Ihre Buchung ist bestätigt.",
    card_saved: "Karte gespeichert. Ihre Buchung ist garantiert; es wurde nichts belastet.",
    terms_changed: "Die Zahlungsbedingungen dieser Buchung haben sich geändert. Bitte lesen Sie sie erneut, bevor Sie fortfahren.",
    owed: "{what} von {amount}: Ihre gespeicherte Karte konnte ohne Sie nicht belastet werden. Zahlen Sie hier; Ihre Bank bittet Sie eventuell um eine Bestätigung.",
    owed_balance: "Der Restbetrag",
    owed_no_show_fee: "Die No-Show-Gebühr",
    owed_cancellation_fee: "Die Stornogebühr",
    cancel_free_until: "Kostenlose Stornierung bis {days} vor Anreise.",
    cancel_within: "Weniger als {days} vorher: {share} Stornogebühr.",
    cancel_never: "Nicht erstattungsfähig: Bei Stornierung wird der volle Preis einbehalten.",
    cancel_free: "Kostenlose Stornierung bis zur Anreise.",
    one_day: "1 Tag",
    n_days: "{n} Tage",
    percent: "{n}\u{a0}%",
    decimal: ",",
    months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    date: "{day}. {month} {year}",
    day_one: "1",
};
