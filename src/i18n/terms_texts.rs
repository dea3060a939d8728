//! The shape of one language's payment-policy sentences: a field per
//! sentence, so a language that lacks one does not compile. A leaf: the
//! language files fill it and `terms` reads it.

/// One language's sentences for the payment policies.
pub(super) struct TermsTexts {
    /// The Pay label of a deposit: `{amount}` is what is charged now.
    pub pay_deposit: &'static str,
    /// The Pay label of a hold: `{amount}` is authorised, not charged.
    pub authorise: &'static str,
    /// The Pay label of a guarantee: nothing is charged.
    pub save_card: &'static str,
    /// Under a deposit: `{later}` charged on `{date}`.
    pub balance_on: &'static str,
    /// Under a hold: captured on the arrival day `{date}`.
    pub captured_on: &'static str,
    /// Under a guarantee: nothing now, a fee up to `{amount}`.
    pub fee_up_to: &'static str,
    /// Consent to the balance `{later}` charged on `{date}`.
    pub consent_deposit: &'static str,
    /// Consent to the hold of `{amount}` captured on `{date}`.
    pub consent_hold: &'static str,
    /// Consent to a no-show or late-cancellation fee up to `{amount}`.
    pub consent_guarantee: &'static str,
    /// A deposit paid: the booking is confirmed.
    pub deposit_paid: &'static str,
    /// A card saved as a guarantee: nothing was charged.
    pub card_saved: &'static str,
    /// The terms on screen were no longer the booking's when the guest
    /// agreed: nothing was confirmed, and the new terms are shown.
    pub terms_changed: &'static str,
    /// An owed charge (`{what}`, one of the three below, of `{amount}`)
    /// the saved card could not pay without the guest: paid here.
    pub owed: &'static str,
    /// An owed deposit's balance, as the subject of [`Self::owed`].
    pub owed_balance: &'static str,
    /// An owed no-show fee, as the subject of [`Self::owed`].
    pub owed_no_show_fee: &'static str,
    /// An owed cancellation fee, as the subject of [`Self::owed`].
    pub owed_cancellation_fee: &'static str,
    /// A cancellation free until `{days}` before arrival.
    pub cancel_free_until: &'static str,
    /// Cancelling less than `{days}` before arrival keeps `{share}`.
    pub cancel_within: &'static str,
    /// A booking whose cancellation keeps the whole price.
    pub cancel_never: &'static str,
    /// A booking free to cancel until arrival.
    pub cancel_free: &'static str,
    /// One day, as [`Self::cancel_free_until`] and [`Self::cancel_within`] say it.
    pub one_day: &'static str,
    /// `{n}` days, as they say it.
    pub n_days: &'static str,
    /// `{n}` per cent ("50%", "50 %").
    pub percent: &'static str,
    /// The decimal separator of a percentage.
    pub decimal: &'static str,
    /// The months, January first.
    pub months: [&'static str; 12],
    /// A date: `{day}`, `{month}` and `{year}` in the language's order.
    pub date: &'static str,
    /// How the first day of a month is written ("1er" in French).
    pub day_one: &'static str,
}
