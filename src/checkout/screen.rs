//! The controller's narrow window on the view: change the picture, find
//! the node Stripe mounts into, tell the host. Nothing else of the view is
//! visible to the controller.

use super::host_events::{self, Hooks, News};
use crate::i18n::Locale;
use crate::view_model::Picture;
use leptos::prelude::{ArcRwSignal, Update, WithUntracked};
use web_sys::Element;

/// The view's nodes, once it is on the page.
#[derive(Clone)]
struct Nodes {
    root: Element,
    mount: Element,
    wallets: Element,
}

/// What the controller may do to what the customer (and the host) sees.
#[derive(Clone)]
pub struct Screen {
    picture: ArcRwSignal<Picture>,
    hooks: Hooks,
    nodes: Option<Nodes>,
}

impl Screen {
    /// A screen showing `picture`, telling the host through `hooks` too.
    pub fn new(picture: Picture, hooks: Hooks) -> Self {
        Self { picture: ArcRwSignal::new(picture), hooks, nodes: None }
    }

    /// The signal the view follows.
    pub fn picture(&self) -> ArcRwSignal<Picture> {
        self.picture.clone()
    }

    /// Records the view's nodes once they are on the page.
    pub fn attach(&mut self, root: Element, mount: Element, wallets: Element) {
        self.nodes = Some(Nodes { root, mount, wallets });
    }

    /// Changes the picture; the view follows.
    pub fn change(&self, f: impl FnOnce(&mut Picture)) {
        self.picture.update(f);
    }

    /// The node Stripe mounts its element into.
    pub fn mount_point(&self) -> Option<&Element> {
        self.nodes.as_ref().map(|n| &n.mount)
    }

    /// The node the Express Checkout Element (wallet buttons) mounts into.
    pub fn wallets_point(&self) -> Option<&Element> {
        self.nodes.as_ref().map(|n| &n.wallets)
    }

    /// The language every text is in now.
    pub fn locale(&self) -> Locale {
        self.picture.with_untracked(|p| p.locale)
    }

    /// The version of the cancellation policy on screen, if one is.
    pub fn cancellation_version(&self) -> Option<String> {
        self.picture.with_untracked(|p| p.cancellation.as_ref().map(|c| c.version.clone()))
    }

    /// Whether Pay could be pressed now (a wallet's click is answered by it).
    pub fn can_pay(&self) -> bool {
        self.picture.with_untracked(|p| p.can_pay)
    }

    /// Tells the host `news`. Call it with no borrow of the controller held:
    /// the host's listeners may destroy or retarget the checkout.
    pub fn tell(&self, news: News) {
        if let Some(nodes) = &self.nodes {
            host_events::tell(&nodes.root, &self.hooks, news);
        }
    }
}
