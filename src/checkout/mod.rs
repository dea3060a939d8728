//! The checkout component: a plain DOM [`view`] driven by the controller.
//!
//! Our own DOM holds a summary, a mount point for Stripe's iframe, the Pay
//! button and a live region for messages; never a card input.

mod controller;
mod host_events;
mod view;

use crate::api::EarlyIntent;
use crate::config::RawConfig;
use crate::i18n::Locale;
use crate::view_model::{Ui, ViewModel};
use booking_contract::Money;
use controller::Shared;
use std::cell::RefCell;
use view::View;
use web_sys::Element;

pub use controller::Controller;

/// The view together with the picture it shows; every change re-renders.
pub struct Screen {
    ui: RefCell<Ui>,
    view: View,
    locale: Locale,
}

impl Screen {
    fn new(view: View, locale: Locale, ui: Ui) -> Self {
        view.render(&ViewModel::of(&ui, locale));
        Self { ui: RefCell::new(ui), view, locale }
    }

    /// Changes the picture and brings the DOM in line with it.
    fn update(&self, change: impl FnOnce(&mut Ui)) {
        let model = {
            let mut ui = self.ui.borrow_mut();
            change(&mut ui);
            ViewModel::of(&ui, self.locale)
        };
        self.view.render(&model);
    }
}

/// A handle the embedding layer keeps to drive and tear down one checkout.
pub struct CheckoutControl {
    ctl: Option<Shared>,
    node: Option<Element>,
}

impl CheckoutControl {
    /// Destroys the Stripe element, stops all work and takes our DOM off the
    /// page. Safe to call twice.
    pub fn destroy(&self) {
        if let Some(ctl) = &self.ctl {
            controller::destroy(ctl);
        }
        if let Some(node) = &self.node {
            node.remove();
        }
    }

    /// The host changed the booking or the (deferred) amount.
    pub fn retarget(&self, booking_id: String, amount: Option<Money>) {
        if let Some(ctl) = &self.ctl {
            controller::retarget(ctl, booking_id, amount);
        }
    }
}

/// Validates `raw` and renders, inside `target`, either the checkout or one
/// clear error state. `early` is the early-start script's request, if any.
pub fn mount(target: &Element, raw: &RawConfig, page_url: &str, early: Option<EarlyIntent>) -> CheckoutControl {
    match raw.validate(page_url) {
        Ok(config) => {
            let Some(view) = View::build(target, config.locale, config.description.as_deref()) else {
                return CheckoutControl { ctl: None, node: None };
            };
            let node = Some(view.root().clone());
            let ctl = Controller::new(config, view, early);
            controller::start(&ctl);
            CheckoutControl { ctl: Some(ctl), node }
        }
        Err(error) => {
            // For the integrator: what is wrong, never the value that was given.
            web_sys::console::error_1(&error.to_string().into());
            let node = view::config_error(target, Locale::parse(raw.locale.as_deref().unwrap_or("")));
            if let Some(node) = &node {
                host_events::failed(node, "config");
            }
            CheckoutControl { ctl: None, node }
        }
    }
}
