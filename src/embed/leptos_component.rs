//! The checkout as a Leptos component, for Leptos apps (`leptos` feature).
//!
//! A Leptos app already ships Leptos' runtime, so this adapter costs it
//! nothing; the standalone embed build leaves Leptos out altogether. The
//! component renders one host `<div>` and mounts the same checkout the
//! custom element does into it.

use super::{mount, CheckoutHandle};
use crate::config::RawConfig;
use leptos::html;
use leptos::prelude::*;

/// `<BookingCheckout config=… />`: the checkout inside a Leptos view.
///
/// The configuration is validated before anything loads; the Stripe element
/// is destroyed when the component unmounts.
#[component]
pub fn BookingCheckout(
    /// The configuration; validated before anything loads.
    config: RawConfig,
) -> impl IntoView {
    let host = NodeRef::<html::Div>::new();
    let handle = StoredValue::new_local(None::<CheckoutHandle>);
    host.on_load(move |el| handle.set_value(Some(mount(&el, &config, None))));
    on_cleanup(move || handle.with_value(|h| h.as_ref().map(CheckoutHandle::destroy)).unwrap_or_default());
    view! { <div class="bc-host" node_ref=host></div> }
}
