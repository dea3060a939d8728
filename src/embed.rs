//! Ways to put the checkout on a page: the `<booking-checkout>` custom
//! element, the `mountCheckout(element, options)` JS API, and the
//! [`BookingCheckout`] Leptos component. All three mount the same Leptos
//! view through [`crate::checkout::Checkout`].

mod leptos_component;

pub use leptos_component::BookingCheckout;

use crate::api::EarlyIntent;
use crate::checkout::{
    config_error, keep_return_secret, page_url, remove_early_shell, take_return_secret, Checkout, Hooks,
};
use crate::config::{RawConfig, Theme, OPTIONS};
use crate::digits::signed;
use crate::i18n::Locale;
use booking_contract::{Currency, Money};
use js_sys::Reflect;
use std::any::Any;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

#[wasm_bindgen(module = "/src/embed/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineCheckoutElement)]
    fn define_checkout_element(mount: &js_sys::Function, attributes: js_sys::Array);
}

fn option_string(options: &JsValue, key: &str) -> Option<String> {
    let v = Reflect::get(options, &key.into()).ok()?;
    // Integers only (amounts); converted without Rust's float formatting,
    // which would add ~15 KB of wasm for one call. Booleans (`wallets: true`)
    // read as their attribute spelling.
    v.as_string()
        .or_else(|| v.as_f64().filter(|n| n.fract() == 0.0 && n.abs() < 1e15).map(|n| signed(n as i64)))
        .or_else(|| v.as_bool().map(|b| if b { "true" } else { "false" }.to_owned()))
}

/// A mounted checkout, returned to JavaScript.
#[wasm_bindgen]
pub struct CheckoutHandle {
    /// None when the configuration was refused (the error state is shown).
    checkout: Option<Checkout>,
    /// The element it was mounted in: a redirect return it leaves
    /// unfinished is kept for the next checkout mounted there.
    target: Element,
    /// The mounted Leptos view; dropping it unmounts the view and cleans up
    /// its owner.
    view: RefCell<Option<Box<dyn Any>>>,
}

#[wasm_bindgen]
impl CheckoutHandle {
    /// Unmounts the checkout and destroys the Stripe element. Safe to call
    /// twice, and from inside a `checkout:*` listener.
    pub fn destroy(&self) {
        if let Some(checkout) = &self.checkout {
            keep_return_secret(&self.target, checkout.take_unfinished_return());
            checkout.destroy();
        }
        // Taken out first: unmounting runs cleanups that must not find the slot borrowed.
        let view = self.view.borrow_mut().take();
        drop(view);
    }

    /// Whether the configuration was refused: the handle then shows the
    /// configuration error and its other methods do nothing. The custom
    /// element mounts again when an attribute changes.
    #[wasm_bindgen(getter)]
    pub fn refused(&self) -> bool {
        self.checkout.is_none()
    }

    /// Changes the booking (and, for the deferred flow, the amount). A new
    /// booking gets a new Elements group; a new amount for the same booking
    /// goes into the mounted form, keeping what the customer typed.
    pub fn retarget(&self, booking_id: String, amount: String, currency: String) {
        let money = match (amount.trim().parse::<i64>(), Currency::parse(currency.trim())) {
            (Ok(a), Ok(c)) => Money::new(a, c).ok(),
            _ => None,
        };
        if let Some(checkout) = &self.checkout {
            checkout.retarget(booking_id, money);
        }
    }

    /// Loads the checkout again after a failure the host has fixed, e.g.
    /// once the customer has signed in (`checkout:failed` `unauthenticated`);
    /// on a form in use, reads the booking's price again and shows it in
    /// place (what the customer typed stays).
    pub fn refresh(&self) {
        if let Some(checkout) = &self.checkout {
            checkout.refresh();
        }
    }

    /// Changes the language (`en`, `fr`, …) of every text, in place.
    #[wasm_bindgen(js_name = setLocale)]
    pub fn set_locale(&self, locale: String) {
        if let Some(checkout) = &self.checkout {
            checkout.set_locale(Locale::parse(&locale));
        }
    }

    /// Changes the summary's description in place (say, with the price
    /// after an extra night); an empty one is removed.
    #[wasm_bindgen(js_name = setDescription)]
    pub fn set_description(&self, description: String) {
        if let Some(checkout) = &self.checkout {
            checkout.set_description(&description);
        }
    }

    /// Changes the Stripe element's theme (`stripe`, `night`, `flat`) in
    /// place; an unknown name is ignored.
    #[wasm_bindgen(js_name = setTheme)]
    pub fn set_theme(&self, theme: String) {
        if let (Some(checkout), Some(theme)) = (&self.checkout, Theme::parse(theme.trim())) {
            checkout.set_theme(theme);
        }
    }
}

/// Mounts the checkout for `raw` inside `target`, or the configuration error
/// state; `early` is the early-start script's request for this element.
pub(crate) fn mount(target: &Element, raw: &RawConfig, early: Option<EarlyIntent>) -> CheckoutHandle {
    // Before anything else, whatever the configuration: the return secret
    // must leave the address bar.
    let return_secret = take_return_secret(target);
    if early.is_none() {
        // A shell the early start left with no record to go with it (the
        // page mounted this node through `mountCheckout`, say) may hold a
        // form no one will take over: it goes, and a new shell is drawn.
        remove_early_shell(target);
    }
    match raw.validate(&page_url()) {
        Ok(config) => {
            let checkout = Checkout::new(config, early, return_secret, Hooks::default());
            let view = checkout.mount_in(target).map(|mounted| Box::new(mounted) as Box<dyn Any>);
            CheckoutHandle { checkout: Some(checkout), target: target.clone(), view: RefCell::new(view) }
        }
        Err(error) => {
            // For the checkout mounted here once the page has fixed its configuration.
            keep_return_secret(target, return_secret);
            if let Some(early) = early {
                early.form.discard();
            }
            remove_early_shell(target);
            let locale = Locale::parse(raw.locale.as_deref().unwrap_or(""));
            let parent: HtmlElement = target.clone().unchecked_into();
            let view = leptos::mount::mount_to(parent, move || config_error(error, locale, Hooks::default()));
            CheckoutHandle { checkout: None, target: target.clone(), view: RefCell::new(Some(Box::new(view))) }
        }
    }
}

/// `mountCheckout(element, options)`: renders the checkout inside `element`
/// (light DOM) and returns a handle with `destroy()`, `retarget()`,
/// `refresh()`, `setLocale()`, `setTheme()` and `setDescription()`. Options use the camelCase
/// names (`publishableKey`, `bookingId`, …). A bad configuration renders an
/// error state; it never throws.
#[wasm_bindgen(js_name = mountCheckout)]
pub fn mount_checkout(element: Element, options: JsValue) -> CheckoutHandle {
    let raw = RawConfig::read(|spec| option_string(&options, spec.option));
    mount(&element, &raw, None)
}

/// Registers `<booking-checkout>`; runs when the module starts.
pub fn register_custom_element() {
    let mount_from_attributes = Closure::<dyn Fn(Element) -> JsValue>::new(|el: Element| {
        let raw = RawConfig::read(|spec| el.get_attribute(spec.attribute));
        // What `early.js` started for this element, if the page includes it.
        let early = EarlyIntent::take_from(&el);
        JsValue::from(mount(&el, &raw, early))
    });
    // The element observes every attribute of the one list.
    let attributes = OPTIONS.iter().map(|spec| JsValue::from_str(spec.attribute)).collect();
    define_checkout_element(mount_from_attributes.as_ref().unchecked_ref(), attributes);
    // The element class calls it for every instance, for the page's lifetime.
    mount_from_attributes.forget();
}
