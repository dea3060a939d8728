-- Disputes of a booking's payments, one row per Stripe dispute, with its
-- latest status (moved only forward by the webhook) and when it was first
-- reported: what the payment history lists. `bookings.dispute_status`
-- keeps the booking's latest, which its owner sees.
CREATE TABLE disputes (
    id                BIGSERIAL PRIMARY KEY,
    booking_id        TEXT NOT NULL REFERENCES bookings(id),
    payment_intent_id TEXT NOT NULL,
    dispute_id        TEXT NOT NULL UNIQUE,
    amount            BIGINT NOT NULL CHECK (amount >= 0),
    currency          TEXT NOT NULL,
    status            TEXT NOT NULL,
    created_at        BIGINT NOT NULL
);
CREATE INDEX disputes_booking ON disputes(booking_id);
