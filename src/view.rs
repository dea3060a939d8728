//! The checkout's DOM: a Leptos view that binds a [`ViewModel`] signal to
//! a summary, the Pay button, a live region and a retry button, mounted in
//! the [shell](crate::shell) after the nodes Stripe mounts its iframes
//! into (so no update of the view ever moves them). Never a card input;
//! all text is set as text.
//!
//! Every attribute and text binding reads one field of the model through a
//! `Signal<bool>`, `Signal<String>` or `Signal<&'static str>`: the type
//! erasure makes all bindings of one kind share one copy of Leptos'
//! attribute and text code in the wasm, instead of one per closure.
//!
//! No element is wholly static: Leptos creates a wholly static element from
//! an HTML string (`innerHTML` on a `<template>`), which a page enforcing
//! Trusted Types refuses, so each has at least one attribute given as an
//! expression and is built node by node (`tests/e2e/trusted-types.spec.mjs`).

use crate::i18n::{Locale, Text};
use crate::shell::aria;
use crate::view_model::{Message, ViewModel};
use leptos::html;
use leptos::prelude::*;

/// The checkout form for `model`. `on_pay` / `on_retry` run on the buttons' clicks.
pub fn checkout_view(
    model: Signal<ViewModel>,
    on_pay: impl Fn() + 'static,
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    let flag = move |f: fn(&ViewModel) -> bool| Signal::derive(move || model.with(f));
    let text = move |f: fn(&ViewModel) -> String| Signal::derive(move || model.with(f));
    let word = move |f: fn(&ViewModel) -> &'static str| Signal::derive(move || model.with(f));
    let focused = StoredValue::new(None::<Message>);
    view! {
        <div class="bc-summary">
            // Rebuilt only when the host changes it (with the price, say).
            {move || model.with(|v| v.description.clone()).map(|d| view! { <span class="bc-desc">{d}</span> })}
            <span class="bc-total" hidden=flag(|v| v.total_hidden)>
                {word(|v| v.total_label)}
                " "
                <strong data-testid="amount">{text(|v| v.amount.clone())}</strong>
            </span>
            <span class="bc-later" data-testid="later" hidden=flag(|v| v.later.is_none())>
                {text(|v| v.later.clone().unwrap_or_default())}
            </span>
        </div>
        // What Pay agrees to, read before it. Both lines are bound like
        // the rest (hidden and text), sharing their code in the wasm.
        <p class="bc-consent" data-testid="consent" hidden=flag(|v| v.consent.is_none())>
            {text(|v| v.consent.clone().unwrap_or_default())}
        </p>
        <button
            type="button"
            class="bc-pay"
            data-testid="pay-button"
            hidden=flag(|v| v.form_hidden)
            disabled=flag(|v| !v.can_pay)
            aria-busy=word(|v| aria(v.paying))
            on:click=move |_| on_pay()
        >
            <span class="bc-spinner" aria-hidden="true" hidden=flag(|v| !v.paying)></span>
            <span>{text(|v| v.pay_label.clone())}</span>
        </button>
        // What a cancellation keeps, under Pay: it comes with the server's
        // answer, and there it moves nothing the guest may be reading. A
        // block per sentence: none is a large paint of its own, so the
        // page's largest paint stays the early one.
        <p class="bc-consent bc-cancellation" data-testid="cancellation" hidden=flag(|v| v.cancellation.is_empty())>
            <span class="bc-line">{text(|v| line(v, 0))}</span>
            <span class="bc-line">{text(|v| line(v, 1))}</span>
            <span class="bc-line">{text(|v| line(v, 2))}</span>
            <span class="bc-line">{text(|v| line(v, 3))}</span>
        </p>
        <div class="bc-live" role="status" aria-live="polite">
            // Rebuilt in place: the paragraph's text node changes (and
            // is announced) only when the message does.
            {move || {
                let (message, outcome) = model.with(|v| (v.message.clone(), matches!(v.state, "failed" | "succeeded")));
                // Focus goes to a payment's new outcome once; a Card
                // Element's live validation text never takes it (the
                // customer is typing), nor does a repaint of the same text.
                let fresh = outcome && message.is_some() && focused.with_value(|last| *last != message);
                focused.set_value(message.clone());
                message.map(|m| message_view(m, fresh))
            }}
        </div>
        <button
            type="button"
            class="bc-retry"
            data-testid="retry-button"
            hidden=flag(|v| !v.retry)
            disabled=flag(|v| v.retry_held)
            on:click=move |_| on_retry()
        >
            {word(|v| v.retry_label)}
        </button>
    }
}

/// Sentence `i` of the cancellation policy, spaced from the one before;
/// the last line holds every sentence from there (a policy of four tiers
/// or more), and a line past the end is empty (its block takes no room).
fn line(v: &ViewModel, i: usize) -> String {
    let sentences = v.cancellation.get(i..).unwrap_or_default();
    let said = if i == LINES - 1 { sentences.join(" ") } else { sentences.first().cloned().unwrap_or_default() };
    if i == 0 || said.is_empty() {
        said
    } else {
        " ".to_owned() + &said
    }
}

/// The cancellation policy's lines on screen.
const LINES: usize = 4;

fn message_view(m: Message, take_focus: bool) -> impl IntoView {
    let (class, testid) =
        if m.ok { ("bc-msg bc-msg--ok", "payment-success") } else { ("bc-msg bc-msg--err", "payment-error") };
    let node = NodeRef::<html::P>::new();
    if take_focus {
        node.on_load(|p| focus_unless_busy_elsewhere(&p));
    }
    view! { <p class=class data-testid=testid tabindex="-1" node_ref=node>{m.text}</p> }
}

/// Moves focus to an outcome message, so keyboard and screen-reader users
/// land on what happened, unless the customer is busy elsewhere on the host
/// page (focus outside the checkout and not on the page's body).
fn focus_unless_busy_elsewhere(message: &web_sys::HtmlElement) {
    let Some(document) = message.owner_document() else { return };
    let idle = match document.active_element() {
        None => true,
        Some(active) => {
            let on_body = document.body().is_some_and(|body| AsRef::<web_sys::Element>::as_ref(&body) == &active);
            let in_checkout =
                message.closest(".bc").ok().flatten().is_some_and(|root| root.contains(Some(active.as_ref())));
            on_body || in_checkout
        }
    };
    if idle {
        let _ = message.focus();
    }
}

/// The configuration error state: one sentence for the customer, never the
/// value that was wrong (the integrator reads the reason in the console).
pub fn config_error_view(locale: Locale, root: NodeRef<html::Div>) -> impl IntoView {
    view! {
        <div class="bc bc--error" role="alert" data-testid="config-error" node_ref=root>
            {Text::Misconfigured.get(locale)}
        </div>
    }
}

#[cfg(test)]
mod tests {
    //! Every state rendered with Leptos' SSR renderer on the host.

    use super::*;
    use crate::errors::{CheckoutError, ServerError, StripeError};
    use crate::state::{Paid, Payment, Phase};
    use crate::status::IntentStatus;
    use crate::view_model::Picture;
    use booking_contract::{Currency, Money};

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("eur").unwrap()).unwrap()
    }

    fn render(picture: Picture, description: Option<&str>) -> String {
        let owner = Owner::new();
        owner.with(|| {
            let picture = Picture { description: description.map(str::to_owned), ..picture };
            let model = ViewModel::of(&picture);
            let inner = checkout_view(Signal::stored(model.clone()), || {}, || {}).to_html();
            crate::shell::html(&model, &inner)
        })
    }

    /// The opening tag of the element whose attributes contain `marker`.
    fn tag<'a>(html: &'a str, marker: &str) -> &'a str {
        let at = html.find(marker).unwrap_or_else(|| panic!("{marker} not in {html}"));
        let start = html[..at].rfind('<').unwrap();
        let end = at + html[at..].find('>').unwrap();
        &html[start..=end]
    }

    fn hidden(html: &str, marker: &str) -> bool {
        tag(html, marker).contains(" hidden")
    }

    fn disabled(html: &str, marker: &str) -> bool {
        tag(html, marker).contains(" disabled")
    }

    /// The text inside the element whose opening tag contains `marker`, tags removed.
    fn text_of(html: &str, marker: &str) -> String {
        let open = tag(html, marker);
        let name = open[1..].split([' ', '>']).next().unwrap();
        let from = html.find(open).unwrap() + open.len();
        let to = from + html[from..].find(&format!("</{name}>")).unwrap();
        let mut out = String::new();
        let mut in_tag = false;
        for c in html[from..to].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("<!>", "")
    }

    const PAY: &str = "data-testid=\"pay-button\"";
    const RETRY: &str = "data-testid=\"retry-button\"";
    const ELEMENT: &str = "class=\"bc-element\"";
    const SKELETON: &str = "class=\"bc-skeleton\"";
    const TOTAL: &str = "class=\"bc-total\"";
    const WALLETS: &str = "class=\"bc-wallets\"";

    #[test]
    fn loading_shows_the_skeleton_and_a_disabled_pay_that_says_so() {
        let html = render(Picture::loading(None, Locale::En), Some("Sea-view room"));
        assert!(tag(&html, "class=\"bc\"").contains("data-state=\"loading\""));
        assert!(tag(&html, "class=\"bc\"").contains("aria-busy=\"true\""));
        assert!(!hidden(&html, SKELETON) && tag(&html, SKELETON).contains("aria-hidden=\"true\""));
        assert!(disabled(&html, PAY) && !hidden(&html, PAY));
        assert_eq!(text_of(&html, PAY), Text::Loading.get(Locale::En));
        assert!(hidden(&html, TOTAL), "no empty Total");
        assert!(hidden(&html, RETRY));
        assert_eq!(text_of(&html, "class=\"bc-desc\""), "Sea-view room");
        assert!(!html.contains("<input"), "card fields live only in Stripe's iframe");
    }

    #[test]
    fn a_deposit_says_what_pay_charges_what_follows_and_what_the_guest_agrees_to_before_pay() {
        let deposit = booking_contract::PaymentTerms::Deposit {
            total: eur(12_500),
            now: eur(3_125),
            balance: eur(9_375),
            balance_due: booking_contract::Date::parse("2027-03-12").unwrap(),
        };
        let picture = Picture {
            phase: Phase::Ready,
            can_pay: true,
            form: true,
            terms: Some(deposit),
            ..Picture::loading(Some(eur(12_500)), Locale::En)
        };
        let html = render(picture.clone(), None);
        assert_eq!(text_of(&html, PAY), "Pay deposit €31.25");
        assert_eq!(text_of(&html, "data-testid=\"amount\""), "€125.00");
        assert_eq!(text_of(&html, "data-testid=\"later\""), "€93.75 charged on 12 March 2027");
        let consent = text_of(&html, "data-testid=\"consent\"");
        assert!(consent.contains("€93.75") && consent.contains("12 March 2027"), "{consent}");
        assert!(html.find("data-testid=\"consent\"").unwrap() < html.find(PAY).unwrap(), "read before Pay");
        let fr = render(Picture { locale: Locale::Fr, ..picture }, None);
        assert_eq!(text_of(&fr, "data-testid=\"later\""), "93,75\u{a0}€ débités le 12 mars 2027");
    }

    #[test]
    fn ready_shows_the_amount_and_an_enabled_pay() {
        let picture = Picture {
            phase: Phase::Ready,
            can_pay: true,
            form: true,
            ..Picture::loading(Some(eur(12_500)), Locale::En)
        };
        let html = render(picture, None);
        assert!(tag(&html, "class=\"bc\"").contains("data-state=\"ready\""));
        assert!(tag(&html, "class=\"bc\"").contains("aria-busy=\"false\""));
        assert_eq!(text_of(&html, "data-testid=\"amount\""), "€125.00");
        for part in ["data-testid=\"later\"", "data-testid=\"consent\""] {
            assert!(hidden(&html, part), "paid in full now: nothing later, nothing to agree to");
        }
        assert_eq!(text_of(&html, TOTAL), "Total €125.00");
        assert_eq!(text_of(&html, PAY), "Pay €125.00");
        assert!(!disabled(&html, PAY) && hidden(&html, SKELETON) && !hidden(&html, ELEMENT));
        assert!(!html.contains("bc-desc"), "no description, no empty span");
        assert!(hidden(&html, WALLETS), "no wallet: no empty space above the form");
        let with_wallets = Picture {
            phase: Phase::Ready,
            can_pay: true,
            form: true,
            wallets: true,
            ..Picture::loading(Some(eur(12_500)), Locale::En)
        };
        let html = render(with_wallets, None);
        assert!(!hidden(&html, WALLETS));
        assert!(!tag(&html, WALLETS).contains(" inert"), "the wallet buttons take clicks");
        assert!(html.find(WALLETS).unwrap() < html.find(ELEMENT).unwrap(), "wallet buttons above the card form");
    }

    #[test]
    fn a_ready_form_keeps_the_wallet_row_while_the_buttons_load_and_not_after_a_failure() {
        let loading_wallets = Picture {
            phase: Phase::Ready,
            can_pay: true,
            form: true,
            wallets_pending: true,
            ..Picture::loading(Some(eur(12_500)), Locale::En)
        };
        let html = render(loading_wallets.clone(), None);
        assert!(hidden(&html, WALLETS) && tag(&html, WALLETS).contains(" data-pending"), "kept, no button yet");
        let over = Picture { phase: Phase::Failed(CheckoutError::Server(ServerError::SignIn)), ..loading_wallets };
        assert!(!tag(&render(over, None), WALLETS).contains("data-pending"), "no row kept beside a form that is gone");
    }

    #[test]
    fn paying_shows_the_spinner_and_a_busy_disabled_pay() {
        let picture = Picture {
            phase: Phase::Paying(Payment::default()),
            form: true,
            ..Picture::loading(Some(eur(500)), Locale::Fr)
        };
        let html = render(picture, None);
        assert!(disabled(&html, PAY) && tag(&html, PAY).contains("aria-busy=\"true\""));
        assert!(!hidden(&html, "class=\"bc-spinner\""));
        assert_eq!(text_of(&html, PAY), Text::Processing.get(Locale::Fr));
        let with_wallets = Picture {
            phase: Phase::Paying(Payment::default()),
            form: true,
            wallets: true,
            ..Picture::loading(None, Locale::En)
        };
        let html = render(with_wallets, None);
        assert!(!hidden(&html, WALLETS) && tag(&html, WALLETS).contains(" inert"), "in place, taking no clicks");
    }

    #[test]
    fn a_decline_shows_stripe_text_and_keeps_the_form() {
        let decline = CheckoutError::Stripe(StripeError::new("card_error", Some("Your card was declined.".into())));
        let picture = Picture {
            phase: Phase::Failed(decline),
            can_pay: true,
            form: true,
            ..Picture::loading(Some(eur(500)), Locale::En)
        };
        let html = render(picture, None);
        assert_eq!(text_of(&html, "data-testid=\"payment-error\""), "Your card was declined.");
        assert!(tag(&html, "data-testid=\"payment-error\"").contains("bc-msg--err"));
        assert!(!hidden(&html, ELEMENT) && !hidden(&html, PAY) && !disabled(&html, PAY));
        assert!(hidden(&html, RETRY), "Pay again is the way forward, not a reload");
        assert!(tag(&html, "class=\"bc-live\"").contains("role=\"status\""));
    }

    #[test]
    fn a_failed_load_offers_retry_and_no_dead_pay_button() {
        let picture = Picture {
            phase: Phase::Failed(CheckoutError::Server(ServerError::Unavailable)),
            ..Picture::loading(None, Locale::En)
        };
        let html = render(picture, None);
        assert!(hidden(&html, PAY) && hidden(&html, ELEMENT) && hidden(&html, TOTAL) && hidden(&html, SKELETON));
        assert!(!hidden(&html, RETRY) && !disabled(&html, RETRY));
        assert_eq!(text_of(&html, RETRY), "Try again");
        assert_eq!(text_of(&html, "data-testid=\"payment-error\""), Text::ServiceUnavailable.get(Locale::En));
    }

    #[test]
    fn a_signed_out_visitor_reads_one_coherent_sentence() {
        let picture = Picture {
            phase: Phase::Failed(CheckoutError::Server(ServerError::SignIn)),
            ..Picture::loading(None, Locale::En)
        };
        let html = render(picture, Some("Sea-view room"));
        assert_eq!(text_of(&html, "data-testid=\"payment-error\""), "Please sign in to pay for this booking.");
        for part in [PAY, RETRY, ELEMENT, TOTAL, SKELETON] {
            assert!(hidden(&html, part), "{part} is hidden");
        }
    }

    #[test]
    fn an_unknown_outcome_offers_check_again_and_no_pay() {
        let picture = Picture {
            phase: Phase::Failed(CheckoutError::Unconfirmed),
            form: true,
            ..Picture::loading(Some(eur(500)), Locale::En)
        };
        let html = render(picture, None);
        assert!(hidden(&html, PAY) && hidden(&html, ELEMENT));
        assert_eq!(text_of(&html, RETRY), "Check again");
        assert_eq!(text_of(&html, "data-testid=\"payment-error\""), Text::Unconfirmed.get(Locale::En));
    }

    #[test]
    fn an_outcome_message_can_take_focus_but_is_no_tab_stop() {
        // The view moves focus to a new outcome (tests/e2e/a11y.spec.mjs);
        // tabindex -1 makes that possible without adding a Tab stop.
        let picture = Picture {
            phase: Phase::Failed(CheckoutError::Server(ServerError::Unavailable)),
            ..Picture::loading(None, Locale::En)
        };
        let html = render(picture, None);
        assert!(tag(&html, "data-testid=\"payment-error\"").contains("tabindex=\"-1\""));
    }

    #[test]
    fn a_held_retry_is_shown_disabled() {
        let picture = Picture {
            phase: Phase::Failed(CheckoutError::Server(ServerError::RateLimited { retry_after_secs: 3 })),
            retry_held: true,
            ..Picture::loading(None, Locale::En)
        };
        let html = render(picture, None);
        assert!(!hidden(&html, RETRY) && disabled(&html, RETRY));
    }

    #[test]
    fn success_hides_the_form_and_says_paid() {
        let picture = Picture {
            phase: Phase::Succeeded(Paid { status: IntentStatus::Succeeded, intent_id: "pi_1".into(), wallet: None }),
            form: true,
            ..Picture::loading(Some(eur(500)), Locale::Fr)
        };
        let html = render(picture, None);
        assert!(tag(&html, "class=\"bc\"").contains("data-state=\"succeeded\""));
        assert!(hidden(&html, ELEMENT) && hidden(&html, PAY) && hidden(&html, RETRY));
        assert_eq!(text_of(&html, "data-testid=\"payment-success\""), Text::Paid.get(Locale::Fr));
        assert!(!html.contains("payment-error"));
    }

    #[test]
    fn the_configuration_error_is_an_alert_without_the_value() {
        let owner = Owner::new();
        let html = owner.with(|| config_error_view(Locale::Fr, NodeRef::new()).to_html());
        assert!(tag(&html, "data-testid=\"config-error\"").contains("role=\"alert\""));
        assert_eq!(text_of(&html, "data-testid=\"config-error\""), Text::Misconfigured.get(Locale::Fr));
    }
}
