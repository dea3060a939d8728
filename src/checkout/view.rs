//! The checkout's own DOM: a summary, a mount point for Stripe's iframe, the
//! Pay button and a live region for messages; never a card input.
//!
//! Built once with plain DOM calls and then patched from a [`ViewModel`]:
//! the widget has six parts and one source of truth, so a reactive view
//! library would only add bytes (it was 40 % of the wasm) and start-up work
//! on the page's critical path. All text is set as text, never as HTML.

use crate::i18n::{Locale, Text};
use crate::view_model::{Message, ViewModel};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

/// Creates `<tag class=…>` with `attrs` and `text`, appended to `parent`.
fn child(doc: &Document, parent: &Element, tag: &str, attrs: &[(&str, &str)], text: &str) -> Element {
    // createElement only fails for invalid tag names; ours are literals.
    let el = doc.create_element(tag).unwrap_or_else(|_| unreachable!("createElement of a literal tag name"));
    for (name, value) in attrs {
        let _ = el.set_attribute(name, value);
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    let _ = parent.append_child(&el);
    el
}

/// Adds or removes a presence attribute (`hidden`, `disabled`).
fn toggle(el: &Element, name: &str, on: bool) {
    let _ = el.toggle_attribute_with_force(name, on);
}

/// Sets a `"true"`/`"false"` attribute (`aria-busy`).
fn set_bool_text(el: &Element, name: &str, on: bool) {
    let _ = el.set_attribute(name, if on { "true" } else { "false" });
}

/// The rendered checkout form.
pub struct View {
    root: Element,
    amount: Element,
    skeleton: Element,
    mount: Element,
    pay: Element,
    spinner: Element,
    label: Element,
    live: Element,
    retry: Element,
    /// The message on screen: the live region is only touched when it
    /// changes, so assistive technology announces each message once.
    shown: RefCell<Option<Message>>,
    listeners: RefCell<Vec<Closure<dyn FnMut()>>>,
}

impl View {
    /// Builds the form inside `parent`.
    pub fn build(parent: &Element, locale: Locale, description: Option<&str>) -> Option<Self> {
        let doc = parent.owner_document()?;
        let div = "div";
        let root = child(&doc, parent, div, &[("class", "bc")], "");
        let summary = child(&doc, &root, div, &[("class", "bc-summary")], "");
        if let Some(d) = description {
            child(&doc, &summary, "span", &[("class", "bc-desc")], d);
        }
        let total = child(&doc, &summary, "span", &[("class", "bc-total")], Text::Total.get(locale));
        let _ = total.append_with_str_1(" ");
        let amount = child(&doc, &total, "strong", &[("data-testid", "amount")], "");
        let skeleton = child(&doc, &root, div, &[("class", "bc-skeleton"), ("aria-hidden", "true")], "");
        for _ in 0..2 {
            child(&doc, &skeleton, "span", &[("class", "bc-skeleton-line")], "");
        }
        child(&doc, &skeleton, "span", &[("class", "bc-visually-hidden")], Text::Loading.get(locale));
        let mount = child(&doc, &root, div, &[("class", "bc-element")], "");
        let button = |class, testid| child(&doc, &root, "button", &[("type", "button"), ("class", class), ("data-testid", testid)], "");
        let pay = button("bc-pay", "pay-button");
        let spinner = child(&doc, &pay, "span", &[("class", "bc-spinner"), ("aria-hidden", "true")], "");
        let label = child(&doc, &pay, "span", &[], "");
        let live = child(&doc, &root, div, &[("class", "bc-live"), ("role", "status"), ("aria-live", "polite")], "");
        let retry = button("bc-retry", "retry-button");
        retry.set_text_content(Some(Text::TryAgain.get(locale)));
        Some(Self {
            root,
            amount,
            skeleton,
            mount,
            pay,
            spinner,
            label,
            live,
            retry,
            shown: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
        })
    }

    /// The root element: the target of the host events, removed on destroy.
    pub fn root(&self) -> &Element {
        &self.root
    }

    /// Where Stripe's iframe is mounted.
    pub fn mount_point(&self) -> &Element {
        &self.mount
    }

    /// Calls `pay` / `retry` when the buttons are clicked, for the view's lifetime.
    pub fn on_click(&self, pay: impl FnMut() + 'static, retry: impl FnMut() + 'static) {
        for (el, f) in [(&self.pay, Box::new(pay) as Box<dyn FnMut()>), (&self.retry, Box::new(retry))] {
            let closure = Closure::wrap(f);
            let _ = el.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref());
            self.listeners.borrow_mut().push(closure);
        }
    }

    /// Makes the DOM say what `v` says.
    pub fn render(&self, v: &ViewModel) {
        let _ = self.root.set_attribute("data-state", v.state);
        set_bool_text(&self.root, "aria-busy", v.busy);
        self.amount.set_text_content(Some(&v.amount));
        toggle(&self.skeleton, "hidden", !v.loading);
        toggle(&self.mount, "hidden", v.done);
        toggle(&self.pay, "hidden", v.done);
        toggle(&self.pay, "disabled", !v.can_pay);
        set_bool_text(&self.pay, "aria-busy", v.paying);
        toggle(&self.spinner, "hidden", !v.paying);
        self.label.set_text_content(Some(&v.pay_label));
        toggle(&self.retry, "hidden", !v.retry);
        toggle(&self.retry, "disabled", v.retry_held);
        let mut shown = self.shown.borrow_mut();
        if *shown != v.message {
            self.live.set_text_content(None);
            if let (Some(m), Some(doc)) = (&v.message, self.live.owner_document()) {
                let (class, testid) =
                    if m.ok { ("bc-msg bc-msg--ok", "payment-success") } else { ("bc-msg bc-msg--err", "payment-error") };
                child(&doc, &self.live, "p", &[("class", class), ("data-testid", testid)], &m.text);
            }
            shown.clone_from(&v.message);
        }
    }
}

/// Shows the configuration error state inside `parent` and returns it.
pub fn config_error(parent: &Element, locale: Locale) -> Option<Element> {
    let doc = parent.owner_document()?;
    Some(child(
        &doc,
        parent,
        "div",
        &[("class", "bc bc--error"), ("role", "alert"), ("data-testid", "config-error")],
        Text::Misconfigured.get(locale),
    ))
}
