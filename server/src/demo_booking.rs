//! The demo page's "My booking" panel: the booking the checkout is for,
//! as the server has it (its status, how it is paid, its cancellation
//! policy), every movement of its money from the payment history, and a
//! Cancel button. Added to the page in demo mode only, and never part of
//! the built page's bytes.
//!
//! Everything shown is read from the guest's own API (`GET
//! /api/bookings/{id}`, `GET /api/payments/history`); Cancel posts an
//! empty body to the cancel route, whose amounts are the server's. A
//! refund shows once the server's webhook has recorded it, so the panel
//! reads the history again for a while after a cancel or a payment. The
//! script writes text nodes only (the page enforces Trusted Types).

/// The panel's section and its script, for the end of the page's `<main>`.
pub fn html() -> String {
    format!(
        r#"<section id="my-booking" class="my-booking" aria-labelledby="my-booking-title" hidden><h2 id="my-booking-title">My booking</h2><dl><dt>Status</dt><dd id="my-booking-status"></dd><dt>Payment</dt><dd id="my-booking-terms"></dd><dt>Cancellation</dt><dd id="my-booking-cancellation"></dd></dl><h3>Payments</h3><ul id="my-booking-payments"></ul><button type="button" id="my-booking-cancel">Cancel booking</button><p id="my-booking-said" role="status"></p></section><script>{SCRIPT}</script>"#
    )
}

/// Reads the booking and its history, shows them, and cancels on request.
const SCRIPT: &str = r#"(function(){'use strict';
var $=function(id){return document.getElementById(id)},checkout=$('checkout'),box=$('my-booking');
var get=function(url){return fetch(url,{credentials:'same-origin'}).then(function(r){return r.ok?r.json():null}).catch(function(){return null})};
var money=function(amount,currency){return (currency==='eur'?'€':currency.toUpperCase()+' ')+(amount/100).toFixed(2)};
var m=function(x){return money(x.amount,x.currency)};
var STATUS={awaiting_payment:'Awaiting payment',processing:'Payment processing',deposit_paid:'Deposit paid',held:'Price held on the card until arrival',hold_released:'Hold released: pay again above',guaranteed:'Guaranteed by your card',paid:'Paid',action_required:'A payment needs you: pay it in the checkout above',cancelled:'Cancelled'};
var TERMS={pay_now:function(t){return 'The whole price, '+m(t.total)+', at checkout'},
deposit:function(t){return 'A deposit of '+m(t.now)+' at checkout; the balance of '+m(t.balance)+' charged to your card on '+t.balance_due},
hold:function(t){return m(t.total)+' held on your card at checkout, charged on arrival ('+t.capture_on+')'},
guarantee:function(t){return 'Nothing at checkout; your card guarantees a no-show or late-cancellation fee of up to '+m(t.up_to)}};
var MOVED={charge:'Payment',authorisation:'Authorisation',capture:'Capture',release:'Release',refund:'Refund',dispute:'Dispute'};
var STATE={requires_payment_method:'needs you',requires_action:'needs you',requires_confirmation:'needs you',requires_capture:'held',canceled:'cancelled'};
var share=function(s,c){return s.basis_points!==undefined?(s.basis_points/100)+' %':money(s.fixed,c)};
function cancellation(c,currency){if(!c)return 'None on record';var p=c.policy;if(p.cancellation==='non_refundable')return 'Non-refundable';
var tiers=p.tiers.slice().sort(function(a,b){return b.within_days-a.within_days});if(!tiers.length)return 'Free at any time';
var days=function(n){return n+(n===1?' day':' days')};
return 'Free until '+days(tiers[0].within_days)+' before arrival; then '+tiers.map(function(t){return share(t.retained,currency)+' kept within '+days(t.within_days)}).join(', ')}
var id=function(){return checkout.getAttribute('booking-id')};
var last=null;
function show(){var b=id();return Promise.all([get('/api/bookings/'+encodeURIComponent(b)),get('/api/payments/history?limit=100')]).then(function(r){
var booking=r[0],history=r[1];if(!booking){box.hidden=true;return null}
last=booking;box.hidden=false;
var ends=booking.status==='held'&&booking.hold_expires_at?' (the hold ends '+new Date(booking.hold_expires_at*1000).toISOString().slice(0,10)+')':'';
$('my-booking-status').textContent=(STATUS[booking.status]||booking.status)+ends+(booking.refund_failed?'; a refund of '+money(booking.refund_failed,booking.currency)+' failed':'')+(booking.dispute?'; disputed ('+booking.dispute+')':'');
$('my-booking-terms').textContent=(TERMS[booking.terms.policy]||function(){return booking.terms.policy})(booking.terms);
$('my-booking-cancellation').textContent=cancellation(booking.cancellation,booking.currency);
var list=$('my-booking-payments');while(list.firstChild)list.removeChild(list.firstChild);
var items=(history&&history.items||[]).filter(function(i){return i.booking_id===booking.id});
if(!items.length){var none=document.createElement('li');none.textContent='None yet';list.appendChild(none)}
items.forEach(function(i){var li=document.createElement('li');li.dataset.movement=i.movement||'charge';li.dataset.status=i.status;
li.textContent=(MOVED[i.movement]||'Payment')+' '+money(i.amount,i.currency)+' · '+(STATE[i.status]||i.status);list.appendChild(li)});
// Cancelled is final, and a payment under way or owed refuses a cancel.
$('my-booking-cancel').hidden=['cancelled','action_required','processing'].indexOf(booking.status)>=0;
return {booking:booking,items:items}})}
// Reads again every second, at most `tries` times, until `done` holds.
function until(done,tries){return show().then(function(seen){if((seen&&done(seen))||tries<=1)return seen;
return new Promise(function(ok){setTimeout(ok,1000)}).then(function(){return until(done,tries-1)})})}
$('my-booking-cancel').addEventListener('click',function(){var button=this,said=$('my-booking-said');button.disabled=true;said.textContent='Cancelling…';
fetch('/api/bookings/'+encodeURIComponent(id())+'/cancel',{method:'POST',credentials:'same-origin',headers:{'Content-Type':'application/json'},body:'{}'}).then(function(res){
if(!res.ok){button.disabled=false;said.textContent=res.status===409?'A payment is under way: cancel once it has settled.':'The booking could not be cancelled. Please try again.';return}
return res.json().then(function(o){
said.textContent=(o.status==='cancelled'?'Booking cancelled. ':'Booking cancelled; the fee it keeps needs you in the checkout above. ')+(o.refunded?money(o.refunded,o.currency)+' is refunded to your card':'Nothing is refunded')+(o.retained?'; the cancellation policy keeps '+money(o.retained,o.currency):'')+'.';
if(checkout.refresh)checkout.refresh();
return until(function(s){return !o.refunded||s.items.some(function(i){return i.movement==='refund'})},30)})}).catch(function(){button.disabled=false;said.textContent='The booking could not be cancelled. Please try again.'})});
checkout.addEventListener('checkout:succeeded',function(){var before=last&&last.status;until(function(s){return s.booking.status!==before},30)});
show();})();"#;
