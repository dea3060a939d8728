//! Create-intent and payment history.

use crate::cancellation::CancellationTerms;
use crate::money::{Currency, Money, MoneyError};
use crate::policy::PaymentTerms;
use crate::secret::ClientSecret;
use serde::{Deserialize, Serialize};

/// `POST /api/payments/create-intent` body: the booking only, never an amount.
///
/// Unknown fields (an `amount`, a key) are ignored by design: the server
/// prices the booking itself, so nothing a client adds can change the charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateIntentRequest {
    /// The booking to pay for.
    pub booking_id: String,
}

/// 200 answer of create-intent: `{client_secret, amount, currency, terms}`
/// on the wire, which integrators' own backends implement.
///
/// `amount` and `currency` are the booking's price. `terms` says how it is
/// paid ([`PaymentTerms`]); a backend that leaves it out takes the whole
/// price now, as before terms existed. The answer is read only when it
/// holds together: terms that add up ([`PaymentTerms::check`]), for this
/// price, and a secret of the kind the terms need (a SetupIntent's for a
/// guarantee, which charges nothing; a PaymentIntent's otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CreateIntentWire", into = "CreateIntentWire")]
pub struct CreateIntentResponse {
    /// Secret the component hands to Stripe.js; held in memory only.
    pub client_secret: ClientSecret,
    /// The booking's price, as priced by the server.
    pub price: Money,
    /// How the price is paid: what is charged, held or saved for now and later.
    pub terms: PaymentTerms,
    /// What a cancellation keeps, shown beside the consent; its version
    /// goes with the consent. `None` from a backend that has no policy.
    pub cancellation: Option<CancellationTerms>,
}

/// Why a create-intent answer was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadAnswer {
    /// The price is not chargeable money.
    Money(MoneyError),
    /// The terms do not add up, are for another price, or need another
    /// kind of secret.
    Terms,
}

impl std::fmt::Display for BadAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Money(e) => e.fmt(f),
            Self::Terms => f.write_str("the payment terms do not match the price or the secret"),
        }
    }
}

/// [`CreateIntentResponse`] as it crosses the wire: the price's fields
/// beside the secret and the terms.
#[derive(Clone, Serialize, Deserialize)]
struct CreateIntentWire {
    client_secret: ClientSecret,
    amount: i64,
    currency: Currency,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    terms: Option<PaymentTerms>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cancellation: Option<CancellationTerms>,
}

impl CreateIntentResponse {
    /// The answer, if it holds together: `terms` (the whole `price` now
    /// when absent) add up, are for `price`, and need the kind of intent
    /// `client_secret` is for. Every reader of the wire goes through here.
    pub fn new(client_secret: ClientSecret, price: Money, terms: Option<PaymentTerms>) -> Result<Self, BadAnswer> {
        let terms = terms.unwrap_or(PaymentTerms::PayNow { total: price });
        let holds = terms.check().is_ok()
            && terms.total() == price
            && client_secret.is_setup() == matches!(terms, PaymentTerms::Guarantee { .. });
        if !holds {
            return Err(BadAnswer::Terms);
        }
        Ok(Self { client_secret, price, terms, cancellation: None })
    }

    /// The answer with the booking's cancellation policy, shown to the
    /// guest as it is: the server settles a cancellation by its own copy,
    /// and the wire reader below checks it holds together
    /// ([`crate::CancellationPolicy::check`]); the browser, which only
    /// shows it, leaves the check and its sort out of the wasm.
    pub fn with_cancellation(self, cancellation: Option<CancellationTerms>) -> Self {
        Self { cancellation, ..self }
    }
}

impl TryFrom<CreateIntentWire> for CreateIntentResponse {
    type Error = BadAnswer;
    fn try_from(wire: CreateIntentWire) -> Result<Self, Self::Error> {
        let price = Money::new(wire.amount, wire.currency).map_err(BadAnswer::Money)?;
        if let Some(c) = &wire.cancellation {
            c.policy.check(price).map_err(|_| BadAnswer::Terms)?;
        }
        Ok(Self::new(wire.client_secret, price, wire.terms)?.with_cancellation(wire.cancellation))
    }
}

impl From<CreateIntentResponse> for CreateIntentWire {
    fn from(r: CreateIntentResponse) -> Self {
        Self {
            client_secret: r.client_secret,
            amount: r.price.amount,
            currency: r.price.currency,
            terms: Some(r.terms),
            cancellation: r.cancellation,
        }
    }
}

/// One row of the caller's payment history: minimal fields only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRecord {
    /// The booking paid for.
    pub booking_id: String,
    /// Stripe's PaymentIntent id (not secret).
    pub payment_intent_id: String,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: Currency,
    /// Last known PaymentIntent status (`succeeded`, `processing`, …).
    pub status: String,
    /// Unix seconds when the intent was created (a refund: made; a
    /// dispute: first reported).
    pub created_at: i64,
    /// What moved; absent from older servers' answers, which listed
    /// charges only. For a `refund` or a `dispute`, `amount` and `status`
    /// are the refund's or the dispute's, and `payment_intent_id` the
    /// payment it concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub movement: Option<Movement>,
}

/// A movement of money in the payment history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    /// A payment (the price, a deposit, a balance, a fee), in any state.
    Charge,
    /// The price held on the card, not captured yet.
    Authorisation,
    /// A hold captured (all of it or part: `amount` is what was taken).
    Capture,
    /// A hold released (or expired) without capture.
    Release,
    /// Money returned to the card.
    Refund,
    /// A chargeback the card holder opened.
    Dispute,
}

/// `GET /api/payments/history` page: every movement of the caller's own
/// bookings, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    /// Newest first.
    pub items: Vec<PaymentRecord>,
    /// Pass as `?after=` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_intent_request_serialises_to_the_booking_id_only() {
        let json = serde_json::to_string(&CreateIntentRequest { booking_id: "bk_1".into() }).unwrap();
        assert_eq!(json, r#"{"booking_id":"bk_1"}"#);
    }

    #[test]
    fn a_create_intent_answer_with_a_malformed_client_secret_is_refused() {
        let ok = r#"{"client_secret":"pi_1_secret_a","amount":12500,"currency":"eur"}"#;
        assert_eq!(serde_json::from_str::<CreateIntentResponse>(ok).unwrap().client_secret.intent_id(), "pi_1");
        let bad = r#"{"client_secret":"pi_1_secret_a\"><script>","amount":12500,"currency":"eur"}"#;
        assert!(serde_json::from_str::<CreateIntentResponse>(bad).is_err());
    }

    #[test]
    fn a_create_intent_answer_keeps_its_wire_shape_and_carries_money() {
        let json = r#"{"client_secret":"pi_1_secret_a","amount":12500,"currency":"eur"}"#;
        let r: CreateIntentResponse = serde_json::from_str(json).unwrap();
        let price = Money::new(12_500, Currency::parse("eur").unwrap()).unwrap();
        assert_eq!(r.price, price);
        assert_eq!(r.terms, PaymentTerms::PayNow { total: price }, "no terms: the whole price now");
        let written = serde_json::to_string(&r).unwrap();
        assert_eq!(
            written,
            r#"{"client_secret":"pi_1_secret_a","amount":12500,"currency":"eur","terms":{"policy":"pay_now","total":{"amount":12500,"currency":"eur"}}}"#,
            "integrators' backends answer this shape"
        );
        assert_eq!(serde_json::from_str::<CreateIntentResponse>(&written).unwrap(), r);
        for bad in [
            r#"{"client_secret":"pi_1_secret_a","amount":0,"currency":"eur"}"#,
            r#"{"client_secret":"pi_1_secret_a","amount":-5,"currency":"eur"}"#,
            r#"{"client_secret":"pi_1_secret_a","amount":12500}"#,
        ] {
            assert!(serde_json::from_str::<CreateIntentResponse>(bad).is_err(), "{bad}");
        }
    }

    fn answer(secret: &str, terms: &str) -> Result<CreateIntentResponse, serde_json::Error> {
        serde_json::from_str(&format!(
            r#"{{"client_secret":"{secret}","amount":12500,"currency":"eur","terms":{terms}}}"#
        ))
    }

    const DEPOSIT: &str = r#"{"policy":"deposit","total":{"amount":12500,"currency":"eur"},"now":{"amount":3125,"currency":"eur"},"balance":{"amount":9375,"currency":"eur"},"balance_due":"2027-03-12"}"#;
    const GUARANTEE: &str =
        r#"{"policy":"guarantee","total":{"amount":12500,"currency":"eur"},"up_to":{"amount":3900,"currency":"eur"}}"#;

    #[test]
    fn terms_are_read_with_the_secret_they_need() {
        let deposit = answer("pi_1_secret_a", DEPOSIT).unwrap();
        assert!(matches!(deposit.terms, PaymentTerms::Deposit { .. }));
        let guarantee = answer("seti_1_secret_a", GUARANTEE).unwrap();
        assert!(guarantee.client_secret.is_setup());
    }

    /// A guarantee confirmed as a payment would charge a guest who agreed
    /// to no charge; a payment confirmed as a setup would save a card and
    /// leave the booking unpaid. Either answer is refused whole.
    #[test]
    fn terms_with_the_wrong_kind_of_secret_are_refused() {
        assert!(answer("pi_1_secret_a", GUARANTEE).is_err());
        assert!(answer("seti_1_secret_a", DEPOSIT).is_err());
        assert!(serde_json::from_str::<CreateIntentResponse>(
            r#"{"client_secret":"seti_1_secret_a","amount":12500,"currency":"eur"}"#
        )
        .is_err());
    }

    #[test]
    fn terms_for_another_price_or_that_do_not_add_up_are_refused() {
        let other_total = DEPOSIT.replacen("12500", "12400", 1);
        assert!(answer("pi_1_secret_a", &other_total).is_err());
        let short = DEPOSIT.replace("9375", "9300");
        assert!(answer("pi_1_secret_a", &short).is_err());
        let usd = GUARANTEE.replace(r#"3900,"currency":"eur""#, r#"3900,"currency":"usd""#);
        assert!(answer("seti_1_secret_a", &usd).is_err());
    }

    #[test]
    fn an_amount_sent_by_a_client_is_not_part_of_the_request() {
        let r: CreateIntentRequest = serde_json::from_str(r#"{"booking_id":"bk_1","amount":1}"#).unwrap();
        assert_eq!(r, CreateIntentRequest { booking_id: "bk_1".into() });
    }
}
