//! The form the early start (`src/embed/early.js`) mounted before the wasm
//! arrived: its `Stripe(pk)`, Elements group and Element, taken over when
//! they were made with exactly the options this module would pass.
//!
//! The early start records what it passed (`options`: `{client, group,
//! element}`) and the events its Element fired. Taking the record closes it,
//! so the early start mounts nothing afterwards. A form made with other
//! options, or into another node, is destroyed and the checkout mounts its
//! own: adoption saves time, never changes what is shown or confirmed.

use super::bindings::{ElementJs, ElementsJs, StripeJs};
use super::client::{GroupMode, StripeClient};
use super::element::{ElementHandle, ElementsGroup};
use super::wire::{ClientOptions, ElementOptions};
use crate::config::{ElementKind, PublishableKey};
use crate::i18n::Locale;
use crate::js_object::JsObject;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// What the early start left for the component (its record), until the
/// first mount takes or refuses it.
pub struct EarlyForm(JsValue);

/// An early form taken over: the events its Element fired so far are
/// replayed once the checkout's own listeners are on.
pub struct Adopted {
    /// The `Stripe(pk)` instance that made the group.
    pub client: StripeClient,
    /// The Elements group.
    pub group: ElementsGroup,
    /// The mounted Element.
    pub element: ElementHandle,
    /// `[name, event]` pairs, in the order they fired.
    pub events: Vec<(String, JsValue)>,
}

/// What the checkout would mount now.
pub struct Wanted<'a> {
    /// The configured key.
    pub key: &'a PublishableKey,
    /// The group's mode (only an intent's group is made early).
    pub mode: GroupMode<'a>,
    /// Appearance theme.
    pub theme: &'a str,
    /// Language.
    pub locale: Locale,
    /// Payment or Card Element.
    pub kind: ElementKind,
    /// The node the Element must be mounted in.
    pub slot: &'a web_sys::Element,
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn json(value: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(value).ok().map(String::from)
}

impl EarlyForm {
    /// The early start's record.
    pub fn new(record: JsValue) -> Self {
        Self(record)
    }

    /// Closes the record and returns its form (`{key, kind, options, stripe,
    /// elements, element, slot, events, stop}`), if the early start mounted
    /// one, with the early start's listeners taken off.
    fn close(&self) -> Option<JsValue> {
        // A property on the early start's own plain object.
        let _ = Reflect::set(&self.0, &"closed".into(), &JsValue::TRUE);
        let form = Some(get(&self.0, "form")).filter(JsValue::is_object)?;
        // The early start's listeners come off; ours (or none) replace them.
        if let Ok(stop) = get(&form, "stop").dyn_into::<Function>() {
            let _ = stop.call0(&form);
        }
        Some(form)
    }

    /// Takes the early form if it is what `wanted` describes; otherwise
    /// destroys it.
    pub fn adopt(self, wanted: &Wanted<'_>) -> Option<Adopted> {
        let form = self.close()?;
        let adopted = if matches(&form, wanted) { take(&form) } else { None };
        if adopted.is_none() {
            destroy(&form);
        }
        adopted
    }

    /// Closes the record and destroys its form, if any: the checkout will
    /// not use it.
    pub fn discard(self) {
        if let Some(form) = self.close() {
            destroy(&form);
        }
    }
}

/// Whether the early form was made as `wanted` would make it: the same
/// key, kind and node, and the options the Rust side builds, compared as JSON.
fn matches(form: &JsValue, wanted: &Wanted<'_>) -> bool {
    let ours = JsObject::new()
        .set("client", ClientOptions { locale: wanted.locale.stripe_tag() }.to_js())
        .set("group", wanted.mode.options(wanted.theme, wanted.locale).to_js())
        .set("element", ElementOptions::for_kind(wanted.kind).to_js());
    let theirs = json(&get(form, "options"));
    get(form, "key").as_string().as_deref() == Some(wanted.key.as_str())
        && get(form, "kind").as_string().as_deref() == Some(wanted.kind.as_str())
        && Object::is(&get(form, "slot"), wanted.slot)
        && theirs.is_some()
        && theirs == json(&ours.into())
}

fn take(form: &JsValue) -> Option<Adopted> {
    let (stripe, group, element) = (get(form, "stripe"), get(form, "elements"), get(form, "element"));
    if !(stripe.is_object() && group.is_object() && element.is_object()) {
        return None;
    }
    let events = get(form, "events")
        .dyn_into::<Array>()
        .ok()?
        .iter()
        .filter_map(|pair| Some((get(&pair, "0").as_string()?, get(&pair, "1"))))
        .collect();
    Some(Adopted {
        client: StripeClient::adopt(stripe.unchecked_into::<StripeJs>()),
        group: ElementsGroup::new(group.unchecked_into::<ElementsJs>()),
        element: ElementHandle::adopt(element.unchecked_into::<ElementJs>()),
        events,
    })
}

fn destroy(form: &JsValue) {
    let element = get(form, "element");
    if element.is_object() {
        // Throws if already destroyed; nothing to do then.
        let _ = element.unchecked_into::<ElementJs>().destroy();
    }
}
