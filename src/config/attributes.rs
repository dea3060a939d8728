//! Every setting as a host page names it: the `<booking-checkout>`
//! attribute and the `mountCheckout` option. [`OPTIONS`] is the one list;
//! the custom element observes the attributes it names, and the tests
//! below fail when `early.js` or `pkg/index.d.ts` names one it lacks, or
//! lacks one it names, or when early.js's rules leave the Rust ones.

use super::raw::RawConfig;

/// One setting: its names and the [`RawConfig`] field it fills.
pub struct OptionSpec {
    /// The `<booking-checkout>` attribute, kebab-case.
    pub attribute: &'static str,
    /// The `mountCheckout` option: the attribute in camelCase.
    pub option: &'static str,
    /// The field it fills.
    pub field: fn(&mut RawConfig) -> &mut Option<String>,
}

/// Every attribute / option, in the order the guide lists them.
pub const OPTIONS: &[OptionSpec] = &[
    OptionSpec { attribute: "publishable-key", option: "publishableKey", field: |r| &mut r.publishable_key },
    OptionSpec { attribute: "create-intent-url", option: "createIntentUrl", field: |r| &mut r.create_intent_url },
    OptionSpec { attribute: "booking-id", option: "bookingId", field: |r| &mut r.booking_id },
    OptionSpec { attribute: "auth-token", option: "authToken", field: |r| &mut r.auth_token },
    OptionSpec { attribute: "csrf-header", option: "csrfHeader", field: |r| &mut r.csrf_header },
    OptionSpec { attribute: "csrf-token", option: "csrfToken", field: |r| &mut r.csrf_token },
    OptionSpec { attribute: "return-url", option: "returnUrl", field: |r| &mut r.return_url },
    OptionSpec { attribute: "element", option: "element", field: |r| &mut r.element },
    OptionSpec { attribute: "flow", option: "flow", field: |r| &mut r.flow },
    OptionSpec { attribute: "amount", option: "amount", field: |r| &mut r.amount },
    OptionSpec { attribute: "currency", option: "currency", field: |r| &mut r.currency },
    OptionSpec { attribute: "policy", option: "policy", field: |r| &mut r.policy },
    OptionSpec { attribute: "deposit", option: "deposit", field: |r| &mut r.deposit },
    OptionSpec { attribute: "balance-due", option: "balanceDue", field: |r| &mut r.balance_due },
    OptionSpec { attribute: "capture-on", option: "captureOn", field: |r| &mut r.capture_on },
    OptionSpec { attribute: "fee-up-to", option: "feeUpTo", field: |r| &mut r.fee_up_to },
    OptionSpec { attribute: "theme", option: "theme", field: |r| &mut r.theme },
    OptionSpec { attribute: "locale", option: "locale", field: |r| &mut r.locale },
    OptionSpec { attribute: "description", option: "description", field: |r| &mut r.description },
    OptionSpec { attribute: "wallets", option: "wallets", field: |r| &mut r.wallets },
];

impl RawConfig {
    /// Reads every setting with `value` (an attribute or an option lookup).
    pub fn read(mut value: impl FnMut(&OptionSpec) -> Option<String>) -> Self {
        let mut raw = Self::default();
        for spec in OPTIONS {
            *(spec.field)(&mut raw) = value(spec);
        }
        raw
    }
}

// Host only: the patterns run with the `regex` crate, never built for wasm.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::config::rules::{
        BOOKING_ID_PATTERN, HEADER_NAME_PATTERN, PUBLISHABLE_KEY_PATTERN, URL_SCHEMES, URL_UNSAFE_CHAR_PATTERN,
    };
    use crate::config::{ElementKind, Flow, Theme};
    use regex::Regex;
    use std::collections::BTreeSet;

    const ELEMENT_JS: &str = include_str!("../embed/element.js");
    const EARLY_JS: &str = include_str!("../embed/early.js");
    const INDEX_D_TS: &str = include_str!("../../pkg/index.d.ts");
    const GUIDE: &str = include_str!("../../docs/GUIDE.md");
    const README: &str = include_str!("../../README.md");

    fn attributes() -> BTreeSet<&'static str> {
        OPTIONS.iter().map(|o| o.attribute).collect()
    }

    /// The first group of every match of `pattern` in `text`.
    fn captures<'t>(pattern: &str, text: &'t str) -> BTreeSet<&'t str> {
        Regex::new(pattern).unwrap().captures_iter(text).map(|c| c.get(1).unwrap().as_str()).collect()
    }

    /// `text` after `start`, up to the first `end`.
    fn between<'t>(text: &'t str, start: &str, end: &str) -> &'t str {
        let from = text.find(start).unwrap_or_else(|| panic!("{start} not found")) + start.len();
        let len = text[from..].find(end).unwrap_or_else(|| panic!("{end} not found after {start}"));
        &text[from..from + len]
    }

    fn strings(list: &str) -> BTreeSet<&str> {
        captures(r"'([^']*)'", list)
    }

    #[test]
    fn each_option_is_its_attribute_in_camel_case_and_every_name_is_unique() {
        for spec in OPTIONS {
            let mut parts = spec.attribute.split('-');
            let first = parts.next().unwrap().to_owned();
            let camel = parts.fold(first, |s, p| s + &p[..1].to_uppercase() + &p[1..]);
            assert_eq!(spec.option, camel);
        }
        assert_eq!(attributes().len(), OPTIONS.len());
    }

    #[test]
    fn every_raw_config_field_is_filled_by_exactly_one_option() {
        let raw = RawConfig::read(|spec| Some(spec.attribute.to_owned()));
        // Destructured whole: a new field fails to compile here until it is listed.
        let RawConfig {
            publishable_key,
            create_intent_url,
            booking_id,
            auth_token,
            csrf_header,
            csrf_token,
            return_url,
            element,
            flow,
            amount,
            currency,
            policy,
            deposit,
            balance_due,
            capture_on,
            fee_up_to,
            theme,
            locale,
            description,
            wallets,
        } = raw;
        let filled = [
            publishable_key,
            create_intent_url,
            booking_id,
            auth_token,
            csrf_header,
            csrf_token,
            return_url,
            element,
            flow,
            amount,
            currency,
            policy,
            deposit,
            balance_due,
            capture_on,
            fee_up_to,
            theme,
            locale,
            description,
            wallets,
        ];
        let filled: BTreeSet<String> = filled.into_iter().map(|v| v.expect("a field no option fills")).collect();
        assert_eq!(filled, attributes().into_iter().map(str::to_owned).collect());
    }

    #[test]
    fn the_custom_element_follows_only_attributes_of_the_list() {
        // It observes the list itself (handed over at registration); the
        // names it acts on must be in it.
        let named: BTreeSet<&str> = [
            captures(r"getAttribute\('([^']+)'\)", ELEMENT_JS),
            captures(r"name === '([^']+)'", ELEMENT_JS),
            strings(between(ELEMENT_JS, "const TARGET = [", "]")),
        ]
        .into_iter()
        .flatten()
        .collect();
        assert!(named.len() >= 6, "{named:?}");
        let unknown: Vec<_> = named.difference(&attributes()).copied().collect();
        assert!(unknown.is_empty(), "element.js acts on attributes the list lacks: {unknown:?}");
    }

    #[test]
    fn the_early_start_script_reads_only_attributes_of_the_list() {
        let read = captures(r"attr\(el, '([^']+)'\)", EARLY_JS);
        assert!(read.len() >= 9, "{read:?}");
        let unknown: Vec<_> = read.difference(&attributes()).copied().collect();
        assert!(unknown.is_empty(), "early.js reads attributes the list lacks: {unknown:?}");
    }

    #[test]
    fn the_early_start_script_carries_the_rust_rules() {
        for (name, pattern) in [
            ("PUBLISHABLE_KEY", PUBLISHABLE_KEY_PATTERN),
            ("BOOKING_ID", BOOKING_ID_PATTERN),
            ("HEADER_NAME", HEADER_NAME_PATTERN),
        ] {
            let line = format!("var {name} = /{pattern}/;");
            assert!(EARLY_JS.contains(&line), "early.js lacks `{line}`");
        }
        let unsafe_chars = format!("!/{URL_UNSAFE_CHAR_PATTERN}/.test(url)");
        assert!(EARLY_JS.contains(&unsafe_chars), "early.js lacks `{unsafe_chars}`");
        for scheme in URL_SCHEMES {
            assert!(EARLY_JS.contains(&format!("lower.indexOf('{scheme}') === 0")), "{scheme}");
        }
        let default_url = format!("|| '{}';", booking_contract::CREATE_INTENT_PATH);
        assert!(EARLY_JS.contains(&default_url), "early.js's default create-intent URL");
        // Values early.js lets through: the component's own, or fewer.
        let one_of = |attribute: &str| strings(between(EARLY_JS, &format!("oneOf(attr(el, '{attribute}'), ["), "]"));
        let names = |all: &[&'static str]| all.iter().copied().collect::<BTreeSet<_>>();
        assert_eq!(one_of("element"), names(&ElementKind::ALL.map(ElementKind::as_str)));
        assert_eq!(one_of("theme"), names(&Theme::ALL.map(Theme::as_str)));
        assert!(one_of("flow").is_subset(&names(&Flow::NAMES)), "{:?}", one_of("flow"));
    }

    /// The property names of a TypeScript block, comments left out.
    fn properties(block: &str) -> BTreeSet<String> {
        let code = Regex::new(r"(?s)/\*.*?\*/|//[^\n]*").unwrap().replace_all(block, "");
        captures(r"'?([A-Za-z][A-Za-z-]*)'?\??:", &code).into_iter().map(str::to_owned).collect()
    }

    fn owned(names: impl IntoIterator<Item = &'static str>) -> BTreeSet<String> {
        names.into_iter().map(str::to_owned).collect()
    }

    #[test]
    fn the_type_declarations_name_every_option_and_attribute_and_no_other() {
        let option_types = between(INDEX_D_TS, "interface CheckoutOptionsBase", "export type CheckoutOptions =");
        assert_eq!(properties(option_types), owned(OPTIONS.iter().map(|o| o.option)), "CheckoutOptions in index.d.ts");
        let attribute_type = between(INDEX_D_TS, "interface BookingCheckoutAttributes", "\n}");
        assert_eq!(properties(attribute_type), owned(attributes()), "BookingCheckoutAttributes in index.d.ts");
    }

    #[test]
    fn the_type_declarations_name_every_value_of_element_flow_and_theme() {
        let union = |name: &str| strings(between(INDEX_D_TS, &format!("export type {name} ="), ";"));
        let names = |all: &[&'static str]| all.iter().copied().collect::<BTreeSet<_>>();
        assert_eq!(union("CheckoutElementKind"), names(&ElementKind::ALL.map(ElementKind::as_str)));
        assert_eq!(union("CheckoutFlow"), names(&Flow::NAMES));
        assert_eq!(union("CheckoutTheme"), names(&Theme::ALL.map(Theme::as_str)));
    }

    #[test]
    fn the_guide_and_the_readme_name_every_attribute() {
        for (doc, text) in [("docs/GUIDE.md", GUIDE), ("README.md", README)] {
            let missing: Vec<_> = attributes().into_iter().filter(|a| !text.contains(&format!("`{a}`"))).collect();
            assert!(missing.is_empty(), "{doc} does not name {missing:?}");
        }
    }
}
