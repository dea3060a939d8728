//! What Stripe is asked to create at checkout for each [`PaymentTerms`]:
//! a PaymentIntent (its amount, whether it is captured now or held, and
//! whether the card is saved for a charge without the guest) or a
//! SetupIntent. A pure decision; create-intent carries it out.
//!
//! Names and values are Stripe's (API reference, "Create a PaymentIntent"
//! and "Create a SetupIntent"): `capture_method=manual` authorises now and
//! captures later; `setup_future_usage=off_session` and `usage=off_session`
//! save the card, on a Customer, for charges made without the guest.

use booking_contract::{Money, OwedCharge, PaymentTerms};

/// What a booking's payment is for. A booking has at most one open intent
/// of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentKind {
    /// The whole price, now.
    Full,
    /// The share paid now of a deposit.
    Deposit,
    /// The whole price authorised now, captured on arrival.
    Hold,
    /// The card saved as a guarantee; nothing charged.
    Guarantee,
    /// A deposit's balance, charged to the saved card without the guest.
    Balance,
    /// A guarantee's no-show fee, charged to the saved card by staff.
    NoShow,
    /// What a cancellation keeps of a guarantee, charged to the saved card.
    CancelFee,
}

impl PaymentKind {
    /// Every kind.
    pub const ALL: [PaymentKind; 7] =
        [Self::Full, Self::Deposit, Self::Hold, Self::Guarantee, Self::Balance, Self::NoShow, Self::CancelFee];

    /// The kind stored as `name`, if it is one.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The name stored with the payment and sent in Stripe's metadata.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Deposit => "deposit",
            Self::Hold => "hold",
            Self::Guarantee => "guarantee",
            Self::Balance => "balance",
            Self::NoShow => "no_show",
            Self::CancelFee => "cancel_fee",
        }
    }

    /// Whether the server charges this kind to a saved card without the
    /// guest (`off_session`), rather than the guest at checkout.
    pub fn off_session(self) -> bool {
        self.owed().is_some()
    }

    /// What a charge of this kind is for, told to a guest who owes it
    /// (only the kinds charged without the guest).
    pub fn owed(self) -> Option<OwedCharge> {
        match self {
            Self::Balance => Some(OwedCharge::Balance),
            Self::NoShow => Some(OwedCharge::NoShowFee),
            Self::CancelFee => Some(OwedCharge::CancellationFee),
            Self::Full | Self::Deposit | Self::Hold | Self::Guarantee => None,
        }
    }
}

/// The intent to create at checkout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckoutIntent {
    /// `POST /v1/payment_intents`.
    Payment {
        /// What the payment is for.
        kind: PaymentKind,
        /// The amount confirmed at checkout (charged, or held).
        amount: Money,
        /// Authorised now, captured later (`capture_method=manual`).
        held: bool,
        /// The card is saved for a charge without the guest
        /// (`setup_future_usage=off_session`).
        save_card: bool,
    },
    /// `POST /v1/setup_intents` with `usage=off_session`: the card saved,
    /// nothing charged.
    Setup {
        /// What the card is saved for.
        kind: PaymentKind,
    },
}

impl CheckoutIntent {
    /// The intent `terms` need at checkout.
    pub fn for_terms(terms: &PaymentTerms) -> Self {
        match *terms {
            PaymentTerms::PayNow { total } => {
                Self::Payment { kind: PaymentKind::Full, amount: total, held: false, save_card: false }
            }
            PaymentTerms::Deposit { now, .. } => {
                Self::Payment { kind: PaymentKind::Deposit, amount: now, held: false, save_card: true }
            }
            PaymentTerms::Hold { total, .. } => {
                Self::Payment { kind: PaymentKind::Hold, amount: total, held: true, save_card: false }
            }
            PaymentTerms::Guarantee { .. } => Self::Setup { kind: PaymentKind::Guarantee },
            // The intent exists (the server made it without the guest):
            // create-intent hands it out, it never creates one of these.
            PaymentTerms::Owed { total, charge } => {
                let kind = match charge {
                    OwedCharge::Balance => PaymentKind::Balance,
                    OwedCharge::NoShowFee => PaymentKind::NoShow,
                    OwedCharge::CancellationFee => PaymentKind::CancelFee,
                };
                Self::Payment { kind, amount: total, held: false, save_card: false }
            }
        }
    }

    /// What the payment is for.
    pub fn kind(&self) -> PaymentKind {
        match *self {
            Self::Payment { kind, .. } | Self::Setup { kind } => kind,
        }
    }

    /// Whether the intent needs a Stripe Customer: a card saved for later
    /// is attached to one.
    pub fn needs_customer(&self) -> bool {
        matches!(self, Self::Payment { save_card: true, .. } | Self::Setup { .. })
    }

    /// The create request's parameters, besides `customer` and the
    /// booking's metadata.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match *self {
            Self::Payment { amount, held, save_card, .. } => {
                let mut params =
                    vec![("amount", amount.amount.to_string()), ("currency", amount.currency.as_str().to_owned())];
                if held {
                    params.push(("capture_method", "manual".to_owned()));
                }
                if save_card {
                    params.push(("setup_future_usage", "off_session".to_owned()));
                }
                params
            }
            Self::Setup { .. } => vec![("usage", "off_session".to_owned())],
        }
    }

    /// The whole create request for `booking_id`: [`Self::params`], the
    /// booking's Customer when the card is saved, and metadata naming the
    /// booking and the kind (for people reading Stripe's dashboard; the
    /// webhook finds the booking through the payments table).
    pub fn form(&self, booking_id: &str, customer: Option<&str>) -> Vec<(&'static str, String)> {
        let mut form = self.params();
        if let (true, Some(customer)) = (self.needs_customer(), customer) {
            form.push(("customer", customer.to_owned()));
        }
        form.push(("metadata[booking_id]", booking_id.to_owned()));
        form.push(("metadata[kind]", self.kind().as_str().to_owned()));
        form
    }

    /// The amount a PaymentIntent is created with; `None` for a SetupIntent.
    pub fn amount(&self) -> Option<Money> {
        match *self {
            Self::Payment { amount, .. } => Some(amount),
            Self::Setup { .. } => None,
        }
    }

    /// Whether an existing object of `kind`, for `amount` (minor units and
    /// currency; `None` for a SetupIntent), is the one this plan creates,
    /// so it may be handed out again.
    pub fn matches(&self, kind: PaymentKind, amount: Option<(i64, &str)>) -> bool {
        let wanted = self.amount().map(|m| (m.amount, m.currency.as_str().to_owned()));
        kind == self.kind() && wanted.as_ref().map(|(a, c)| (*a, c.as_str())) == amount
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use booking_contract::{Currency, Date};

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("eur").unwrap()).unwrap()
    }

    fn plan(terms: PaymentTerms) -> (CheckoutIntent, Vec<(&'static str, String)>) {
        let intent = CheckoutIntent::for_terms(&terms);
        (intent, intent.params())
    }

    fn p(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
    }

    #[test]
    fn kinds_round_trip_through_their_stored_names() {
        for kind in PaymentKind::ALL {
            assert_eq!(PaymentKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(PaymentKind::parse("refund"), None);
    }

    /// The kinds charged without the guest are exactly the ones a guest
    /// can owe, and owed terms name the kind of the intent they are for.
    #[test]
    fn each_off_session_kind_is_an_owed_charge_and_back() {
        let eur = Money::new(7_200, booking_contract::Currency::parse("eur").unwrap()).unwrap();
        for kind in PaymentKind::ALL {
            assert_eq!(kind.off_session(), kind.owed().is_some(), "{kind:?}");
            if let Some(charge) = kind.owed() {
                let plan = CheckoutIntent::for_terms(&PaymentTerms::Owed { total: eur, charge });
                assert_eq!((plan.kind(), plan.needs_customer()), (kind, false));
            }
        }
    }

    #[test]
    fn the_create_form_adds_the_customer_only_when_the_card_is_saved_and_names_booking_and_kind() {
        let deposit = CheckoutIntent::for_terms(&PaymentTerms::Deposit {
            total: eur(12_500),
            now: eur(3_125),
            balance: eur(9_375),
            balance_due: Date::from_ymd(2027, 3, 12).unwrap(),
        });
        let form = deposit.form("bk_1", Some("cus_1"));
        assert!(form.contains(&("customer", "cus_1".into())));
        assert!(form.contains(&("metadata[booking_id]", "bk_1".into())));
        assert!(form.contains(&("metadata[kind]", "deposit".into())));
        let full = CheckoutIntent::for_terms(&PaymentTerms::PayNow { total: eur(12_500) });
        assert!(!full.form("bk_1", Some("cus_1")).iter().any(|(k, _)| *k == "customer"));
        let setup = CheckoutIntent::for_terms(&PaymentTerms::Guarantee { total: eur(12_500), up_to: eur(3_900) });
        assert_eq!(
            setup.form("bk_1", Some("cus_1")),
            p(&[
                ("usage", "off_session"),
                ("customer", "cus_1"),
                ("metadata[booking_id]", "bk_1"),
                ("metadata[kind]", "guarantee")
            ])
        );
    }

    #[test]
    fn an_object_matches_a_plan_of_its_kind_and_amount() {
        let full = CheckoutIntent::for_terms(&PaymentTerms::PayNow { total: eur(12_500) });
        assert!(full.matches(PaymentKind::Full, Some((12_500, "eur"))));
        assert!(!full.matches(PaymentKind::Full, Some((12_400, "eur"))));
        assert!(!full.matches(PaymentKind::Full, Some((12_500, "usd"))));
        assert!(!full.matches(PaymentKind::Hold, Some((12_500, "eur"))));
        let setup = CheckoutIntent::for_terms(&PaymentTerms::Guarantee { total: eur(12_500), up_to: eur(3_900) });
        assert!(setup.matches(PaymentKind::Guarantee, None), "a saved card has no amount to differ");
    }

    #[test]
    fn paying_in_full_is_todays_payment() {
        let (intent, params) = plan(PaymentTerms::PayNow { total: eur(12_500) });
        assert_eq!(params, p(&[("amount", "12500"), ("currency", "eur")]));
        assert_eq!((intent.kind(), intent.needs_customer()), (PaymentKind::Full, false));
    }

    #[test]
    fn a_deposit_charges_its_share_and_saves_the_card_for_the_balance() {
        let due = Date::from_ymd(2027, 3, 12).unwrap();
        let deposit =
            PaymentTerms::Deposit { total: eur(12_500), now: eur(3_125), balance: eur(9_375), balance_due: due };
        let (intent, params) = plan(deposit);
        assert_eq!(params, p(&[("amount", "3125"), ("currency", "eur"), ("setup_future_usage", "off_session")]));
        assert_eq!((intent.kind(), intent.needs_customer()), (PaymentKind::Deposit, true));
    }

    #[test]
    fn a_hold_authorises_the_whole_price_and_captures_later() {
        let arrival = Date::from_ymd(2027, 3, 12).unwrap();
        let (intent, params) = plan(PaymentTerms::Hold { total: eur(12_500), capture_on: arrival });
        assert_eq!(params, p(&[("amount", "12500"), ("currency", "eur"), ("capture_method", "manual")]));
        assert_eq!((intent.kind(), intent.needs_customer()), (PaymentKind::Hold, false));
    }

    #[test]
    fn a_guarantee_charges_nothing_and_saves_the_card() {
        let (intent, params) = plan(PaymentTerms::Guarantee { total: eur(12_500), up_to: eur(3_900) });
        assert_eq!(params, p(&[("usage", "off_session")]));
        assert!(!params.iter().any(|(k, _)| *k == "amount"), "no amount moves");
        assert_eq!((intent.kind(), intent.needs_customer()), (PaymentKind::Guarantee, true));
    }
}
