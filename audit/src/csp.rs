//! Content-Security-Policy as the payment page rule reads it: parsing a
//! header into directives and the three questions the rules ask (is
//! script-src strict, does it let Stripe.js in, does it report).
//!
//! A page may send several policies; a browser enforces all of them, so a
//! script is blocked if any policy blocks it. Hence "strict" holds if one
//! policy is strict, while "Stripe allowed" must hold in every policy.

/// One policy: directives in order, names lowercase, sources as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    directives: Vec<(String, Vec<String>)>,
}

impl Policy {
    /// Parses one header value (`;`-separated directives).
    pub fn parse(header: &str) -> Self {
        let mut directives: Vec<(String, Vec<String>)> = Vec::new();
        for part in header.split(';') {
            let mut words = part.split_ascii_whitespace();
            let Some(name) = words.next() else { continue };
            let name = name.to_ascii_lowercase();
            // The first occurrence of a directive wins; later ones are ignored.
            if directives.iter().all(|(n, _)| *n != name) {
                directives.push((name, words.map(str::to_owned).collect()));
            }
        }
        Self { directives }
    }

    /// The sources of `name`, if the directive is present.
    pub fn get(&self, name: &str) -> Option<&[String]> {
        self.directives.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_slice())
    }

    /// The sources that govern scripts: `script-src`, else `default-src`.
    pub fn script_sources(&self) -> Option<&[String]> {
        self.get("script-src").or_else(|| self.get("default-src"))
    }

    /// The sources that govern frames: `frame-src`, else `child-src`, else `default-src`.
    pub fn frame_sources(&self) -> Option<&[String]> {
        self.get("frame-src").or_else(|| self.get("child-src")).or_else(|| self.get("default-src"))
    }

    /// The unsafe script sources of this policy (all of them when scripts are unrestricted).
    pub fn unsafe_script_sources(&self) -> Vec<String> {
        let Some(sources) = self.script_sources() else { return vec!["(no script-src or default-src)".into()] };
        sources.iter().filter(|s| is_unsafe_script_source(s)).cloned().collect()
    }

    /// Whether the report directives are present (`report-to` group name or `report-uri`).
    pub fn reporting(&self) -> (Option<&str>, bool) {
        let group = self.get("report-to").and_then(|v| v.first()).map(String::as_str);
        (group, self.get("report-uri").is_some_and(|v| !v.is_empty()))
    }
}

fn is_unsafe_script_source(source: &str) -> bool {
    let s = source.to_ascii_lowercase();
    matches!(s.as_str(), "'unsafe-inline'" | "'unsafe-eval'" | "*" | "http:" | "https:" | "data:" | "blob:")
        || s == "http://*"
        || s == "https://*"
}

/// Whether `sources` let `https://js.stripe.com` load: named, covered by a
/// wildcard or scheme source, or left to `'strict-dynamic'`.
pub fn allows_stripe(sources: &[String]) -> bool {
    sources.iter().any(|s| {
        let s = s.to_ascii_lowercase();
        let host = s.strip_prefix("https://").unwrap_or(&s).trim_end_matches('/');
        matches!(s.as_str(), "*" | "https:" | "'strict-dynamic'")
            || matches!(host, "js.stripe.com" | "*.stripe.com")
            || host.starts_with("js.stripe.com/")
    })
}

/// Whether `header` (a `Reporting-Endpoints` value) defines `group`.
pub fn endpoints_define(header: &str, group: &str) -> bool {
    header.split(',').filter_map(|e| e.split_once('=')).any(|(name, _)| name.trim() == group)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFERENCE: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com https://*.js.stripe.com 'sha256-abc'; frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com; style-src 'self' 'unsafe-inline'; report-uri /csp-report; report-to csp";

    #[test]
    fn the_reference_policy_is_strict_allows_stripe_and_reports() {
        let p = Policy::parse(REFERENCE);
        assert!(p.unsafe_script_sources().is_empty(), "'wasm-unsafe-eval' is not 'unsafe-eval'");
        assert!(allows_stripe(p.script_sources().unwrap()) && allows_stripe(p.frame_sources().unwrap()));
        assert_eq!(p.reporting(), (Some("csp"), true));
    }

    #[test]
    fn unsafe_inline_eval_wildcards_and_schemes_in_script_src_are_unsafe() {
        for bad in ["'unsafe-inline'", "'unsafe-eval'", "*", "https:", "data:", "http:"] {
            let p = Policy::parse(&format!("script-src 'self' {bad} https://js.stripe.com"));
            assert_eq!(p.unsafe_script_sources(), vec![bad.to_string()], "{bad}");
        }
    }

    #[test]
    fn unsafe_inline_in_style_src_does_not_make_scripts_unsafe() {
        assert!(Policy::parse("script-src 'self'; style-src 'unsafe-inline'").unsafe_script_sources().is_empty());
    }

    #[test]
    fn default_src_governs_scripts_when_script_src_is_missing_and_nothing_means_unrestricted() {
        assert_eq!(Policy::parse("default-src *").unsafe_script_sources(), vec!["*".to_string()]);
        assert_eq!(Policy::parse("img-src 'self'").unsafe_script_sources().len(), 1);
    }

    #[test]
    fn the_first_of_two_identical_directives_wins() {
        let p = Policy::parse("script-src 'self'; script-src *");
        assert!(p.unsafe_script_sources().is_empty());
    }

    #[test]
    fn stripe_is_allowed_by_name_wildcard_scheme_or_strict_dynamic() {
        let allows = |list: &[&str]| allows_stripe(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert!(!allows(&["'self'", "https://*.js.stripe.com"]), "*.js.stripe.com does not cover js.stripe.com");
        assert!(!allows(&["'self'", "https://api.stripe.com"]));
        for ok in [
            "https://js.stripe.com",
            "https://js.stripe.com/v3/",
            "https://*.stripe.com",
            "https:",
            "*",
            "'strict-dynamic'",
        ] {
            assert!(allows(&["'self'", ok]), "{ok}");
        }
    }

    #[test]
    fn reporting_endpoints_headers_are_matched_by_group_name() {
        assert!(endpoints_define("csp=\"/csp-report\", other=\"/x\"", "csp"));
        assert!(!endpoints_define("default=\"/r\"", "csp"));
    }
}
