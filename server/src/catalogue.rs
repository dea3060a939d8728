//! The room catalogue and its pricing: a pure module, no I/O.
//!
//! The server prices every booking here; no amount is ever read from a
//! request. Bookings, the demo seed and create-intent all use [`price`].

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
const ROOMS: [(&str, &str, i64); 3] =
    [("sea-view", "Sea-view room", 6_250), ("garden", "Garden room", 4_800), ("suite", "Harbour suite", 14_900)];

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
    fn unknown_rooms_and_out_of_range_stays_have_no_price() {
        assert!(price("penthouse", 1).is_none());
        assert!(price("garden", 0).is_none());
        assert!(price("garden", 31).is_none());
    }
}
