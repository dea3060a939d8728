//! What a refund or dispute event says, read from the lenient [`Event`]:
//! a pure module, no I/O, so the webhook only looks up and writes.
//!
//! Stripe sends `charge.refunded` with the charge (its `payment_intent`;
//! older API versions, and localstripe, list its `refunds`),
//! `refund.updated` / `refund.failed` / `charge.refund.updated` with the
//! refund, and `charge.dispute.*` with the dispute (its `payment_intent`
//! and `status`). A refund's status moves only forward ([`refund_moves`]),
//! and so does a dispute's ([`dispute_moves`]).

use super::event::{Event, ListedRefund};

/// What a refund or dispute event is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyEvent {
    /// Refunds of the PaymentIntent `payment_intent` with their statuses.
    Refunds {
        /// `pi_…`.
        payment_intent: String,
        /// The refunds the event names.
        refunds: Vec<ListedRefund>,
    },
    /// A dispute of the PaymentIntent `payment_intent` is at `status`.
    Dispute {
        /// `pi_…`.
        payment_intent: String,
        /// `dp_…`.
        dispute_id: String,
        /// Minor units disputed.
        amount: i64,
        /// Stripe's dispute status.
        status: String,
    },
}

impl Event {
    /// The refund or dispute this event reports, or `None` for any other
    /// event (or one that names no PaymentIntent: nothing of ours to find).
    pub fn money(&self) -> Option<MoneyEvent> {
        let o = &self.data.object;
        let payment_intent = o.payment_intent.clone()?;
        match (self.kind.as_str(), o.object.as_str()) {
            ("charge.refunded", "charge") => Some(MoneyEvent::Refunds {
                payment_intent,
                refunds: o.refunds.as_ref().map(|r| r.data.clone()).unwrap_or_default(),
            }),
            ("refund.updated" | "refund.failed" | "charge.refund.updated", "refund") => {
                let status = o.status.clone().unwrap_or_default();
                let refund = ListedRefund { id: o.id.clone(), amount: o.amount.unwrap_or(0), status };
                Some(MoneyEvent::Refunds { payment_intent, refunds: vec![refund] })
            }
            ("charge.dispute.created" | "charge.dispute.updated" | "charge.dispute.closed", "dispute") => {
                let (dispute_id, amount, status) = (o.id.clone(), o.amount.unwrap_or(0), o.status.clone()?);
                Some(MoneyEvent::Dispute { payment_intent, dispute_id, amount, status })
            }
            _ => None,
        }
    }
}

/// Whether a refund recorded as `from` may be recorded as `to`: pending
/// settles; a succeeded refund can still fail; failed and canceled are
/// final; nothing goes back to pending.
pub fn refund_moves(from: &str, to: &str) -> bool {
    let known = ["pending", "requires_action", "succeeded", "failed", "canceled"];
    if from == to || !known.contains(&to) {
        return false;
    }
    match from {
        "pending" | "requires_action" => to != "pending",
        "succeeded" => to == "failed" || to == "canceled",
        _ => false,
    }
}

/// Whether a dispute recorded as `from` (`None`: never disputed) may be
/// recorded as `to`: an inquiry (`warning_…`) or a dispute moves from
/// needing a response to review to closed (`won`, `lost`,
/// `warning_closed`), never back; an inquiry may become a dispute.
pub fn dispute_moves(from: Option<&str>, to: &str) -> bool {
    let rank = |s: &str| match s {
        "warning_needs_response" => Some(0),
        "needs_response" => Some(1),
        "warning_under_review" | "under_review" => Some(2),
        "warning_closed" | "won" | "lost" | "prevented" => Some(3),
        _ => None,
    };
    let Some(new) = rank(to) else { return false };
    match from {
        None => true,
        Some(old) if old == to => false,
        Some(old) => rank(old).is_none_or(|o| o < 3 && new >= o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, object: serde_json::Value) -> Event {
        serde_json::from_value(serde_json::json!({"id": "evt_1", "type": kind, "data": {"object": object}})).unwrap()
    }

    #[test]
    fn a_charge_refunded_lists_its_refunds_for_its_payment_intent() {
        let e = event(
            "charge.refunded",
            serde_json::json!({"id": "ch_1", "object": "charge", "payment_intent": "pi_1", "amount_refunded": 500,
                "refunds": {"object": "list", "data": [{"id": "re_1", "amount": 500, "status": "succeeded"}]}}),
        );
        let refund = ListedRefund { id: "re_1".into(), amount: 500, status: "succeeded".into() };
        assert_eq!(e.money(), Some(MoneyEvent::Refunds { payment_intent: "pi_1".into(), refunds: vec![refund] }));
    }

    #[test]
    fn a_refund_update_and_a_dispute_name_their_payment_intent_and_status() {
        let e = event(
            "refund.updated",
            serde_json::json!({"id": "re_1", "object": "refund", "payment_intent": "pi_1", "amount": 5, "status": "failed"}),
        );
        let refund = ListedRefund { id: "re_1".into(), amount: 5, status: "failed".into() };
        assert_eq!(e.money(), Some(MoneyEvent::Refunds { payment_intent: "pi_1".into(), refunds: vec![refund] }));
        let d = event(
            "charge.dispute.created",
            serde_json::json!({"id": "dp_1", "object": "dispute", "payment_intent": "pi_1", "amount": 9, "status": "needs_response"}),
        );
        let dispute = MoneyEvent::Dispute {
            payment_intent: "pi_1".into(),
            dispute_id: "dp_1".into(),
            amount: 9,
            status: "needs_response".into(),
        };
        assert_eq!(d.money(), Some(dispute));
    }

    #[test]
    fn other_events_and_objects_without_a_payment_intent_are_not_money_events() {
        let pi = event("payment_intent.succeeded", serde_json::json!({"id": "pi_1", "object": "payment_intent"}));
        assert_eq!(pi.money(), None);
        let orphan = event(
            "charge.dispute.created",
            serde_json::json!({"id": "dp_1", "object": "dispute", "status": "needs_response"}),
        );
        assert_eq!(orphan.money(), None);
        let mismatched =
            event("charge.refunded", serde_json::json!({"id": "re_1", "object": "refund", "payment_intent": "pi_1"}));
        assert_eq!(mismatched.money(), None);
    }

    #[test]
    fn a_refund_status_moves_only_forward_and_a_succeeded_refund_can_still_fail() {
        assert!(refund_moves("pending", "succeeded") && refund_moves("pending", "failed"));
        assert!(refund_moves("succeeded", "failed"));
        for (from, to) in
            [("succeeded", "pending"), ("failed", "succeeded"), ("canceled", "pending"), ("failed", "failed")]
        {
            assert!(!refund_moves(from, to), "{from} -> {to}");
        }
        assert!(!refund_moves("pending", "exploded"), "an unknown status is not recorded");
    }

    #[test]
    fn a_dispute_status_moves_only_forward_and_a_closed_one_stays_closed() {
        assert!(dispute_moves(None, "needs_response"));
        assert!(dispute_moves(Some("needs_response"), "under_review"));
        assert!(dispute_moves(Some("under_review"), "lost"));
        assert!(dispute_moves(Some("warning_needs_response"), "needs_response"), "an inquiry becomes a dispute");
        assert!(!dispute_moves(Some("under_review"), "needs_response"), "a late created never reopens it");
        assert!(!dispute_moves(Some("won"), "under_review"));
        assert!(!dispute_moves(Some("lost"), "won"));
        assert!(!dispute_moves(None, "something_new"));
    }
}
