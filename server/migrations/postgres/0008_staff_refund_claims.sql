-- A staff refund is asked for with an `Idempotency-Key` of staff's own:
-- the first request with a key claims the amount decided then (what was
-- asked for, or all that was left) and its parts (PaymentIntent and
-- amount, newest payment first), before Stripe is asked; Stripe's keys
-- derive from that claim. A repeat with the key carries out the same parts
-- (each refund is kept in its part once made) and answers the same; another
-- key is another refund. Before this, the Stripe key held what had been
-- refunded before, so a retry after a refund webhook made a second refund.
CREATE TABLE staff_refund_claims (
    booking_id  TEXT NOT NULL REFERENCES bookings(id),
    request_key TEXT NOT NULL,
    amount      BIGINT NOT NULL CHECK (amount >= 0),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (booking_id, request_key)
);
CREATE TABLE staff_refund_parts (
    booking_id        TEXT NOT NULL,
    request_key       TEXT NOT NULL,
    payment_intent_id TEXT NOT NULL,
    position          INTEGER NOT NULL,
    amount            BIGINT NOT NULL CHECK (amount > 0),
    -- The Refund made for this part (`re_…`); NULL until Stripe answered.
    refund_id         TEXT,
    PRIMARY KEY (booking_id, request_key, payment_intent_id),
    FOREIGN KEY (booking_id, request_key) REFERENCES staff_refund_claims(booking_id, request_key)
);
