//! The checkout as a Leptos component, for Leptos apps.
//!
//! It renders the same view the custom element does, inside the app's
//! reactive tree, from typed [`CheckoutOptions`]. Props given as signals are
//! followed without a remount where Stripe allows it: a new locale, theme or
//! description, and a new deferred amount once the form is ready, go into
//! the mounted form (what the customer typed stays); a new booking, or an
//! amount that changes while the form is still loading, builds a new
//! Elements group, so a stale intent is never confirmed.

use crate::checkout::{config_error, keep_return_secret, page_url, take_return_secret, Checkout, Hooks, Succeeded};
use crate::config::{CheckoutOptions, Flow, Theme};
use crate::i18n::Locale;
use booking_contract::Money;
use leptos::prelude::*;

/// An expression, not a literal: Leptos makes a wholly static element from
/// an HTML string, which a page enforcing Trusted Types refuses.
const HOST_CLASS: &str = "bc-host";

/// Runs `apply` with every value of `signal` that differs from the one the
/// checkout was built with. The baseline is read now, when the component
/// reads its props, so a change made before the effect first runs is
/// applied too.
fn follow<T>(signal: Option<Signal<T>>, apply: impl Fn(T) + 'static)
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    if let Some(signal) = signal {
        let built_with = signal.get_untracked();
        Effect::new(move |last: Option<T>| {
            let value = signal.get();
            if value != *last.as_ref().unwrap_or(&built_with) {
                apply(value.clone());
            }
            value
        });
    }
}

/// `<BookingCheckout options=… booking_id=… locale=… />`: the checkout inside
/// a Leptos view.
///
/// ## Usage
///
/// ```ignore
/// let booking = RwSignal::new("bk_123".to_string());
/// let options = CheckoutOptions::new("pk_test_…", "bk_123").description("Sea-view room");
/// view! { <BookingCheckout options booking_id=booking /> }
/// ```
///
/// The options are validated before anything loads; refused ones render
/// the error state. The Stripe element is destroyed when the component
/// unmounts.
#[component]
pub fn BookingCheckout(
    /// Everything that is set once: key, booking, endpoint, auth, flow,
    /// element, … (see [`CheckoutOptions`] for the defaults). The signal
    /// props below, when given, take precedence over its fields.
    options: CheckoutOptions,
    /// The booking to pay; a change builds a new Elements group.
    #[prop(optional, into)]
    booking_id: Option<Signal<String>>,
    /// The deferred flow's amount (ignored intent-first, where the server
    /// prices the booking); a change updates the mounted form.
    #[prop(optional, into)]
    amount: Option<Signal<Money>>,
    /// Language of every text; a change updates in place.
    #[prop(optional, into)]
    locale: Option<Signal<Locale>>,
    /// Stripe's appearance theme; a change updates in place.
    #[prop(optional, into)]
    theme: Option<Signal<Theme>>,
    /// The summary's description; a change updates in place (empty
    /// removes it).
    #[prop(optional, into)]
    description: Option<Signal<String>>,
    /// Change it (e.g. increment it) to load again after a failure the app
    /// has fixed, such as a sign-in after `unauthenticated`.
    #[prop(optional, into)]
    refresh: Option<Signal<u32>>,
    /// Runs when the element is ready for payment details.
    #[prop(optional)]
    on_ready: Option<Callback<()>>,
    /// Runs when the payment succeeded (or is processing / authorised).
    #[prop(optional)]
    on_succeeded: Option<Callback<Succeeded>>,
    /// Runs with the error code when the checkout fails.
    #[prop(optional)]
    on_failed: Option<Callback<&'static str>>,
) -> impl IntoView {
    let mut options = options;
    if let Some(id) = booking_id {
        options.booking_id = id.get_untracked();
    }
    // Only the deferred flow takes its price from the app, on the terms it
    // was given; the server prices an intent-first booking itself.
    if let (Some(money), Flow::Deferred(terms)) = (amount, options.flow) {
        options.flow = Flow::Deferred(terms.with_total(money.get_untracked()).unwrap_or(terms));
    }
    if let Some(l) = locale {
        options.locale = l.get_untracked();
    }
    if let Some(t) = theme {
        options.theme = t.get_untracked();
    }
    if let Some(d) = description {
        options = options.description(d.get_untracked());
    }
    let error_locale = options.locale;
    let hooks = Hooks { on_ready, on_succeeded, on_failed };
    // One owner for every instance: an app renders the component again,
    // rather than keeping an element, once it has fixed its props.
    let owner = wasm_bindgen::JsValue::from_str("booking-checkout:leptos");
    let return_secret = take_return_secret(&owner);
    match options.into_config(&page_url()) {
        Ok(config) => {
            let fallback = config.booking_id.clone();
            let checkout = Checkout::new(config, None, return_secret, hooks);
            let booking = Signal::derive(move || booking_id.map(|b| b.get()));
            let target = Signal::derive(move || (booking.get(), amount.map(|m| m.get())));
            follow(Some(target), {
                let checkout = checkout.clone();
                move |(id, money): (Option<String>, Option<Money>)| {
                    checkout.retarget(id.unwrap_or_else(|| fallback.clone()), money)
                }
            });
            follow(locale, {
                let checkout = checkout.clone();
                move |l| checkout.set_locale(l)
            });
            follow(theme, {
                let checkout = checkout.clone();
                move |t| checkout.set_theme(t)
            });
            follow(description, {
                let checkout = checkout.clone();
                move |d: String| checkout.set_description(&d)
            });
            follow(refresh, {
                let checkout = checkout.clone();
                move |_| checkout.refresh()
            });
            // A return left unfinished (the app re-rendered the component
            // mid-way) goes to the component rendered next.
            let unfinished = StoredValue::new_local((owner.clone(), checkout.clone()));
            on_cleanup(move || {
                let _ = unfinished
                    .try_with_value(|(owner, checkout)| keep_return_secret(owner, checkout.take_unfinished_return()));
            });
            // The checkout mounts in a node of this view, as it does on any page.
            let host = NodeRef::<leptos::html::Div>::new();
            let mounted = StoredValue::new_local(None);
            host.on_load(move |node| mounted.set_value(checkout.mount_in(&node)));
            on_cleanup(move || drop(mounted.try_update_value(Option::take)));
            view! { <div class=HOST_CLASS node_ref=host></div> }.into_any()
        }
        Err(error) => {
            // For the component the app renders once it has fixed its props.
            keep_return_secret(&owner, return_secret);
            config_error(error, error_locale, hooks).into_any()
        }
    }
}
