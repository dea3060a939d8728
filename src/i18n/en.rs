//! English, the fallback language.

use super::terms_texts::TermsTexts;
use super::texts::Texts;

pub(super) const TEXTS: Texts = Texts {
    loading: "Loading the secure payment form…",
    processing: "Processing…",
    try_again: "Try again",
    check_again: "Check again",
    total: "Total",
    pay_amount: "Pay {amount}",
    paid: "Payment received. Your booking is confirmed.",
    authorised: "Payment authorised. Your booking is confirmed.",
    payment_processing: "Your payment is processing. We will confirm your booking shortly.",
    misconfigured: "This checkout is not set up correctly. Please contact the site.",
    stripe_unavailable:
        "The payment form could not be loaded. Check your connection or allow js.stripe.com, then try again.",
    script_blocked: "The payment form could not be loaded: your browser or network blocked it. If you use an ad or \
                     content blocker, allow js.stripe.com, then try again.",
    offline: "The payment form could not be loaded because you are offline. It will load as soon as you are back \
              online.",
    slow_network: "The payment form could not be loaded in time: your connection seems slow. Please try again.",
    script_altered: "The payment form could not be loaded correctly: something in your network or browser changed \
                     it. Please try again, or use another network.",
    element_connection: "The payment form could not be loaded: the connection to Stripe was lost. Check your \
                         connection, then try again.",
    element_service: "The payment form could not be loaded: the payment service had a problem. Please try again in a \
                      moment.",
    element_refused: "The payment form could not be loaded for this booking. Please try again; if it keeps failing, \
                      contact the site.",
    generic: "Something went wrong. Please try again.",
    sign_in_to_pay: "Please sign in to pay for this booking.",
    not_payable_here: "This booking can't be paid here.",
    already_paid: "This booking is already complete.",
    booking_cancelled: "This booking has been cancelled.",
    booking_refunded: "This booking has been refunded; there is nothing to pay here.",
    booking_disputed: "The payment of this booking is disputed with your bank; nothing can be paid here meanwhile.",
    payment_under_way: "A payment for this booking is already under way. Please try again in a moment.",
    invalid_request: "This payment request is not valid. Please reload the page.",
    too_many_attempts: "Too many attempts. Please wait a moment, then try again.",
    service_unavailable: "The payment service is not responding. Please try again.",
    payment_unsuccessful: "Your payment was not successful. Please try again or use another payment method.",
    not_completed: "The payment was not completed. Please try again.",
    authentication_required: "Your bank needs you to confirm this payment. Please try again.",
    unconfirmed: "We could not confirm whether your payment went through. Please don't pay again: check its status \
                  first.",
    price_changed: "The price of this booking has changed. Please check the new amount, then pay again.",
};

pub(super) const TERMS: TermsTexts = TermsTexts {
    pay_deposit: "Pay deposit {amount}",
    authorise: "Authorise {amount}",
    save_card: "Save card",
    balance_on: "{later} charged on {date}",
    captured_on: "Charged on arrival, {date}",
    fee_up_to: "No charge now · no-show or late-cancellation fee up to {amount}",
    consent_deposit: "By paying the deposit, you authorise the property to charge the balance of {later} to this card on {date}, without asking you again.",
    consent_hold: "By authorising, you allow the property to charge {amount} to this card on {date}, the day you arrive.",
    consent_guarantee: "By saving your card, you authorise the property to charge it up to {amount} if you do not arrive or cancel after the free cancellation period.",
    deposit_paid: "Deposit received. Your booking is confirmed.",
    card_saved: "Card saved. Your booking is guaranteed; nothing was charged.",
    terms_changed: "The payment terms of this booking have changed. Please read them again before you continue.",
    owed: "{what} of {amount}: your saved card could not be charged without you. Pay it here; your bank may ask you to confirm.",
    owed_balance: "The balance",
    owed_no_show_fee: "The no-show fee",
    owed_cancellation_fee: "The cancellation fee",
    cancel_free_until: "Free cancellation until {days} before arrival.",
    cancel_within: "Less than {days} before: {share} kept.",
    cancel_never: "Non-refundable: a cancellation keeps the whole price.",
    cancel_free: "Free cancellation until arrival.",
    one_day: "1 day",
    n_days: "{n} days",
    percent: "{n}%",
    decimal: ".",
    months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    date: "{day} {month} {year}",
    day_one: "1",
};
