//! What reaches the controller: a flow's [`Report`] when it is over, and
//! the [`Message`]s that Stripe.js's callbacks and the timers send through
//! a [`Sender`], always on a later turn and only while the checkout lives.

use crate::state::Event;
use crate::stripe::WalletConfirm;
use booking_contract::{CancellationTerms, ClientSecret};
use std::rc::{Rc, Weak};
use wasm_bindgen_futures::spawn_local;

/// What a flow reports: the event, and a client secret it obtained for
/// the load it ran in (the deferred flow creates its intent at Pay).
pub(super) struct Report {
    /// For the machine.
    pub event: Event,
    /// The load and the client secret a payment created in it.
    pub secret: Option<(u32, ClientSecret)>,
    /// The booking's cancellation policy, as create-intent answered it.
    pub cancellation: Option<CancellationTerms>,
}

impl From<Event> for Report {
    fn from(event: Event) -> Self {
        Self { event, secret: None, cancellation: None }
    }
}

/// Something Stripe.js or a timer has to say.
pub(super) enum Message {
    /// An event for the machine.
    Event(Event),
    /// The customer approved a wallet payment; its interface waits for
    /// the outcome.
    WalletApproved(WalletConfirm),
}

/// Sends [`Message`]s to the controller that made it. Holds no strong
/// reference: a checkout that is gone receives nothing.
#[derive(Clone)]
pub(super) struct Sender(Weak<dyn Fn(Message)>);

impl Sender {
    /// A sender to `receive`.
    pub fn new(receive: &Rc<dyn Fn(Message)>) -> Self {
        Self(Rc::downgrade(receive))
    }

    /// Sends `event` on a later turn: Stripe.js may fire synchronously
    /// inside a call the controller is still in.
    pub fn later(&self, event: Event) {
        self.send(Message::Event(event));
    }

    /// Hands an approved wallet payment over on a later turn; it is told
    /// it failed when the checkout is gone.
    pub fn wallet_approved(&self, approved: WalletConfirm) {
        self.send(Message::WalletApproved(approved));
    }

    fn send(&self, message: Message) {
        let receive = self.0.clone();
        spawn_local(async move {
            match (receive.upgrade(), message) {
                (Some(receive), message) => receive(message),
                (None, Message::WalletApproved(approved)) => approved.fail(),
                (None, Message::Event(_)) => {}
            }
        });
    }
}
