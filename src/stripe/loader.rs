//! Loads Stripe.js from js.stripe.com the way the official loader does.
//!
//! One pinned URL; an existing `window.Stripe` or `<script>` tag is reused;
//! concurrent callers share one cached load; after a failure the cache is
//! cleared and the tag removed, so a retry injects a fresh one and really
//! fetches again. Where Trusted Types exist the URL goes through a named
//! policy that admits only the URL being loaded. Stripe.js is never bundled
//! or self-hosted (PCI DSS).
//!
//! A tag found on the page is trusted to be loading only if it carries
//! [`OWN_TAG_ATTRIBUTE`]; any other may have failed before we looked (its
//! `error` fired when nobody listened), so it gets a short grace period and
//! is then replaced. `script` spells the rule out.
//!
//! The URL rules and what a failure means are pure and build everywhere;
//! loading needs a browser.

mod rules;
#[cfg(target_arch = "wasm32")]
mod script;
#[cfg(target_arch = "wasm32")]
mod trusted_types;

#[cfg(target_arch = "wasm32")]
pub use script::{load_from, load_stripe, online, reset};
#[cfg(target_arch = "wasm32")]
pub use trusted_types::policy_admits;

pub use rules::{is_stripe_js_url, LoadError, OWN_TAG_ATTRIBUTE, STRIPE_JS_URL, TRUSTED_TYPES_POLICY};
