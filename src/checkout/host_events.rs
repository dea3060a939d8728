//! What the checkout tells the host page: DOM `CustomEvent`s and, for
//! Leptos apps, optional callbacks.
//!
//! `checkout:ready`, `checkout:succeeded` `{paymentIntentId | setupIntentId,
//! status, policy?, expressPaymentType?}` and `checkout:failed` `{code,
//! policy?}`; they bubble and cross shadow boundaries. No detail ever holds
//! a secret or a message.

use crate::js_object::JsObject;
use crate::status::IntentStatus;
use leptos::prelude::{Callable, Callback};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

/// A successful payment, as the host learns of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Succeeded {
    /// The PaymentIntent id (`pi_…`), or a guarantee's SetupIntent id
    /// (`seti_…`); not secret.
    pub intent_id: String,
    /// Its status: `succeeded`, `processing` or `requires_capture`.
    pub status: IntentStatus,
    /// The booking's policy (`pay_now`, `deposit`, `hold`, `guarantee`),
    /// when known: a redirect return to a booking already settled knows
    /// only that a SetupIntent saved a card (a guarantee).
    pub policy: Option<&'static str>,
    /// The wallet the customer paid with (`apple_pay`, `google_pay`,
    /// `link`, …), or `None` for the payment form and its Pay button.
    pub express_payment_type: Option<String>,
}

/// Something the host should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum News {
    /// The element is ready for payment details.
    Ready,
    /// The payment succeeded (or is processing / authorised).
    Succeeded(Succeeded),
    /// The checkout failed with this stable error code, under this policy
    /// once the server's answer said it.
    Failed {
        /// The error's stable code.
        code: &'static str,
        /// The booking's policy, if known.
        policy: Option<&'static str>,
    },
}

/// Callbacks a Leptos app passes to `BookingCheckout`, beside the DOM events.
#[derive(Clone, Copy, Default)]
pub struct Hooks {
    /// Runs on `checkout:ready`.
    pub on_ready: Option<Callback<()>>,
    /// Runs on `checkout:succeeded`.
    pub on_succeeded: Option<Callback<Succeeded>>,
    /// Runs on `checkout:failed`, with the error code.
    pub on_failed: Option<Callback<&'static str>>,
}

/// `checkout:succeeded`'s detail: `{paymentIntentId, status, policy?,
/// expressPaymentType?}` (`setupIntentId` in place of `paymentIntentId` for
/// a guarantee), the wallet's type absent for the Pay button.
fn succeeded_detail(s: &Succeeded) -> JsValue {
    let id = if s.intent_id.starts_with("seti_") { "setupIntentId" } else { "paymentIntentId" };
    JsObject::new()
        .set(id, s.intent_id.as_str())
        .set("status", s.status.as_str())
        .set_some("policy", s.policy)
        .set_some("expressPaymentType", s.express_payment_type.as_deref())
        .into()
}

fn dispatch(target: &EventTarget, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

/// Tells the host `news`: the DOM event on `target`, then the matching
/// callback (unless the app has already disposed of it, e.g. from inside
/// the event's listener).
pub fn tell(target: &EventTarget, hooks: &Hooks, news: News) {
    match news {
        News::Ready => {
            dispatch(target, "checkout:ready", &JsValue::NULL);
            if let Some(f) = hooks.on_ready {
                let _ = f.try_run(());
            }
        }
        News::Succeeded(s) => {
            dispatch(target, "checkout:succeeded", &succeeded_detail(&s));
            if let Some(f) = hooks.on_succeeded {
                let _ = f.try_run(s);
            }
        }
        News::Failed { code, policy } => {
            dispatch(target, "checkout:failed", &JsObject::new().set("code", code).set_some("policy", policy).into());
            if let Some(f) = hooks.on_failed {
                let _ = f.try_run(code);
            }
        }
    }
}
