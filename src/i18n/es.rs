//! Spanish (formal "usted").

use super::terms_texts::TermsTexts;
use super::texts::Texts;

pub(super) const TEXTS: Texts = Texts {
    loading: "Cargando el formulario de pago seguro…",
    processing: "Procesando…",
    try_again: "Reintentar",
    check_again: "Comprobar de nuevo",
    total: "Total",
    pay_amount: "Pagar {amount}",
    paid: "Pago recibido. Su reserva está confirmada.",
    authorised: "Pago autorizado. Su reserva está confirmada.",
    payment_processing: "Su pago se está procesando. Confirmaremos su reserva en breve.",
    misconfigured: "Este pago no está configurado correctamente. Póngase en contacto con el sitio.",
    stripe_unavailable: "No se ha podido cargar el formulario de pago. Compruebe su conexión o permita \
                         js.stripe.com y vuelva a intentarlo.",
    script_blocked: "No se ha podido cargar el formulario de pago: su navegador o su red lo ha bloqueado. Si usa un \
                     bloqueador de anuncios o de contenido, permita js.stripe.com y vuelva a intentarlo.",
    offline: "No se ha podido cargar el formulario de pago porque no tiene conexión. Se cargará en cuanto vuelva a \
              estar en línea.",
    slow_network: "No se ha podido cargar el formulario de pago a tiempo: su conexión parece lenta. Vuelva a \
                   intentarlo.",
    script_altered: "No se ha podido cargar correctamente el formulario de pago: algo en su red o en su navegador lo \
                     ha modificado. Vuelva a intentarlo o use otra red.",
    element_connection: "No se ha podido cargar el formulario de pago: se ha perdido la conexión con Stripe. \
                         Compruebe su conexión y vuelva a intentarlo.",
    element_service: "No se ha podido cargar el formulario de pago: el servicio de pago ha tenido un problema. \
                      Vuelva a intentarlo en un momento.",
    element_refused: "No se ha podido cargar el formulario de pago para esta reserva. Vuelva a intentarlo; si el \
                      problema continúa, póngase en contacto con el sitio.",
    generic: "Se ha producido un error. Vuelva a intentarlo.",
    sign_in_to_pay: "Inicie sesión para pagar esta reserva.",
    not_payable_here: "Esta reserva no se puede pagar aquí.",
    already_paid: "Esta reserva ya está completada.",
    booking_cancelled: "Esta reserva ha sido cancelada.",
    booking_refunded: "Esta reserva ha sido reembolsada; no hay nada que pagar aquí.",
    booking_disputed:
        "El pago de esta reserva está en disputa con su banco; mientras tanto no se puede pagar nada aquí.",
    payment_under_way: "Ya hay un pago en curso para esta reserva. Vuelva a intentarlo en un momento.",
    invalid_request: "Esta solicitud de pago no es válida. Vuelva a cargar la página.",
    too_many_attempts: "Demasiados intentos. Espere un momento y vuelva a intentarlo.",
    service_unavailable: "El servicio de pago no responde. Vuelva a intentarlo.",
    payment_unsuccessful: "El pago no se ha podido realizar. Vuelva a intentarlo o use otro método de pago.",
    not_completed: "El pago no se ha completado. Vuelva a intentarlo.",
    authentication_required: "Su banco necesita que confirme este pago. Vuelva a intentarlo.",
    unconfirmed: "No hemos podido confirmar si su pago se ha realizado. No vuelva a pagar: compruebe primero su \
                  estado.",
    price_changed: "El precio de esta reserva ha cambiado. Compruebe el nuevo importe y vuelva a pagar.",
};

pub(super) const TERMS: TermsTexts = TermsTexts {
    pay_deposit: "Pagar depósito de {amount}",
    authorise: "Autorizar {amount}",
    save_card: "Guardar tarjeta",
    balance_on: "{later} se cobrarán el {date}",
    captured_on: "Se cobra a la llegada, el {date}",
    fee_up_to: "Sin cargo ahora · cargo por no presentarse o cancelar tarde de hasta {amount}",
    consent_deposit: "Al pagar el depósito, autoriza al establecimiento a cobrar el saldo de {later} en esta tarjeta el {date}, sin volver a pedírselo.",
    consent_hold: "Al autorizar, permite al establecimiento cobrar {amount} en esta tarjeta el {date}, el día de su llegada.",
    consent_guarantee: "Al guardar su tarjeta, autoriza al establecimiento a cobrarle hasta {amount} si no se presenta o cancela después del plazo de cancelación gratuita.",
    deposit_paid: "Depósito recibido. Su reserva está confirmada.",
    card_saved: "Tarjeta guardada. Su reserva está garantizada; no se ha cobrado nada.",
    terms_changed: "Las condiciones de pago de esta reserva han cambiado. Vuelva a leerlas antes de continuar.",
    owed: "{what} de {amount}: no se pudo cobrar en su tarjeta guardada sin usted. Pague aquí; su banco puede pedirle una confirmación.",
    owed_balance: "El saldo",
    owed_no_show_fee: "El cargo por no presentarse",
    owed_cancellation_fee: "El cargo por cancelación",
    cancel_free_until: "Cancelación gratuita hasta {days} antes de la llegada.",
    cancel_within: "Con menos de {days} de antelación: se retiene {share}.",
    cancel_never: "No reembolsable: una cancelación retiene el precio completo.",
    cancel_free: "Cancelación gratuita hasta la llegada.",
    one_day: "1 día",
    n_days: "{n} días",
    percent: "{n}\u{a0}%",
    decimal: ",",
    months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    date: "{day} de {month} de {year}",
    day_one: "1",
};
