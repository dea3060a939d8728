//! French. A no-break space (U+00A0) goes before `:` and `;`, as French
//! typography wants, so the sign never starts a line.

use super::terms_texts::TermsTexts;
use super::texts::Texts;

pub(super) const TEXTS: Texts = Texts {
    loading: "Chargement du formulaire de paiement sécurisé…",
    processing: "Traitement…",
    try_again: "Réessayer",
    check_again: "Vérifier à nouveau",
    total: "Total",
    pay_amount: "Payer {amount}",
    paid: "Paiement reçu. Votre réservation est confirmée.",
    authorised: "Paiement autorisé. Votre réservation est confirmée.",
    payment_processing: "Votre paiement est en cours de traitement. Nous confirmerons votre réservation sous peu.",
    misconfigured: "Ce paiement n'est pas configuré correctement. Veuillez contacter le site.",
    stripe_unavailable: "Le formulaire de paiement n'a pas pu être chargé. Vérifiez votre connexion ou autorisez \
                         js.stripe.com, puis réessayez.",
    script_blocked: "Le formulaire de paiement n'a pas pu être chargé\u{a0}: votre navigateur ou votre réseau l'a \
                     bloqué. Si vous utilisez un bloqueur de publicités ou de contenu, autorisez js.stripe.com, puis \
                     réessayez.",
    offline: "Le formulaire de paiement n'a pas pu être chargé, car vous êtes hors ligne. Il se chargera dès que vous \
              serez de nouveau en ligne.",
    slow_network: "Le formulaire de paiement n'a pas pu être chargé à temps\u{a0}: votre connexion semble lente. \
                   Veuillez réessayer.",
    script_altered: "Le formulaire de paiement n'a pas pu être chargé correctement\u{a0}: un élément de votre réseau \
                     ou de votre navigateur l'a modifié. Veuillez réessayer ou utiliser un autre réseau.",
    element_connection: "Le formulaire de paiement n'a pas pu être chargé\u{a0}: la connexion à Stripe a été \
                         interrompue. Vérifiez votre connexion, puis réessayez.",
    element_service: "Le formulaire de paiement n'a pas pu être chargé\u{a0}: le service de paiement a rencontré un \
                      problème. Veuillez réessayer dans un instant.",
    element_refused: "Le formulaire de paiement n'a pas pu être chargé pour cette réservation. Veuillez \
                      réessayer\u{a0}; si le problème persiste, contactez le site.",
    generic: "Une erreur s'est produite. Veuillez réessayer.",
    sign_in_to_pay: "Veuillez vous connecter pour payer cette réservation.",
    not_payable_here: "Cette réservation ne peut pas être payée ici.",
    already_paid: "Cette réservation est déjà finalisée.",
    booking_cancelled: "Cette réservation a été annulée.",
    booking_refunded: "Cette réservation a été remboursée\u{a0}; il n'y a rien à payer ici.",
    booking_disputed: "Le paiement de cette réservation est contesté auprès de votre banque\u{a0}; rien ne peut être payé ici en attendant.",
    payment_under_way: "Un paiement pour cette réservation est déjà en cours. Réessayez dans un instant.",
    invalid_request: "Cette demande de paiement n'est pas valide. Veuillez recharger la page.",
    too_many_attempts: "Trop de tentatives. Patientez un instant, puis réessayez.",
    service_unavailable: "Le service de paiement ne répond pas. Veuillez réessayer.",
    payment_unsuccessful: "Votre paiement n'a pas abouti. Veuillez réessayer ou utiliser un autre moyen de paiement.",
    not_completed: "Le paiement n'a pas été finalisé. Veuillez réessayer.",
    authentication_required: "Votre banque doit confirmer ce paiement. Veuillez réessayer.",
    unconfirmed: "Nous n'avons pas pu confirmer si votre paiement a abouti. Ne payez pas une seconde fois\u{a0}: \
                  vérifiez d'abord son statut.",
    price_changed: "Le prix de cette réservation a changé. Vérifiez le nouveau montant, puis payez à nouveau.",
};

pub(super) const TERMS: TermsTexts = TermsTexts {
    pay_deposit: "Payer l'acompte de {amount}",
    authorise: "Autoriser {amount}",
    save_card: "Enregistrer la carte",
    balance_on: "{later} débités le {date}",
    captured_on: "Débité à l'arrivée, le {date}",
    fee_up_to: "Aucun débit maintenant · frais de non-présentation ou d'annulation tardive jusqu'à {amount}",
    consent_deposit: "En payant l'acompte, vous autorisez l'établissement à débiter le solde de {later} sur cette carte le {date}, sans vous le redemander.",
    consent_hold: "En autorisant ce montant, vous permettez à l'établissement de débiter {amount} sur cette carte le {date}, jour de votre arrivée.",
    consent_guarantee: "En enregistrant votre carte, vous autorisez l'établissement à la débiter jusqu'à {amount} si vous ne vous présentez pas ou si vous annulez après le délai d'annulation gratuite.",
    deposit_paid: "Acompte reçu. Votre réservation est confirmée.",
    card_saved: "Carte enregistrée. Votre réservation est garantie\u{a0}; rien n'a été débité.",
    terms_changed: "Les conditions de paiement de cette réservation ont changé. Relisez-les avant de continuer.",
    owed: "{what} de {amount}\u{a0}: votre carte enregistrée n'a pas pu être débitée sans vous. Payez ici\u{a0}; votre banque peut vous demander une confirmation.",
    owed_balance: "Le solde",
    owed_no_show_fee: "Les frais de non-présentation",
    owed_cancellation_fee: "Les frais d'annulation",
    cancel_free_until: "Annulation gratuite jusqu'à {days} avant l'arrivée.",
    cancel_within: "À moins de {days}\u{a0}: retenue de {share}.",
    cancel_never: "Non remboursable\u{a0}: une annulation retient la totalité du prix.",
    cancel_free: "Annulation gratuite jusqu'à l'arrivée.",
    one_day: "1 jour",
    n_days: "{n} jours",
    percent: "{n}\u{a0}%",
    decimal: ",",
    months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    date: "{day} {month} {year}",
    day_one: "1er",
};
