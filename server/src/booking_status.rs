//! A booking's status as the database stores it, and how what Stripe
//! reports about a checkout object moves it: a pure module, no I/O.
//!
//! Statuses only move forward ([`next`]): a late or repeated event never
//! takes a booking back. The one way back to "payable" is a failure while
//! processing, or a hold released before it was captured (`hold_released`,
//! payable again). A charge the server makes without the guest (a
//! balance, a no-show or cancellation fee) that fails makes the booking
//! `action_required` until the guest pays that same intent; `cancelled`
//! is final.

use crate::stripe::event::Outcome;
use crate::stripe::plan::PaymentKind;
use booking_contract::BookingStatus;

/// Every status with its stored name (the contract's wire name).
pub const NAMES: [(BookingStatus, &str); 9] = [
    (BookingStatus::AwaitingPayment, "awaiting_payment"),
    (BookingStatus::Processing, "processing"),
    (BookingStatus::DepositPaid, "deposit_paid"),
    (BookingStatus::Held, "held"),
    (BookingStatus::HoldReleased, "hold_released"),
    (BookingStatus::Guaranteed, "guaranteed"),
    (BookingStatus::Paid, "paid"),
    (BookingStatus::ActionRequired, "action_required"),
    (BookingStatus::Cancelled, "cancelled"),
];

/// The stored name of `status`.
pub fn name(status: BookingStatus) -> &'static str {
    NAMES.iter().find(|(s, _)| *s == status).map_or("awaiting_payment", |(_, n)| n)
}

/// The status stored as `stored`, if it is one.
pub fn parse(stored: &str) -> Option<BookingStatus> {
    NAMES.iter().find(|(_, n)| *n == stored).map(|(s, _)| *s)
}

/// Whether a checkout may start (or start again) from `status`.
pub fn payable(status: BookingStatus) -> bool {
    matches!(status, BookingStatus::AwaitingPayment | BookingStatus::HoldReleased)
}

/// Where a booking in `current` goes when Stripe reports `outcome` for its
/// checkout object of `kind`; `None` when it stays.
///
/// - Succeeded: a full payment or a captured hold is paid; a deposit is
///   deposit paid; a saved card is a guarantee.
/// - Authorised (a hold's price on the card): held.
/// - Processing: only from payable.
/// - Failed: back to awaiting payment only from processing.
/// - Canceled: a hold released or expired before capture is
///   `hold_released` (payable again); another object canceled only undoes
///   processing.
/// - A charge made without the guest: its success pays the balance
///   (`paid`), settles a no-show (`guaranteed` again after a recovery) or a
///   cancellation fee (`cancelled`); its failure makes the booking
///   `action_required`.
/// - A cancelled booking never moves.
pub fn next(current: BookingStatus, kind: PaymentKind, outcome: Outcome) -> Option<BookingStatus> {
    use BookingStatus as S;
    if current == S::Cancelled {
        return None;
    }
    let open = payable(current) || current == S::Processing;
    let owed = current == S::ActionRequired;
    let to = match (outcome, kind) {
        (Outcome::Succeeded, PaymentKind::Full | PaymentKind::Hold) if !owed => S::Paid,
        (Outcome::Succeeded, PaymentKind::Balance) if owed || current == S::DepositPaid => S::Paid,
        (Outcome::Succeeded, PaymentKind::NoShow) if owed => S::Guaranteed,
        (Outcome::Succeeded, PaymentKind::CancelFee) if owed => S::Cancelled,
        (Outcome::Failed, PaymentKind::Balance) if current == S::DepositPaid => S::ActionRequired,
        (Outcome::Failed, PaymentKind::NoShow) if current == S::Guaranteed => S::ActionRequired,
        (Outcome::Succeeded, PaymentKind::Deposit) if open => S::DepositPaid,
        (Outcome::Succeeded, PaymentKind::Guarantee) if open => S::Guaranteed,
        (Outcome::Authorised, PaymentKind::Hold) if open => S::Held,
        (Outcome::Processing, _) if payable(current) => S::Processing,
        (Outcome::Failed, _) if current == S::Processing => S::AwaitingPayment,
        (Outcome::Canceled, PaymentKind::Hold) if open || current == S::Held => S::HoldReleased,
        (Outcome::Canceled, _) if current == S::Processing => S::AwaitingPayment,
        _ => return None,
    };
    (to != current).then_some(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use BookingStatus as S;

    const ALL_KINDS: [PaymentKind; 7] = PaymentKind::ALL;
    const ALL_OUTCOMES: [Outcome; 5] =
        [Outcome::Succeeded, Outcome::Authorised, Outcome::Processing, Outcome::Failed, Outcome::Canceled];

    #[test]
    fn every_status_round_trips_through_its_stored_name_which_is_its_wire_name() {
        for (status, stored) in NAMES {
            assert_eq!(parse(stored), Some(status));
            assert_eq!(name(status), stored);
            assert_eq!(serde_json::to_value(status).unwrap(), stored);
        }
        assert_eq!(parse("refunded"), None);
    }

    #[test]
    fn success_moves_each_kind_to_its_own_status() {
        assert_eq!(next(S::AwaitingPayment, PaymentKind::Full, Outcome::Succeeded), Some(S::Paid));
        assert_eq!(next(S::AwaitingPayment, PaymentKind::Deposit, Outcome::Succeeded), Some(S::DepositPaid));
        assert_eq!(next(S::AwaitingPayment, PaymentKind::Guarantee, Outcome::Succeeded), Some(S::Guaranteed));
        assert_eq!(next(S::Held, PaymentKind::Hold, Outcome::Succeeded), Some(S::Paid), "a captured hold is paid");
        assert_eq!(next(S::HoldReleased, PaymentKind::Full, Outcome::Succeeded), Some(S::Paid));
    }

    #[test]
    fn an_authorised_hold_is_held_and_its_release_makes_the_booking_payable_again() {
        assert_eq!(next(S::AwaitingPayment, PaymentKind::Hold, Outcome::Authorised), Some(S::Held));
        assert_eq!(next(S::Held, PaymentKind::Hold, Outcome::Canceled), Some(S::HoldReleased));
        assert_eq!(next(S::AwaitingPayment, PaymentKind::Hold, Outcome::Canceled), Some(S::HoldReleased));
        assert!(payable(S::HoldReleased));
    }

    #[test]
    fn a_paid_booking_never_moves_whatever_arrives() {
        for kind in ALL_KINDS {
            for outcome in ALL_OUTCOMES {
                assert_eq!(next(S::Paid, kind, outcome), None, "{kind:?} {outcome:?}");
            }
        }
    }

    #[test]
    fn a_met_checkout_only_moves_forward_to_paid_or_to_the_guests_action() {
        for current in [S::DepositPaid, S::Guaranteed, S::Held] {
            for kind in ALL_KINDS {
                for outcome in ALL_OUTCOMES {
                    let to = next(current, kind, outcome);
                    let hold_event = kind == PaymentKind::Hold && current == S::Held;
                    let off_session_failed = kind.off_session() && outcome == Outcome::Failed;
                    assert!(
                        to.is_none()
                            || to == Some(S::Paid)
                            || (hold_event && to == Some(S::HoldReleased))
                            || (off_session_failed && to == Some(S::ActionRequired)),
                        "{current:?} {kind:?} {outcome:?} -> {to:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_cancelled_booking_never_moves_whatever_arrives() {
        for kind in ALL_KINDS {
            for outcome in ALL_OUTCOMES {
                assert_eq!(next(S::Cancelled, kind, outcome), None, "{kind:?} {outcome:?}");
            }
        }
    }

    #[test]
    fn a_failed_charge_without_the_guest_needs_their_action_and_its_recovery_settles_it() {
        assert_eq!(next(S::DepositPaid, PaymentKind::Balance, Outcome::Failed), Some(S::ActionRequired));
        assert_eq!(next(S::Guaranteed, PaymentKind::NoShow, Outcome::Failed), Some(S::ActionRequired));
        assert_eq!(next(S::ActionRequired, PaymentKind::Balance, Outcome::Failed), None, "still owed");
        assert_eq!(next(S::ActionRequired, PaymentKind::Balance, Outcome::Succeeded), Some(S::Paid));
        assert_eq!(next(S::DepositPaid, PaymentKind::Balance, Outcome::Succeeded), Some(S::Paid));
        assert_eq!(next(S::ActionRequired, PaymentKind::NoShow, Outcome::Succeeded), Some(S::Guaranteed));
        assert_eq!(next(S::ActionRequired, PaymentKind::CancelFee, Outcome::Succeeded), Some(S::Cancelled));
        assert_eq!(next(S::ActionRequired, PaymentKind::Full, Outcome::Succeeded), None);
        assert_eq!(next(S::Paid, PaymentKind::Balance, Outcome::Failed), None, "a late failure never downgrades");
    }

    #[test]
    fn a_failure_undoes_only_processing_and_a_setup_failure_leaves_the_booking_awaiting() {
        assert_eq!(next(S::Processing, PaymentKind::Full, Outcome::Failed), Some(S::AwaitingPayment));
        assert_eq!(next(S::AwaitingPayment, PaymentKind::Guarantee, Outcome::Failed), None);
        assert_eq!(next(S::HoldReleased, PaymentKind::Hold, Outcome::Failed), None);
        assert_eq!(next(S::AwaitingPayment, PaymentKind::Full, Outcome::Canceled), None);
    }
}
