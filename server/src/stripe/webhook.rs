//! Stripe-Signature verification: a pure function over the raw body.
//!
//! Header `t=<unix>,v1=<hex>[,v1=<hex>…][,v0=…]`; the signed payload is
//! `"{t}.{raw body}"`, HMAC-SHA256 keyed with the whole `whsec_…` string.
//! Any matching `v1` passes (Stripe sends two while a secret is rotated);
//! every comparison is constant-time and every candidate is checked, so the
//! time taken does not say which one matched. Other schemes (`v0`) are
//! ignored. Timestamps more than [`TOLERANCE_SECS`] away from `now` in either
//! direction are refused: an old one is a replay, and a future one is a
//! clock problem or a forged header that would otherwise stay valid longer.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The header Stripe signs webhooks in (lowercase, as `http` stores names).
pub const SIGNATURE_HEADER: &str = "stripe-signature";

/// Accepted clock distance between the signature timestamp and now.
pub const TOLERANCE_SECS: i64 = 300;

/// Why a webhook was refused. Never carries the header or the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    /// No or empty `Stripe-Signature` header.
    Missing,
    /// No `t`, or a `t` that is not an integer.
    Malformed,
    /// No `v1` signature.
    NoV1,
    /// Timestamp outside the tolerance.
    Stale,
    /// No `v1` matched.
    Mismatch,
}

impl SignatureError {
    /// Stable code for logs.
    pub fn code(self) -> &'static str {
        match self {
            Self::Missing => "signature_missing",
            Self::Malformed => "signature_malformed",
            Self::NoV1 => "signature_no_v1",
            Self::Stale => "signature_stale",
            Self::Mismatch => "signature_mismatch",
        }
    }
}

/// The `v1` signature of `body` at timestamp `t`, lowercase hex.
pub fn sign(secret: &str, t: i64, body: &[u8]) -> String {
    hex::encode(mac(secret, &t.to_string(), body))
}

/// A whole `Stripe-Signature` header value (`t=…,v1=…`) for `body` at `t`,
/// as Stripe sends it: for test deliveries and the load test.
pub fn signature_header(secret: &str, t: i64, body: &[u8]) -> String {
    format!("t={t},v1={}", sign(secret, t, body))
}

fn mac(secret: &str, t: &str, body: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length; this cannot fail.
    let mut m = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    m.update(t.as_bytes());
    m.update(b".");
    m.update(body);
    m.finalize().into_bytes().to_vec()
}

/// Verifies `header` for `body` with `secret` at time `now` (unix seconds).
pub fn verify(header: Option<&str>, body: &[u8], secret: &str, now: i64) -> Result<(), SignatureError> {
    let header = header.map(str::trim).filter(|h| !h.is_empty()).ok_or(SignatureError::Missing)?;
    let mut t_raw = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        let Some((key, value)) = part.trim().split_once('=') else { continue };
        match key {
            "t" if t_raw.is_none() => t_raw = Some(value),
            "v1" => candidates.push(value),
            _ => {}
        }
    }
    let t_raw = t_raw.ok_or(SignatureError::Malformed)?;
    let t: i64 = t_raw.parse().map_err(|_| SignatureError::Malformed)?;
    if candidates.is_empty() {
        return Err(SignatureError::NoV1);
    }
    if (now - t).abs() > TOLERANCE_SECS {
        return Err(SignatureError::Stale);
    }
    let expected = mac(secret, t_raw, body);
    let matched = candidates.iter().fold(0u8, |acc, c| {
        let ok = hex::decode(c).map(|d| d.ct_eq(&expected).unwrap_u8()).unwrap_or(0);
        acc | ok
    });
    if matched == 1 {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// Verifies `header` for `body` with any of `secrets` (while a signing
/// secret is rolled, Stripe signs with the old and the new one, and a
/// delivery may carry either signature or both).
pub fn verify_any(header: Option<&str>, body: &[u8], secrets: &[&str], now: i64) -> Result<(), SignatureError> {
    let mut refused = SignatureError::Mismatch;
    for secret in secrets {
        match verify(header, body, secret, now) {
            Ok(()) => return Ok(()),
            Err(e) => refused = e,
        }
    }
    Err(refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_unit_test_only";
    const OTHER: &str = "whsec_rotated_test_only";
    const BODY: &[u8] = br#"{"id":"evt_1","type":"payment_intent.succeeded"}"#;

    #[test]
    fn while_a_secret_is_rolled_either_signature_verifies_and_a_removed_one_does_not() {
        let both = [SECRET, OTHER];
        assert_eq!(verify_any(Some(&signature_header(SECRET, NOW, BODY)), BODY, &both, NOW), Ok(()));
        assert_eq!(verify_any(Some(&signature_header(OTHER, NOW, BODY)), BODY, &both, NOW), Ok(()));
        let two = header(NOW, &[sign(SECRET, NOW, BODY), sign(OTHER, NOW, BODY)]);
        assert_eq!(verify_any(Some(&two), BODY, &both, NOW), Ok(()));
        assert_eq!(
            verify_any(Some(&signature_header(SECRET, NOW, BODY)), BODY, &[OTHER], NOW),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_any(Some(&signature_header(SECRET, NOW - 400, BODY)), BODY, &both, NOW),
            Err(SignatureError::Stale)
        );
    }

    #[test]
    fn a_header_made_by_signature_header_verifies() {
        assert_eq!(verify(Some(&signature_header(SECRET, NOW, BODY)), BODY, SECRET, NOW), Ok(()));
    }
    const NOW: i64 = 1_700_000_000;

    fn header(t: i64, sigs: &[String]) -> String {
        let mut h = format!("t={t}");
        for s in sigs {
            h.push_str(&format!(",v1={s}"));
        }
        h
    }

    #[test]
    fn a_valid_signature_passes() {
        let h = header(NOW, &[sign(SECRET, NOW, BODY)]);
        assert_eq!(verify(Some(&h), BODY, SECRET, NOW), Ok(()));
    }

    #[test]
    fn a_missing_or_empty_header_is_refused() {
        assert_eq!(verify(None, BODY, SECRET, NOW), Err(SignatureError::Missing));
        assert_eq!(verify(Some(""), BODY, SECRET, NOW), Err(SignatureError::Missing));
        assert_eq!(verify(Some("   "), BODY, SECRET, NOW), Err(SignatureError::Missing));
    }

    #[test]
    fn a_garbage_header_is_refused() {
        assert_eq!(verify(Some("garbage"), BODY, SECRET, NOW), Err(SignatureError::Malformed));
        assert_eq!(verify(Some(",,,=,"), BODY, SECRET, NOW), Err(SignatureError::Malformed));
    }

    #[test]
    fn a_header_without_t_is_refused() {
        let h = format!("v1={}", sign(SECRET, NOW, BODY));
        assert_eq!(verify(Some(&h), BODY, SECRET, NOW), Err(SignatureError::Malformed));
    }

    #[test]
    fn a_non_numeric_t_is_refused() {
        let h = format!("t=yesterday,v1={}", sign(SECRET, NOW, BODY));
        assert_eq!(verify(Some(&h), BODY, SECRET, NOW), Err(SignatureError::Malformed));
    }

    #[test]
    fn a_header_without_v1_is_refused() {
        assert_eq!(verify(Some(&format!("t={NOW}")), BODY, SECRET, NOW), Err(SignatureError::NoV1));
    }

    #[test]
    fn only_a_v0_signature_is_refused_even_if_it_would_match() {
        let h = format!("t={NOW},v0={}", sign(SECRET, NOW, BODY));
        assert_eq!(verify(Some(&h), BODY, SECRET, NOW), Err(SignatureError::NoV1));
    }

    #[test]
    fn a_wrong_signature_is_refused() {
        let h = header(NOW, &["a".repeat(64)]);
        assert_eq!(verify(Some(&h), BODY, SECRET, NOW), Err(SignatureError::Mismatch));
        let h = header(NOW, &["not-hex".into()]);
        assert_eq!(verify(Some(&h), BODY, SECRET, NOW), Err(SignatureError::Mismatch));
    }

    #[test]
    fn a_signature_made_with_another_secret_is_refused() {
        let h = header(NOW, &[sign(OTHER, NOW, BODY)]);
        assert_eq!(verify(Some(&h), BODY, SECRET, NOW), Err(SignatureError::Mismatch));
    }

    #[test]
    fn a_body_changed_by_one_byte_is_refused() {
        let h = header(NOW, &[sign(SECRET, NOW, BODY)]);
        let mut changed = BODY.to_vec();
        changed[10] ^= 1;
        assert_eq!(verify(Some(&h), &changed, SECRET, NOW), Err(SignatureError::Mismatch));
    }

    #[test]
    fn a_valid_signature_with_an_extra_bad_one_passes_in_either_order() {
        let good = sign(SECRET, NOW, BODY);
        let bad = "0".repeat(64);
        for sigs in [[good.clone(), bad.clone()], [bad, good]] {
            assert_eq!(verify(Some(&header(NOW, &sigs)), BODY, SECRET, NOW), Ok(()));
        }
    }

    #[test]
    fn signatures_for_the_old_and_new_secret_both_verify_during_rotation() {
        let h = header(NOW, &[sign(OTHER, NOW, BODY), sign(SECRET, NOW, BODY)]);
        assert_eq!(verify(Some(&h), BODY, SECRET, NOW), Ok(()));
        assert_eq!(verify(Some(&h), BODY, OTHER, NOW), Ok(()));
    }

    #[test]
    fn a_timestamp_301_seconds_old_is_refused_and_300_is_accepted() {
        let t = NOW - 301;
        assert_eq!(verify(Some(&header(t, &[sign(SECRET, t, BODY)])), BODY, SECRET, NOW), Err(SignatureError::Stale));
        let t = NOW - 300;
        assert_eq!(verify(Some(&header(t, &[sign(SECRET, t, BODY)])), BODY, SECRET, NOW), Ok(()));
    }

    #[test]
    fn a_timestamp_more_than_300_seconds_in_the_future_is_refused() {
        let t = NOW + 301;
        assert_eq!(verify(Some(&header(t, &[sign(SECRET, t, BODY)])), BODY, SECRET, NOW), Err(SignatureError::Stale));
        let t = NOW + 300;
        assert_eq!(verify(Some(&header(t, &[sign(SECRET, t, BODY)])), BODY, SECRET, NOW), Ok(()));
    }

    #[test]
    fn the_signature_binds_the_timestamp() {
        // A valid signature replayed under a fresh timestamp does not verify.
        let sig = sign(SECRET, NOW - 1000, BODY);
        assert_eq!(verify(Some(&header(NOW, &[sig])), BODY, SECRET, NOW), Err(SignatureError::Mismatch));
    }

    #[test]
    fn a_valid_signature_over_invalid_json_still_verifies_so_the_caller_rejects_the_json() {
        let body = b"{not json";
        let h = header(NOW, &[sign(SECRET, NOW, body)]);
        assert_eq!(verify(Some(&h), body, SECRET, NOW), Ok(()));
    }
}
