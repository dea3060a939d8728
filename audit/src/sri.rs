//! Subresource Integrity: which same-origin scripts a page loads, with the
//! `integrity` each reference carries, and whether served bytes match.
//!
//! References are `<script src>`, `<link rel=modulepreload|preload href>`
//! (scripts and fetched wasm), and `import … from '…'` / `import('…')` in
//! inline module scripts. A URL counts as covered when at least one of its
//! references carries `integrity`, and every hash given must match.

use base64::Engine;
use regex::Regex;
use sha2::{Digest, Sha256, Sha384, Sha512};
use std::sync::OnceLock;

/// One script URL and the integrity values its references carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptRef {
    /// As written in the page (a path, or an absolute URL).
    pub url: String,
    /// Every `integrity` value found for it (may be empty).
    pub integrity: Vec<String>,
}

/// The `<tag …>` openings of `name` in `html`, as attribute lists.
fn tags<'a>(html: &'a str, name: &str) -> Vec<(Vec<(String, String)>, &'a str)> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&open) {
        let start = from + i + open.len();
        let Some(end) = html[start..].find('>').map(|e| start + e) else { break };
        if html[start..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>') {
            // The text after the tag, for inline scripts.
            out.push((attributes(&html[start..end]), &html[end + 1..]));
        }
        from = end;
    }
    out
}

/// Parses `a="x" b='y' c=z d` into lowercase names and raw values.
fn attributes(s: &str) -> Vec<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"#).expect("static")
    });
    re.captures_iter(s)
        .map(|c| {
            let value = c.get(2).or(c.get(3)).or(c.get(4)).map_or("", |m| m.as_str());
            (c[1].to_ascii_lowercase(), value.to_owned())
        })
        .collect()
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// Every script-like URL the page references, with their integrity values.
pub fn script_refs(html: &str) -> Vec<ScriptRef> {
    let mut refs: Vec<ScriptRef> = Vec::new();
    let mut add = |url: &str, integrity: Option<&str>| {
        let url = url.trim();
        if url.is_empty() {
            return;
        }
        let i = match refs.iter().position(|r| r.url == url) {
            Some(i) => i,
            None => {
                refs.push(ScriptRef { url: url.to_owned(), integrity: Vec::new() });
                refs.len() - 1
            }
        };
        if let Some(v) = integrity.map(str::trim).filter(|v| !v.is_empty()) {
            refs[i].integrity.push(v.to_owned());
        }
    };
    static IMPORT: OnceLock<Regex> = OnceLock::new();
    let import = IMPORT
        .get_or_init(|| Regex::new(r#"(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]"#).expect("static"));
    for (attrs, after) in tags(html, "script") {
        match attr(&attrs, "src") {
            Some(src) => add(src, attr(&attrs, "integrity")),
            None if attr(&attrs, "type").is_some_and(|t| t.eq_ignore_ascii_case("module")) => {
                let body = &after[..after.to_ascii_lowercase().find("</script").unwrap_or(after.len())];
                for c in import.captures_iter(body) {
                    add(&c[1], None);
                }
            }
            None => {}
        }
    }
    for (attrs, _) in tags(html, "link") {
        let rel = attr(&attrs, "rel").unwrap_or("").to_ascii_lowercase();
        let as_ = attr(&attrs, "as").unwrap_or("").to_ascii_lowercase();
        let scriptish = rel == "modulepreload" || (rel == "preload" && matches!(as_.as_str(), "script" | "fetch"));
        if let (true, Some(href)) = (scriptish, attr(&attrs, "href")) {
            add(href, attr(&attrs, "integrity"));
        }
    }
    refs
}

/// Whether the page's `<meta http-equiv="Content-Security-Policy">` exists.
pub fn has_meta_csp(html: &str) -> bool {
    tags(html, "meta")
        .iter()
        .any(|(a, _)| attr(a, "http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy")))
}

/// Whether one `integrity` value (space-separated `alg-base64` tokens) matches `bytes`.
pub fn matches(integrity: &str, bytes: &[u8]) -> bool {
    let b64 = |d: &[u8]| base64::engine::general_purpose::STANDARD.encode(d);
    integrity.split_ascii_whitespace().any(|token| {
        let token = token.split('?').next().unwrap_or(token);
        match token.split_once('-') {
            Some(("sha256", h)) => h == b64(&Sha256::digest(bytes)),
            Some(("sha384", h)) => h == b64(&Sha384::digest(bytes)),
            Some(("sha512", h)) => h == b64(&Sha512::digest(bytes)),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sri384(bytes: &[u8]) -> String {
        format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes)))
    }

    const TRUNK_PAGE: &str = r#"<head><script type="module">
import init, * as bindings from '/app-1a2b3c4d.js';
const wasm = await init({ module_or_path: '/app-1a2b3c4d_bg.wasm' });
</script>
<link rel="modulepreload" href="/app-1a2b3c4d.js" crossorigin="anonymous" integrity="sha384-AAA">
<link rel="preload" href="/app-1a2b3c4d_bg.wasm" crossorigin="anonymous" integrity="sha384-BBB" as="fetch" type="application/wasm">
<link rel="stylesheet" href="/a.css" integrity="sha384-CCC"></head>
<body><script src="/page-9.js" integrity="sha384-DDD"></script><script src='https://js.stripe.com/v3/'></script>
<SCRIPT SRC=/bare.js></SCRIPT></body>"#;

    #[test]
    fn a_trunk_page_yields_its_module_wasm_scripts_and_imports_but_not_stylesheets() {
        let refs = script_refs(TRUNK_PAGE);
        let find = |u: &str| refs.iter().find(|r| r.url == u).unwrap_or_else(|| panic!("{u} in {refs:?}"));
        assert_eq!(find("/app-1a2b3c4d.js").integrity, vec!["sha384-AAA"], "import + modulepreload merge");
        assert_eq!(find("/app-1a2b3c4d_bg.wasm").integrity, vec!["sha384-BBB"]);
        assert_eq!(find("/page-9.js").integrity, vec!["sha384-DDD"]);
        assert!(find("https://js.stripe.com/v3/").integrity.is_empty());
        assert!(find("/bare.js").integrity.is_empty(), "upper-case tags and unquoted values count");
        assert!(refs.iter().all(|r| r.url != "/a.css"));
    }

    #[test]
    fn integrity_matches_only_the_exact_bytes() {
        let body = b"console.log(1)";
        assert!(matches(&sri384(body), body));
        assert!(!matches(&sri384(body), b"console.log(2)"));
        assert!(matches(&format!("sha256-bogus {}", sri384(body)), body), "any listed hash may match");
        assert!(!matches("md5-abc", body));
    }

    #[test]
    fn a_meta_csp_is_noticed() {
        assert!(has_meta_csp(r#"<meta http-equiv="content-security-policy" content="script-src 'self'">"#));
        assert!(!has_meta_csp(r#"<meta charset="utf-8">"#));
    }
}
