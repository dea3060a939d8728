//! The shape of one language's table: a field per sentence, so a language
//! that lacks one does not compile.

use super::text::Text;

/// Where [`Texts::pay_amount`] puts the formatted amount (`pay_label`
/// cuts it out at its braces; the tests check every language has it once).
#[cfg(test)]
pub(super) const AMOUNT: &str = "{amount}";

/// Every sentence in one language. Fields are named after [`Text`].
pub(super) struct Texts {
    pub loading: &'static str,
    pub processing: &'static str,
    pub try_again: &'static str,
    pub check_again: &'static str,
    pub total: &'static str,
    /// The Pay button; holds `{amount}` once, the only braces in any text.
    pub pay_amount: &'static str,
    pub paid: &'static str,
    pub authorised: &'static str,
    pub payment_processing: &'static str,
    pub misconfigured: &'static str,
    pub stripe_unavailable: &'static str,
    pub script_blocked: &'static str,
    pub offline: &'static str,
    pub slow_network: &'static str,
    pub script_altered: &'static str,
    pub element_connection: &'static str,
    pub element_service: &'static str,
    pub element_refused: &'static str,
    pub generic: &'static str,
    pub sign_in_to_pay: &'static str,
    pub not_payable_here: &'static str,
    pub already_paid: &'static str,
    pub booking_cancelled: &'static str,
    pub payment_under_way: &'static str,
    pub invalid_request: &'static str,
    pub too_many_attempts: &'static str,
    pub service_unavailable: &'static str,
    pub payment_unsuccessful: &'static str,
    pub not_completed: &'static str,
    pub authentication_required: &'static str,
    pub unconfirmed: &'static str,
    pub price_changed: &'static str,
}

impl Texts {
    /// The sentence `text` names.
    pub fn get(&self, text: Text) -> &'static str {
        match text {
            Text::Loading => self.loading,
            Text::Processing => self.processing,
            Text::TryAgain => self.try_again,
            Text::CheckAgain => self.check_again,
            Text::Total => self.total,
            Text::Paid => self.paid,
            Text::Authorised => self.authorised,
            Text::PaymentProcessing => self.payment_processing,
            Text::Misconfigured => self.misconfigured,
            Text::StripeUnavailable => self.stripe_unavailable,
            Text::ScriptBlocked => self.script_blocked,
            Text::Offline => self.offline,
            Text::SlowNetwork => self.slow_network,
            Text::ScriptAltered => self.script_altered,
            Text::ElementConnection => self.element_connection,
            Text::ElementService => self.element_service,
            Text::ElementRefused => self.element_refused,
            Text::Generic => self.generic,
            Text::SignInToPay => self.sign_in_to_pay,
            Text::NotPayableHere => self.not_payable_here,
            Text::AlreadyPaid => self.already_paid,
            Text::BookingCancelled => self.booking_cancelled,
            Text::PaymentUnderWay => self.payment_under_way,
            Text::InvalidRequest => self.invalid_request,
            Text::TooManyAttempts => self.too_many_attempts,
            Text::ServiceUnavailable => self.service_unavailable,
            Text::PaymentUnsuccessful => self.payment_unsuccessful,
            Text::NotCompleted => self.not_completed,
            Text::AuthenticationRequired => self.authentication_required,
            Text::Unconfirmed => self.unconfirmed,
            Text::PriceChanged => self.price_changed,
        }
    }

    /// Every sentence, for the tests that check them all. The pattern names
    /// each field, so a new one cannot be left out of the checks.
    #[cfg(test)]
    pub fn all(&self) -> [&'static str; 32] {
        let Texts {
            loading,
            processing,
            try_again,
            check_again,
            total,
            pay_amount,
            paid,
            authorised,
            payment_processing,
            misconfigured,
            stripe_unavailable,
            script_blocked,
            offline,
            slow_network,
            script_altered,
            element_connection,
            element_service,
            element_refused,
            generic,
            sign_in_to_pay,
            not_payable_here,
            already_paid,
            booking_cancelled,
            payment_under_way,
            invalid_request,
            too_many_attempts,
            service_unavailable,
            payment_unsuccessful,
            not_completed,
            authentication_required,
            unconfirmed,
            price_changed,
        } = *self;
        [
            loading,
            processing,
            try_again,
            check_again,
            total,
            pay_amount,
            paid,
            authorised,
            payment_processing,
            misconfigured,
            stripe_unavailable,
            script_blocked,
            offline,
            slow_network,
            script_altered,
            element_connection,
            element_service,
            element_refused,
            generic,
            sign_in_to_pay,
            not_payable_here,
            already_paid,
            booking_cancelled,
            payment_under_way,
            invalid_request,
            too_many_attempts,
            service_unavailable,
            payment_unsuccessful,
            not_completed,
            authentication_required,
            unconfirmed,
            price_changed,
        ]
    }
}
