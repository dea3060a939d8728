//! Owned handles for an Elements group and one Element.
//!
//! Handles remove their listeners and `destroy()` the element on drop; both
//! are safe to repeat, because Stripe.js throws on a second destroy.

use super::bindings::{ElementJs, ElementsJs, ExpressClickJs, ExpressConfirmJs};
use super::wire::LoadErrorEvent;
use super::wire::{express, Appearance, ElementOptions, GroupOptions, Outcome};
use crate::config::ElementKind;
use crate::errors::{CheckoutError, LoadFailure};
use crate::i18n::Locale;
use booking_contract::Money;
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// What to change on a live Elements group; `None` leaves a setting as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupUpdate {
    /// New `locale`.
    pub locale: Option<Locale>,
    /// New `appearance.theme` (`stripe`, `night`, `flat`).
    pub theme: Option<String>,
    /// New `amount` and `currency`; Stripe accepts these only for a group
    /// created in deferred mode (an intent's amount is fixed by its secret).
    pub amount: Option<Money>,
}

impl GroupUpdate {
    fn options(&self) -> GroupOptions<'_> {
        GroupOptions {
            amount: self.amount.map(|m| m.amount),
            currency: self.amount.as_ref().map(|m| m.currency.as_str()),
            appearance: self.theme.as_deref().map(|theme| Appearance { theme }),
            locale: self.locale.map(Locale::stripe_tag),
            ..GroupOptions::default()
        }
    }

    fn is_empty(&self) -> bool {
        self.locale.is_none() && self.theme.is_none() && self.amount.is_none()
    }
}

/// An Elements group (`stripe.elements(…)`).
pub struct ElementsGroup {
    js: ElementsJs,
}

impl ElementsGroup {
    pub(super) fn new(js: ElementsJs) -> Self {
        Self { js }
    }

    pub(super) fn js(&self) -> &ElementsJs {
        &self.js
    }

    /// Creates the element; a second create of the same kind is an error.
    pub fn create(&self, kind: ElementKind) -> Result<ElementHandle, CheckoutError> {
        let options = ElementOptions::for_kind(kind).to_js();
        let js = self.js.create(kind.as_str(), &options).map_err(|_| CheckoutError::Integration)?;
        Ok(ElementHandle::adopt(js))
    }

    /// Creates the Express Checkout Element (wallet buttons) in this group,
    /// so that one intent serves it and the Payment Element alike.
    pub fn create_express(&self) -> Result<ElementHandle, CheckoutError> {
        let options = js_sys::Object::new();
        let js = self.js.create("expressCheckout", &options).map_err(|_| CheckoutError::Integration)?;
        Ok(ElementHandle::adopt(js))
    }

    /// `elements.fetchUpdates()`: the mounted elements follow their
    /// PaymentIntent after the server changed it (its amount), keeping what
    /// the customer typed. Resolves `{error?}`; a throw or rejection is an
    /// integration error.
    pub async fn fetch_updates(&self) -> Result<(), CheckoutError> {
        let promise = self.js.fetch_updates().map_err(|_| CheckoutError::Integration)?;
        let value = JsFuture::from(promise).await.map_err(|_| CheckoutError::Integration)?;
        Outcome::read(value)?.checked()
    }

    /// `elements.update(…)` with only the settings `change` holds (nothing
    /// is called for an empty change). Stripe.js throws for an amount on an
    /// intent-mode group: that is an [`CheckoutError::Integration`].
    pub fn update(&self, change: &GroupUpdate) -> Result<(), CheckoutError> {
        if change.is_empty() {
            return Ok(());
        }
        self.js.update_group(&change.options().to_js()).map_err(|_| CheckoutError::Integration)
    }

    /// `elements.submit()`: validates the form before a deferred intent is created.
    pub async fn submit(&self) -> Result<(), CheckoutError> {
        let promise = self.js.submit().map_err(|_| CheckoutError::Integration)?;
        let value = JsFuture::from(promise).await.map_err(|_| CheckoutError::Integration)?;
        Outcome::read(value)?.checked()
    }
}

/// A click on a wallet button: [`resolve`](Self::resolve) it at once (Stripe
/// allows 1 s) to show the wallet, or drop it to show nothing.
pub struct WalletClick(ExpressClickJs);

impl WalletClick {
    /// Shows the wallet's payment interface.
    pub fn resolve(&self) {
        // A throw means the interface cannot show; the customer can still use the form.
        let _ = self.0.resolve();
    }
}

/// The customer approved a wallet payment: confirm it, and call
/// [`fail`](Self::fail) if that does not succeed.
pub struct WalletConfirm {
    js: ExpressConfirmJs,
    /// The wallet (`apple_pay`, `google_pay`, `link`, …).
    pub payment_type: String,
}

impl WalletConfirm {
    /// `paymentFailed({reason: 'fail'})`: the wallet's interface shows a
    /// generic failure; the reason itself is shown by the checkout.
    pub fn fail(&self) {
        // The interface may already be gone; nothing else to do then.
        let _ = self.js.payment_failed(&express::failed());
    }
}

/// An event name and the callback registered for it.
type Listener = (&'static str, Closure<dyn FnMut(JsValue)>);

/// A mounted (or mountable) Element. Destroyed on drop.
#[must_use = "dropping the handle destroys the element"]
pub struct ElementHandle {
    js: ElementJs,
    listeners: Vec<Listener>,
    destroyed: Cell<bool>,
}

impl ElementHandle {
    /// A handle for an element made by `elements.create`, here or by the
    /// early start.
    pub(super) fn adopt(js: ElementJs) -> Self {
        Self { js, listeners: Vec::new(), destroyed: Cell::new(false) }
    }

    /// Hands events the element fired before these listeners were on
    /// (`[name, event]`, as the early start recorded them) to the listeners
    /// of each name, in order.
    pub fn replay(&self, events: &[(String, JsValue)]) {
        for (name, event) in events {
            for (_, cb) in self.listeners.iter().filter(|(n, _)| n == name) {
                let f: &js_sys::Function = cb.as_ref().unchecked_ref();
                // Our own closures; they do not throw.
                let _ = f.call1(&JsValue::NULL, event);
            }
        }
    }

    pub(super) fn js_value(&self) -> JsValue {
        AsRef::<JsValue>::as_ref(&self.js).clone()
    }

    fn listen(&mut self, event: &'static str, f: impl FnMut(JsValue) + 'static) -> Result<(), CheckoutError> {
        let cb = Closure::<dyn FnMut(JsValue)>::new(f);
        self.js.on(event, cb.as_ref().unchecked_ref()).map_err(|_| CheckoutError::Integration)?;
        self.listeners.push((event, cb));
        Ok(())
    }

    /// Calls `f` when the element fires `ready`.
    pub fn on_ready(&mut self, mut f: impl FnMut() + 'static) -> Result<(), CheckoutError> {
        self.listen("ready", move |_| f())
    }

    /// Calls `f` when the element fires `loaderror`.
    pub fn on_load_error(&mut self, mut f: impl FnMut() + 'static) -> Result<(), CheckoutError> {
        self.listen("loaderror", move |_| f())
    }

    /// Calls `f` when the element fires `loaderror`, with what its `error`
    /// says went wrong (by its `type`; a refused key told apart).
    pub fn on_load_failure(&mut self, mut f: impl FnMut(LoadFailure) + 'static) -> Result<(), CheckoutError> {
        self.listen("loaderror", move |event| f(LoadErrorEvent::read(event)))
    }

    /// Calls `f` with the Card Element's validation error (or `None` once
    /// fixed) on every `change`. The Payment Element shows its own inside its frame.
    pub fn on_validation(&mut self, mut f: impl FnMut(Option<CheckoutError>) + 'static) -> Result<(), CheckoutError> {
        // An event of another shape says nothing about validity: no error shown.
        self.listen("change", move |event| f(Outcome::read(event).ok().and_then(|mut o| o.error())))
    }

    /// Calls `f` when the Express Checkout Element fires `ready`, with
    /// whether any wallet button can show (`availablePaymentMethods`).
    pub fn on_wallets_ready(&mut self, mut f: impl FnMut(bool) + 'static) -> Result<(), CheckoutError> {
        self.listen("ready", move |event| f(express::any_wallet(&event)))
    }

    /// Calls `f` on a click on a wallet button.
    pub fn on_wallet_click(&mut self, mut f: impl FnMut(WalletClick) + 'static) -> Result<(), CheckoutError> {
        self.listen("click", move |event| f(WalletClick(event.unchecked_into())))
    }

    /// Calls `f` when the customer approved a wallet payment.
    pub fn on_wallet_confirm(&mut self, mut f: impl FnMut(WalletConfirm) + 'static) -> Result<(), CheckoutError> {
        self.listen("confirm", move |event| {
            let payment_type = express::payment_type(&event);
            f(WalletConfirm { js: event.unchecked_into(), payment_type })
        })
    }

    /// Mounts into `target` (light DOM: Elements refuse shadow roots).
    pub fn mount(&self, target: &web_sys::Element) -> Result<(), CheckoutError> {
        self.js.mount(target).map_err(|_| CheckoutError::Integration)
    }

    /// Whether `destroy` has run.
    pub fn is_destroyed(&self) -> bool {
        self.destroyed.get()
    }

    /// Removes listeners and destroys the element. Safe to call again.
    pub fn destroy(&self) {
        if self.destroyed.replace(true) {
            return;
        }
        for (event, cb) in &self.listeners {
            let _ = self.js.off(event, cb.as_ref().unchecked_ref());
        }
        // Throws if Stripe.js already destroyed it (e.g. a page teardown); nothing to do then.
        let _ = self.js.destroy();
    }
}

impl Drop for ElementHandle {
    fn drop(&mut self) {
        self.destroy();
    }
}
