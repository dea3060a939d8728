//! The room catalogue, its pricing and how each room is paid: a pure
//! module, no I/O.
//!
//! The server prices every booking here; no amount is ever read from a
//! request. Bookings, the demo seed and create-intent all use [`price`].
//! Each room carries a payment rule ([`policy`]), one of each kind, so a
//! guest of the demo can try every way a booking is paid.

use booking_contract::{CancellationPolicy, CancellationTier, PolicyRule, Share};

/// A priced stay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priced {
    /// Human-readable summary.
    pub description: String,
    /// Minor units.
    pub amount: i64,
    /// Currency code.
    pub currency: &'static str,
}

/// The catalogue: room id, name, nightly price in euro cents.
const ROOMS: [(&str, &str, i64); 4] = [
    ("sea-view", "Sea-view room", 6_250),
    ("garden", "Garden room", 4_800),
    ("suite", "Harbour suite", 14_900),
    ("cabin", "Dune cabin", 3_900),
];

/// How each room is paid: the whole price now; a quarter now and the
/// balance a week before arrival; the stay held on the card until arrival;
/// nothing now, the card guaranteeing a no-show fee of one night.
const POLICIES: [(&str, PolicyRule); 4] = [
    ("sea-view", PolicyRule::PayNow),
    ("garden", PolicyRule::Deposit { share: Share::BasisPoints(2_500), balance_days_before_arrival: 7 }),
    ("suite", PolicyRule::Hold),
    ("cabin", PolicyRule::Guarantee { fee: Share::Fixed(3_900) }),
];

/// What cancelling each room keeps, by days of notice before arrival
/// (`within_days`, share kept):
/// - sea-view: free until 7 days before; then half; in the last day, all;
/// - garden: free until 14 days before; then the deposit's quarter; in the
///   last 2 days, all;
/// - suite: free until 3 days before (a hold is released); then half (so
///   much of the hold is captured); on the arrival day, all;
/// - cabin: free until the day before; on the arrival day, one night's
///   fee, which the guarantee's saved card covers.
const CANCELLATIONS: [(&str, &[(u16, Share)]); 4] = [
    ("sea-view", &[(7, Share::BasisPoints(5_000)), (1, Share::BasisPoints(10_000))]),
    ("garden", &[(14, Share::BasisPoints(2_500)), (2, Share::BasisPoints(10_000))]),
    ("suite", &[(3, Share::BasisPoints(5_000)), (1, Share::BasisPoints(10_000))]),
    ("cabin", &[(1, Share::Fixed(3_900))]),
];

/// The cancellation policy of `room`, or `None` for an unknown room.
pub fn cancellation(room: &str) -> Option<CancellationPolicy> {
    let (_, tiers) = CANCELLATIONS.iter().find(|(id, _)| *id == room)?;
    let tiers = tiers.iter().map(|&(within_days, retained)| CancellationTier { within_days, retained }).collect();
    Some(CancellationPolicy::Tiered { tiers })
}

/// Every room: id, name, nightly price in minor units (euro).
pub fn rooms() -> impl Iterator<Item = (&'static str, &'static str, i64)> {
    ROOMS.into_iter()
}

/// The payment rule of `room`, or `None` for an unknown room.
pub fn policy(room: &str) -> Option<PolicyRule> {
    POLICIES.iter().find(|(id, _)| *id == room).map(|(_, rule)| *rule)
}

/// Longest stay that can be booked, in nights.
pub const MAX_NIGHTS: u32 = 30;

/// Prices `nights` in `room`, or `None` for an unknown room or 0 / >30 nights.
pub fn price(room: &str, nights: u32) -> Option<Priced> {
    let (_, name, nightly) = ROOMS.iter().find(|(id, _, _)| *id == room)?;
    if !(1..=MAX_NIGHTS).contains(&nights) {
        return None;
    }
    let plural = if nights == 1 { "night" } else { "nights" };
    Some(Priced {
        description: format!("{name}, {nights} {plural}"),
        amount: nightly * i64::from(nights),
        currency: "eur",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_nightly_rate_times_nights_in_cents() {
        assert_eq!(price("sea-view", 2).unwrap().amount, 12_500);
        assert_eq!(price("suite", 1).unwrap().description, "Harbour suite, 1 night");
    }

    #[test]
    fn every_room_has_a_payment_rule_and_each_kind_is_offered() {
        for (room, ..) in ROOMS {
            assert!(policy(room).is_some(), "{room}");
        }
        assert_eq!(POLICIES.len(), ROOMS.len());
        let kinds: Vec<_> = POLICIES.iter().map(|(_, rule)| std::mem::discriminant(rule)).collect();
        for (i, kind) in kinds.iter().enumerate() {
            assert!(!kinds[..i].contains(kind), "one room per kind of rule");
        }
        assert_eq!(policy("penthouse"), None);
    }

    #[test]
    fn every_room_has_a_cancellation_policy_that_never_keeps_less_later() {
        for (room, _, nightly) in ROOMS {
            let policy = cancellation(room).unwrap_or_else(|| panic!("{room}"));
            let price = booking_contract::Money::new(nightly * 2, booking_contract::Currency::parse("eur").unwrap());
            assert_eq!(policy.check(price.unwrap()), Ok(()), "{room}");
        }
        assert_eq!(cancellation("penthouse"), None);
    }

    #[test]
    fn unknown_rooms_and_out_of_range_stays_have_no_price() {
        assert!(price("penthouse", 1).is_none());
        assert!(price("garden", 0).is_none());
        assert!(price("garden", 31).is_none());
    }
}
