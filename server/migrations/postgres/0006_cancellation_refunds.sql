-- The refunds a cancellation decided, one row per PaymentIntent, written
-- in the transaction that claims the cancellation (before Stripe is
-- asked). A retry carries out these parts, less what was already refunded
-- for the cancellation, with the same idempotency keys: never a new split
-- of what is refundable then, which would count the first attempt's
-- refunds (recorded by the webhook) as not yet made.
CREATE TABLE cancellation_refunds (
    booking_id        TEXT NOT NULL REFERENCES cancellations(booking_id),
    payment_intent_id TEXT NOT NULL,
    -- The order of the parts: newest payment first, as they were decided.
    position          INTEGER NOT NULL,
    amount            BIGINT NOT NULL CHECK (amount > 0),
    PRIMARY KEY (booking_id, payment_intent_id)
);
