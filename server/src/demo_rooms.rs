//! The demo page's room picker: one button per room of the catalogue, each
//! saying how the room is paid, so a signed-in guest can try every payment
//! policy. Built from the catalogue (names, prices, rules), added to the
//! page in demo mode only, and never part of the built page's bytes.
//!
//! The buttons book two nights through the ordinary bookings API and open
//! the new booking's checkout. The suite arrives in two days, inside the
//! hold window; the other rooms after the server's default lead.

use crate::catalogue::{policy, rooms};
use booking_contract::{PolicyRule, Share};

/// Days before arrival for a room whose rule is a hold, so that the demo
/// shows a hold rather than its fallback (a guarantee).
const HOLD_ARRIVAL_DAYS: u32 = 2;

/// The picker's section and its script, for the end of the page's `<main>`.
pub fn html() -> String {
    let buttons: String = rooms()
        .map(|(id, name, nightly)| {
            let rule = policy(id).unwrap_or(PolicyRule::PayNow);
            let days = if matches!(rule, PolicyRule::Hold) { HOLD_ARRIVAL_DAYS } else { 0 };
            format!(
                r#"<li><button type="button" class="demo-room" data-room="{id}" data-arrive-in="{days}"><strong>{name}</strong>, {price} a night <span>{how}</span></button></li>"#,
                price = euros(nightly),
                how = describe(rule),
            )
        })
        .collect();
    format!(
        r#"<section class="demo-rooms" aria-labelledby="demo-rooms-title"><h2 id="demo-rooms-title">Try each way of paying</h2><p>Signed in, book two nights in one of these rooms and pay for it here.</p><ul>{buttons}</ul><p id="demo-rooms-error" class="error" role="alert"></p></section><script>{SCRIPT}</script>"#
    )
}

/// Books the chosen room and opens its checkout; the arrival day is the
/// browser's UTC day plus the button's days (0: the server's default).
const SCRIPT: &str = "document.querySelectorAll('.demo-room').forEach(function(b){b.addEventListener('click',async function(){\
var days=Number(b.dataset.arriveIn),body={room:b.dataset.room,nights:2};\
if(days)body.arrival=new Date(Date.now()+days*864e5).toISOString().slice(0,10);\
var res=await fetch('/api/bookings',{method:'POST',credentials:'same-origin',headers:{'Content-Type':'application/json'},body:JSON.stringify(body)}).catch(function(){return null});\
if(!res||!res.ok){document.getElementById('demo-rooms-error').textContent=res&&res.status===401?'Sign in first (alice@example.com).':'That room could not be booked.';return}\
location.assign('/?booking='+encodeURIComponent((await res.json()).id))})});";

/// `cents` as the demo writes euros: "€62.50".
fn euros(cents: i64) -> String {
    format!("€{}.{:02}", cents / 100, cents % 100)
}

/// How a rule pays, in a few words.
fn describe(rule: PolicyRule) -> String {
    let share = |s: Share| match s {
        Share::BasisPoints(bp) => format!("{} %", bp / 100),
        Share::Fixed(cents) => euros(cents),
    };
    match rule {
        PolicyRule::PayNow => "pay in full now".into(),
        PolicyRule::Deposit { share: s, balance_days_before_arrival: days } => {
            format!("{} deposit now, the balance {days} days before arrival", share(s))
        }
        PolicyRule::Hold => format!("arriving in {HOLD_ARRIVAL_DAYS} days: held on your card, charged on arrival"),
        PolicyRule::Guarantee { fee } => {
            format!("nothing now; your card guarantees a no-show fee up to {}", share(fee))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_room_is_offered_with_its_price_and_how_it_is_paid() {
        let html = html();
        for (id, name, nightly) in rooms() {
            assert!(html.contains(&format!(r#"data-room="{id}""#)), "{id}");
            assert!(html.contains(name) && html.contains(&euros(nightly)), "{id}");
        }
        for words in ["pay in full now", "25 % deposit now", "charged on arrival", "no-show fee up to €39.00"] {
            assert!(html.contains(words), "{words}");
        }
        assert!(html.contains(r#"data-arrive-in="2""#), "the hold arrives inside its window");
    }

    #[test]
    fn prices_are_written_in_euros_and_cents() {
        assert_eq!(euros(6_250), "€62.50");
        assert_eq!(euros(3_900), "€39.00");
    }
}
