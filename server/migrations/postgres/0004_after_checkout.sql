-- After checkout: a booking can be cancelled or need the guest's action
-- (statuses `cancelled`, `action_required`), and can be disputed (Stripe's
-- dispute status, beside its own); the server charges saved cards without the guest
-- (payment kinds `balance`, `no_show`, `cancel_fee`) and captures holds,
-- perhaps in part (`amount_received`); refunds and cancellations are
-- recorded; a consent keeps the cancellation policy accepted with it.

ALTER TABLE bookings DROP CONSTRAINT bookings_status_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_status_check
    CHECK (status IN ('awaiting_payment', 'processing', 'deposit_paid', 'held', 'hold_released', 'guaranteed', 'paid',
                      'action_required', 'cancelled'));
-- Stripe's status of the booking's latest dispute (`needs_response`,
-- `under_review`, `won`, `lost`, …); NULL: never disputed.
ALTER TABLE bookings ADD COLUMN dispute_status TEXT;

ALTER TABLE payments DROP CONSTRAINT payments_kind_check;
ALTER TABLE payments ADD CONSTRAINT payments_kind_check
    CHECK (kind IN ('full', 'deposit', 'hold', 'guarantee', 'balance', 'no_show', 'cancel_fee'));
-- What was captured of a hold (NULL: the whole amount, once succeeded).
ALTER TABLE payments ADD COLUMN amount_received BIGINT;

-- The cancellation policy accepted with a consent (JSON) and its version;
-- NULL for a consent given before 0004. Adding columns is no UPDATE: the
-- append-only trigger stays as it is.
ALTER TABLE consents ADD COLUMN cancellation TEXT;
ALTER TABLE consents ADD COLUMN cancellation_version TEXT;

-- Refunds made at Stripe, one row per Refund; `status` follows Stripe's
-- (`pending`, `succeeded`, `failed`, `canceled`) through the webhook.
CREATE TABLE refunds (
    id                BIGSERIAL PRIMARY KEY,
    booking_id        TEXT NOT NULL REFERENCES bookings(id),
    payment_intent_id TEXT NOT NULL,
    refund_id         TEXT NOT NULL UNIQUE,
    amount            BIGINT NOT NULL CHECK (amount > 0),
    currency          TEXT NOT NULL,
    status            TEXT NOT NULL,
    reason            TEXT NOT NULL CHECK (reason IN ('cancel', 'staff')),
    created_at        BIGINT NOT NULL
);
CREATE INDEX refunds_booking ON refunds(booking_id);

-- One cancellation per booking: what the policy came to, written before
-- Stripe is asked (the amounts decided then bind a retry, whatever the
-- day) and completed once the money moved. A second cancel answers a
-- completed row and moves no money.
CREATE TABLE cancellations (
    booking_id     TEXT PRIMARY KEY REFERENCES bookings(id),
    currency       TEXT NOT NULL,
    retained       BIGINT NOT NULL CHECK (retained >= 0),
    refunded       BIGINT NOT NULL CHECK (refunded >= 0),
    charged        BIGINT NOT NULL CHECK (charged >= 0),
    policy_version TEXT NOT NULL,
    cancelled_at   BIGINT NOT NULL,
    completed_at   BIGINT
);
