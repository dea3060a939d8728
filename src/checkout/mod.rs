//! The checkout component: a thin Leptos view over the controller.
//!
//! Our own DOM holds a summary, a mount point for Stripe's iframe, the Pay
//! button and a live region for messages; never a card input. All text is
//! rendered as text.

mod controller;
mod host_events;

use crate::config::{CheckoutConfig, ConfigError, RawConfig};
use crate::i18n::{format_money, pay_label, Locale, Text};
use crate::state::{Event, Phase};
use controller::{Shared, Ui};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub use controller::Controller;

/// A handle the embedding layer keeps to drive and tear down one checkout.
#[derive(Clone)]
pub struct CheckoutControl(Option<Shared>);

impl CheckoutControl {
    /// Destroys the element and stops all work. Safe to call twice.
    pub fn destroy(&self) {
        if let Some(ctl) = &self.0 {
            controller::destroy(ctl);
        }
    }

    /// The host changed the booking or the (deferred) amount.
    pub fn retarget(&self, booking_id: String, amount: Option<booking_contract::Money>) {
        if let Some(ctl) = &self.0 {
            controller::retarget(ctl, booking_id, amount);
        }
    }
}

/// Validates `raw` and renders either the checkout or one clear error state.
///
/// `control` receives the handle of the running checkout (none on a
/// configuration error); `early` is the early-start script's request, if any.
pub fn checkout_view(
    raw: &RawConfig,
    page_url: &str,
    control: &mut Option<CheckoutControl>,
    early: Option<crate::api::EarlyIntent>,
) -> AnyView {
    match raw.validate(page_url) {
        Ok(config) => {
            let ui = RwSignal::new(Ui {
                phase: Phase::Loading,
                can_pay: false,
                amount: None,
                card_error: None,
                notice: None,
                retry_held: false,
            });
            let ctl = Controller::new(config.clone(), ui, early);
            *control = Some(CheckoutControl(Some(ctl.clone())));
            checkout_form(config, ui, ctl).into_any()
        }
        Err(error) => {
            *control = Some(CheckoutControl(None));
            config_error(error, Locale::parse(raw.locale.as_deref().unwrap_or(""))).into_any()
        }
    }
}

fn config_error(error: ConfigError, locale: Locale) -> impl IntoView {
    // For the integrator: what is wrong, never the value that was given.
    web_sys::console::error_1(&error.to_string().into());
    let node = NodeRef::<html::Div>::new();
    node.on_load(move |el| {
        let target: web_sys::EventTarget = el.unchecked_into();
        host_events::failed(&target, "config");
    });
    view! {
        <div class="bc bc--error" role="alert" data-testid="config-error" node_ref=node>
            {Text::Misconfigured.get(locale)}
        </div>
    }
}

fn checkout_form(config: CheckoutConfig, ui: RwSignal<Ui>, ctl: Shared) -> impl IntoView {
    let locale = config.locale;
    let mount = NodeRef::<html::Div>::new();
    let stored = StoredValue::new_local(ctl);
    mount.on_load(move |el| {
        let el: web_sys::Element = el.unchecked_into();
        let host: web_sys::EventTarget = match el.parent_element() {
            Some(p) => p.unchecked_into(),
            None => el.clone().unchecked_into(),
        };
        stored.with_value(|ctl| controller::start(ctl, el, host));
    });
    on_cleanup(move || stored.with_value(controller::destroy));

    let phase = move || ui.with(|u| u.phase.clone());
    let loading = move || matches!(phase(), Phase::Loading);
    let paying = move || matches!(phase(), Phase::Paying);
    let done = move || matches!(phase(), Phase::Succeeded(_));
    let amount_text = move || ui.with(|u| u.amount.map(|m| format_money(locale, &m))).unwrap_or_default();
    let label = move || {
        if paying() {
            Text::Processing.get(locale).to_owned()
        } else {
            ui.with(|u| u.amount.map(|m| pay_label(locale, &m))).unwrap_or_else(|| Text::Loading.get(locale).to_owned())
        }
    };
    let state_name = move || match phase() {
        Phase::Loading => "loading",
        Phase::Ready => "ready",
        Phase::Paying => "paying",
        Phase::Succeeded(_) => "succeeded",
        Phase::Failed(_) => "failed",
    };
    let message = move || {
        ui.with(|u| match &u.phase {
            Phase::Succeeded(status) => {
                let text = status.success_text().map(|t| t.get(locale)).unwrap_or_default();
                Some(view! { <p class="bc-msg bc-msg--ok" data-testid="payment-success">{text}</p> }.into_any())
            }
            Phase::Failed(error) => Some(
                view! { <p class="bc-msg bc-msg--err" data-testid="payment-error">{error.user_message(locale).into_owned()}</p> }
                    .into_any(),
            ),
            _ => u
                .card_error
                .clone()
                .or_else(|| u.notice.clone())
                .map(|text| view! { <p class="bc-msg bc-msg--err" data-testid="payment-error">{text}</p> }.into_any()),
        })
    };
    let can_retry = move || {
        ui.with(|u| matches!(&u.phase, Phase::Failed(e) if e.recovery() == crate::errors::Recovery::Retry))
    };
    let send = move |event: Event| stored.with_value(|ctl| controller::dispatch(ctl, event));
    let description = config.description.clone();

    view! {
        <div class="bc" data-state=state_name aria-busy=move || (loading() || paying()).to_string()>
            <div class="bc-summary">
                {description.map(|d| view! { <span class="bc-desc">{d}</span> })}
                <span class="bc-total">
                    {Text::Total.get(locale)} " " <strong data-testid="amount">{amount_text}</strong>
                </span>
            </div>
            <div class="bc-skeleton" aria-hidden="true" hidden=move || !loading()>
                <span class="bc-skeleton-line"></span>
                <span class="bc-skeleton-line"></span>
                <span class="bc-visually-hidden">{Text::Loading.get(locale)}</span>
            </div>
            <div class="bc-element" node_ref=mount hidden=done></div>
            <button
                type="button"
                class="bc-pay"
                data-testid="pay-button"
                hidden=done
                disabled=move || !ui.with(|u| u.can_pay)
                aria-busy=move || paying().to_string()
                on:click=move |_| send(Event::PayPressed)
            >
                <span class="bc-spinner" aria-hidden="true" hidden=move || !paying()></span>
                {label}
            </button>
            <div class="bc-live" role="status" aria-live="polite">{message}</div>
            <button
                type="button"
                class="bc-retry"
                data-testid="retry-button"
                hidden=move || !can_retry()
                disabled=move || ui.with(|u| u.retry_held)
                on:click=move |_| send(Event::RetryPressed)
            >
                {Text::TryAgain.get(locale)}
            </button>
        </div>
    }
}
