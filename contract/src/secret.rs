//! The client secret of a PaymentIntent or a SetupIntent, kept out of logs
//! by construction.

use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A PaymentIntent `client_secret` (`pi_…_secret_…`) or a SetupIntent one
/// (`seti_…_secret_…`: a card saved, nothing charged).
///
/// It authorises confirming one payment or one saved card, so it only ever
/// goes to the paying customer: `Debug` prints `[REDACTED]` and there is no
/// `Display`. It travels as a plain string, and only the
/// `pi_<id>_secret_<secret>` and `seti_<id>_secret_<secret>` shapes
/// deserialise: a malformed secret in a body fails where it is read.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct ClientSecret(String);

/// A string that is not a client secret. Says so without echoing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MalformedSecret;

impl fmt::Display for MalformedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a PaymentIntent or SetupIntent client secret")
    }
}

impl ClientSecret {
    /// Wraps a client secret if it has the `pi_<id>_secret_<secret>` or
    /// the `seti_<id>_secret_<secret>` shape.
    pub fn parse(raw: impl Into<String>) -> Option<Self> {
        let raw = raw.into();
        // Split at single characters rather than at `"_secret_"`: a string
        // pattern links core's two-way substring search into the wasm.
        // Alike, since neither part may hold an underscore.
        let rest = raw.strip_prefix("pi_").or_else(|| raw.strip_prefix("seti_"))?;
        let (id, tail) = rest.split_once('_')?;
        let secret = tail.strip_prefix("secret_")?;
        let alphanumeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric());
        (alphanumeric(id) && alphanumeric(secret)).then_some(Self(raw))
    }

    /// The secret itself, for the one call that needs it (Stripe.js).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The id (`pi_…` or `seti_…`) of the intent the secret belongs to;
    /// not secret.
    pub fn intent_id(&self) -> &str {
        // `pi_<id>` and `seti_<id>` end at the second underscore (see `parse`).
        self.0.match_indices('_').nth(1).map_or("", |(end, _)| &self.0[..end])
    }

    /// Whether the secret is a SetupIntent's: the checkout saves the card
    /// (`confirmSetup`) instead of paying (`confirmPayment`).
    pub fn is_setup(&self) -> bool {
        self.0.starts_with("seti_")
    }
}

impl TryFrom<String> for ClientSecret {
    type Error = MalformedSecret;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(raw).ok_or(MalformedSecret)
    }
}

impl Serialize for ClientSecret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret([REDACTED])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_contains_the_secret() {
        let s = ClientSecret::parse("pi_123abc_secret_XyZ987").unwrap();
        assert_eq!(format!("{s:?}"), "ClientSecret([REDACTED])");
        assert!(!format!("{:?}", Some(&s)).contains("XyZ987"));
    }

    #[test]
    fn intent_id_is_the_part_before_the_secret() {
        let s = ClientSecret::parse("pi_123abc_secret_XyZ987").unwrap();
        assert_eq!(s.intent_id(), "pi_123abc");
    }

    #[test]
    fn a_setup_intent_secret_is_read_and_says_so() {
        let s = ClientSecret::parse("seti_9Zq_secret_Ab1").unwrap();
        assert_eq!(s.intent_id(), "seti_9Zq");
        assert!(s.is_setup());
        assert!(!ClientSecret::parse("pi_1_secret_a").unwrap().is_setup());
    }

    #[test]
    fn a_secret_travels_as_a_plain_string() {
        let s = ClientSecret::parse("pi_123abc_secret_XyZ987").unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""pi_123abc_secret_XyZ987""#);
        assert_eq!(serde_json::from_str::<ClientSecret>(r#""pi_123abc_secret_XyZ987""#).unwrap(), s);
    }

    #[test]
    fn a_malformed_secret_does_not_deserialise_and_is_not_echoed() {
        for bad in [r#""seti_1_secret_a<b""#, r#""pi_1_secret_a<b""#, r#""""#, "12"] {
            let err = serde_json::from_str::<ClientSecret>(bad).unwrap_err().to_string();
            assert!(!err.contains("_1_") && !err.contains("a<b"), "{err}");
        }
    }

    #[test]
    fn malformed_secrets_are_refused() {
        for bad in [
            "",
            "pi_",
            "pi_1_secret_",
            "seti_1",
            "seti__secret_a",
            "si_1_secret_a",
            "pi_1",
            "pi_1_secret_a<b",
            "pi__secret_a",
        ] {
            assert!(ClientSecret::parse(bad).is_none(), "{bad:?} accepted");
        }
    }
}
