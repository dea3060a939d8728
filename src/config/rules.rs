//! The checks a configuration must pass, in one place.
//!
//! [`CheckoutOptions::validate`](super::CheckoutOptions::validate) applies
//! them for every way in (attributes, JS options, typed Leptos options).
//! `src/embed/early.js` runs before the wasm and cannot call them, so it
//! carries the same rules as the JavaScript patterns below; the tests hold
//! each pattern equal to its Rust check and find it, verbatim, in early.js.

/// Longest booking id accepted.
pub const BOOKING_ID_MAX_LEN: usize = 64;

/// [`booking_id_ok`] as a JavaScript (and `regex`) pattern.
pub const BOOKING_ID_PATTERN: &str = "^[A-Za-z0-9_-]{1,64}$";

/// [`header_name_ok`] as a JavaScript pattern.
pub const HEADER_NAME_PATTERN: &str = "^[A-Za-z0-9_-]+$";

/// `PublishableKey::parse` accepting a trimmed key, as a JavaScript pattern.
pub const PUBLISHABLE_KEY_PATTERN: &str = "^pk_(test|live)_[A-Za-z0-9]+$";

/// A character [`url_ok`] refuses anywhere in a URL (whitespace, controls),
/// as a JavaScript pattern.
pub const URL_UNSAFE_CHAR_PATTERN: &str = r"[\s\u0000-\u001f\u007f-\u009f]";

/// The absolute URL prefixes [`url_ok`] accepts (case-insensitively);
/// otherwise only a same-origin path (`/…`, not `//…`).
pub const URL_SCHEMES: [&str; 2] = ["https://", "http://"];

/// 1 to [`BOOKING_ID_MAX_LEN`] of `A-Z a-z 0-9 _ -`: the id goes into a
/// request body and the server's logs as it is.
pub fn booking_id_ok(id: &str) -> bool {
    (1..=BOOKING_ID_MAX_LEN).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// An http(s) URL or a same-origin path, with no whitespace or control
/// characters: never `javascript:`, `data:` or a protocol-relative `//host`.
pub fn url_ok(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let safe_chars = !url.chars().any(|c| c.is_control() || c.is_whitespace());
    safe_chars
        && (URL_SCHEMES.iter().any(|scheme| lower.starts_with(scheme))
            || (url.starts_with('/') && !url.starts_with("//")))
}

/// A header name the CSRF option may set: letters, digits, `_` and `-`.
pub fn header_name_ok(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

// Host only: the patterns run with the `regex` crate, never built for wasm.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use booking_contract::PublishableKey;
    use regex::Regex;

    /// Every ASCII character alone, and the edge cases of each rule.
    fn samples(extra: &[&str]) -> Vec<String> {
        (0u8..128).map(|b| (b as char).to_string()).chain(extra.iter().map(|s| s.to_string())).collect()
    }

    #[test]
    fn the_booking_id_pattern_accepts_exactly_what_the_rust_check_accepts() {
        let pattern = Regex::new(BOOKING_ID_PATTERN).unwrap();
        let long = "a".repeat(BOOKING_ID_MAX_LEN);
        let too_long = "a".repeat(BOOKING_ID_MAX_LEN + 1);
        for id in samples(&["", "bk_1", "BK-9_z", &long, &too_long, "a/b", "x y", "é", "bk\n"]) {
            assert_eq!(pattern.is_match(&id), booking_id_ok(&id), "{id:?}");
        }
    }

    #[test]
    fn the_header_name_pattern_accepts_exactly_what_the_rust_check_accepts() {
        let pattern = Regex::new(HEADER_NAME_PATTERN).unwrap();
        for name in samples(&["", "X-CSRF-Token", "x_csrf", "X CSRF", "X:1", "Ä"]) {
            assert_eq!(pattern.is_match(&name), header_name_ok(&name), "{name:?}");
        }
    }

    #[test]
    fn the_publishable_key_pattern_accepts_exactly_what_the_key_parser_accepts() {
        let pattern = Regex::new(PUBLISHABLE_KEY_PATTERN).unwrap();
        let keys = ["pk_test_51AbC", "pk_live_x9", "pk_test_", "pk_prod_abc", "sk_test_abc", "rk_live_abc"];
        let more = ["whsec_abc", "pk_test_ab<c", "pk_test_ab_c", "PK_TEST_abc", "pk_test_é", "pk_live_a b"];
        // early.js trims the attribute first, as the parser does.
        for key in samples(&[&keys[..], &more[..]].concat()).iter().map(|k| k.trim()) {
            assert_eq!(pattern.is_match(key), PublishableKey::parse(key).is_ok(), "{key:?}");
        }
    }

    #[test]
    fn the_unsafe_url_character_pattern_is_the_rust_check_s() {
        let pattern = Regex::new(URL_UNSAFE_CHAR_PATTERN).unwrap();
        for c in (0..0x3100).chain([0xfeff, 0x1_0000]).filter_map(char::from_u32) {
            let refused = c.is_control() || c.is_whitespace();
            assert_eq!(pattern.is_match(&c.to_string()), refused, "U+{:04X}", c as u32);
            assert_eq!(url_ok(&format!("/pay{c}")), !refused, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn urls_are_http_s_or_same_origin_paths() {
        for ok in ["https://hotel.example/pay", "HTTP://hotel.example", "/api/payments/create-intent", "/"] {
            assert!(url_ok(ok), "{ok}");
        }
        for bad in ["javascript:alert(1)", "//evil.example/x", "data:text/html,x", "ftp://x", "pay", ""] {
            assert!(!url_ok(bad), "{bad}");
        }
    }
}
