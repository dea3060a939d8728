//! The checkout component: the Leptos view ([`crate::view`]) following a
//! picture signal, driven by the [`controller`] through a narrow
//! [`screen::Screen`]. Every way of embedding (custom element, JS API,
//! Leptos component) goes through [`Checkout`] and [`config_error`].

mod address;
mod controller;
mod host_events;
mod screen;
mod shell_nodes;

pub use address::{keep_return_secret, page_url, take_return_secret};
pub use host_events::{Hooks, Succeeded};
pub use shell_nodes::remove_early_shell;

use crate::api::EarlyIntent;
use crate::config::{CheckoutConfig, ConfigError, Theme};
use crate::errors::CheckoutError;
use crate::i18n::Locale;
use crate::shell::Part;
use crate::state::Event;
use crate::view::{checkout_view, config_error_view};
use crate::view_model::{Picture, ViewModel};
use booking_contract::{ClientSecret, Money};
use controller::Shared;
use host_events::News;
use leptos::prelude::*;
use leptos::reactive::effect::RenderEffect;
use screen::Screen;
use shell_nodes::ShellNodes;
use std::any::Any;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// One running checkout: what its host may ask of it.
#[derive(Clone)]
pub struct Checkout(Shared);

impl Checkout {
    /// A checkout for a validated `config`; nothing loads until it is
    /// [mounted](Self::mount_in). `early` is the early-start
    /// script's request, `return_secret` the client secret of a redirect return.
    pub fn new(
        config: CheckoutConfig,
        early: Option<EarlyIntent>,
        return_secret: Option<ClientSecret>,
        hooks: Hooks,
    ) -> Self {
        let picture = Picture {
            description: config.description.clone(),
            terms: config.flow.terms(),
            ..Picture::loading(config.flow.amount(), config.locale)
        };
        let screen = Screen::new(picture, hooks);
        Self(controller::create(config, screen, early, return_secret))
    }

    /// Puts the checkout in `target`: the shell (the early start's, or a
    /// new one), the view inside it, and then the controller starts. The
    /// returned value unmounts it all when dropped; `None` only when the
    /// page refused a node.
    pub fn mount_in(&self, target: &Element) -> Option<Mounted> {
        let shell = ShellNodes::take_or_build(target)?;
        let picture = controller::screen(&self.0).picture();
        let root: HtmlElement = shell.root().clone().unchecked_into();
        let (shown, ctl) = (shell.clone(), self.0.clone());
        let view = leptos::mount::mount_to(root, move || {
            let model = Memo::new(move |_| picture.with(ViewModel::of));
            // Synchronous, like the view's own bindings: the shell never
            // shows another state than the view beside it.
            let effect = RenderEffect::new(move |_| model.with(|v| shown.show(v)));
            StoredValue::new_local(effect);
            let ctl = StoredValue::new_local(ctl);
            on_cleanup(move || {
                let _ = ctl.try_with_value(controller::destroy);
            });
            let send = move |event: Event| {
                move || {
                    let _ = ctl.try_with_value(|ctl| controller::dispatch(ctl, event.clone()));
                }
            };
            checkout_view(model.into(), send(Event::PayPressed), send(Event::RetryPressed))
        });
        let (root, mount, wallets) =
            (shell.root().clone(), shell.get(Part::Element).clone(), shell.get(Part::Wallets).clone());
        controller::start(&self.0, root, mount, wallets);
        Some(Mounted { view: Some(Box::new(view)), shell })
    }

    /// The host changed the booking or the (deferred) amount: a new booking
    /// gets a new Elements group; a new amount goes into the mounted form.
    pub fn retarget(&self, booking_id: String, amount: Option<Money>) {
        controller::retarget(&self.0, booking_id, amount);
    }

    /// Loads again after a failure that the host can fix (a sign-in), or,
    /// on a form the customer is using, reads the booking's price again and
    /// shows it without a remount (what the customer typed stays). A
    /// payment in flight finishes first.
    pub fn refresh(&self) {
        controller::refresh(&self.0);
    }

    /// Changes the language of every text, in place.
    pub fn set_locale(&self, locale: Locale) {
        controller::set_locale(&self.0, locale);
    }

    /// Changes the summary's description, in place (a host that changed the
    /// stay changes it with the price). Empty removes it.
    pub fn set_description(&self, description: &str) {
        controller::set_description(&self.0, description);
    }

    /// Changes the Stripe element's theme, in place.
    pub fn set_theme(&self, theme: Theme) {
        controller::set_theme(&self.0, theme);
    }

    /// The client secret of a redirect return this checkout has not
    /// finished (not yet retrieved, or its success not yet vouched for),
    /// taken from it: for the checkout that replaces this one.
    pub fn take_unfinished_return(&self) -> Option<ClientSecret> {
        controller::take_unfinished_return(&self.0)
    }

    /// Destroys the Stripe element and stops all work. Safe to call twice.
    pub fn destroy(&self) {
        controller::destroy(&self.0);
    }
}

/// A checkout on the page. Dropping it unmounts the view (which destroys
/// the checkout) and takes the shell off the page.
pub struct Mounted {
    view: Option<Box<dyn Any>>,
    shell: ShellNodes,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        // The view first: its cleanup destroys the Stripe elements.
        drop(self.view.take());
        self.shell.remove();
    }
}

/// The configuration error state: tells the integrator what is wrong in the
/// console (never the value given) and the host `checkout:failed` `config`.
pub fn config_error(error: ConfigError, locale: Locale, hooks: Hooks) -> impl IntoView {
    web_sys::console::error_1(&error.message().into());
    let root = NodeRef::new();
    root.on_load(move |el: web_sys::HtmlDivElement| {
        host_events::tell(&el, &hooks, News::Failed { code: CheckoutError::Config(error).code(), policy: None });
    });
    config_error_view(locale, root)
}
