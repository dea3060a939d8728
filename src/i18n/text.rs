//! The names of the sentences a customer can see; each language's table
//! holds one string for each.

/// A fixed sentence of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// Shown while the form loads.
    Loading,
    /// Pay button while a payment is being confirmed.
    Processing,
    /// Retry button.
    TryAgain,
    /// Retry button when the payment's outcome is unknown: it reads the
    /// PaymentIntent again, it does not pay.
    CheckAgain,
    /// Summary label.
    Total,
    /// `succeeded`.
    Paid,
    /// `requires_capture`.
    Authorised,
    /// `processing`.
    PaymentProcessing,
    /// The component is misconfigured, or Stripe refused its key
    /// (integrator error).
    Misconfigured,
    /// Stripe.js cannot be used (`Stripe()` threw, or it did not load on a
    /// redirect return).
    StripeUnavailable,
    /// The Stripe.js request failed at once: an extension, a content
    /// blocker or a network policy stopped it.
    ScriptBlocked,
    /// The browser is offline.
    Offline,
    /// Stripe.js did not arrive in time: a slow or unstable connection.
    SlowNetwork,
    /// js.stripe.com answered with something that is not Stripe.js.
    ScriptAltered,
    /// The element could not reach Stripe (`loaderror`, `api_connection_error`).
    ElementConnection,
    /// The element failed on Stripe's side (`loaderror`, `api_error` and the like).
    ElementService,
    /// Stripe refused to set the element up for this payment
    /// (`loaderror`, `invalid_request_error`).
    ElementRefused,
    /// Any error whose own text must not be shown.
    Generic,
    /// 401: the host page offers its own sign-in, then calls `refresh()`.
    SignInToPay,
    /// 403 / 404.
    NotPayableHere,
    /// 409: checkout is over for the booking (paid, or its terms met: a
    /// deposit paid, the price held, the card saved), so no "paid" claim.
    AlreadyPaid,
    /// 409 `booking_cancelled`.
    BookingCancelled,
    /// 409 `booking_refunded`.
    BookingRefunded,
    /// 409 `booking_disputed`.
    BookingDisputed,
    /// 409 `payment_in_progress`: offered with Try again.
    PaymentUnderWay,
    /// 422 / 400.
    InvalidRequest,
    /// 429.
    TooManyAttempts,
    /// 5xx, timeout, network.
    ServiceUnavailable,
    /// `requires_payment_method` after a confirm.
    PaymentUnsuccessful,
    /// `requires_confirmation` / `canceled`.
    NotCompleted,
    /// `requires_action` that was not completed.
    AuthenticationRequired,
    /// A confirmation's outcome is unknown (its answer was lost and the
    /// PaymentIntent could not be read).
    Unconfirmed,
    /// The booking's price changed after the form was shown; the new amount
    /// is on screen and nothing was charged.
    PriceChanged,
}
