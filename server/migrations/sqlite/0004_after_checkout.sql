-- After checkout: a booking can be cancelled or need the guest's action
-- (statuses `cancelled`, `action_required`), and can be disputed (Stripe's
-- dispute status, beside its own); the server charges saved cards without the guest
-- (payment kinds `balance`, `no_show`, `cancel_fee`) and captures holds,
-- perhaps in part (`amount_received`); refunds and cancellations are
-- recorded; a consent keeps the cancellation policy accepted with it.
--
-- SQLite cannot change a CHECK constraint in place, so bookings, payments
-- and consents are rebuilt as in 0003 (children built against the new
-- parent, old children dropped before the old parent, the renames rewrite
-- the references); DROP TABLE fires no trigger, so the append-only
-- consents are copied whole and their triggers made again.

CREATE TABLE bookings_new (
    id                 TEXT PRIMARY KEY,
    user_id            INTEGER NOT NULL REFERENCES users(id),
    room               TEXT NOT NULL,
    nights             INTEGER NOT NULL CHECK (nights BETWEEN 1 AND 30),
    description        TEXT NOT NULL,
    amount             INTEGER NOT NULL CHECK (amount > 0),
    currency           TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'awaiting_payment'
                       CHECK (status IN ('awaiting_payment', 'processing', 'deposit_paid', 'held',
                                         'hold_released', 'guaranteed', 'paid', 'action_required',
                                         'cancelled')),
    created_at         INTEGER NOT NULL,
    arrival            TEXT NOT NULL
                       CHECK (arrival GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    stripe_customer_id TEXT,
    -- Stripe's status of the booking's latest dispute (`needs_response`,
    -- `under_review`, `won`, `lost`, …); NULL: never disputed.
    dispute_status     TEXT
);
INSERT INTO bookings_new (id, user_id, room, nights, description, amount, currency, status, created_at, arrival,
                          stripe_customer_id)
    SELECT id, user_id, room, nights, description, amount, currency, status, created_at, arrival, stripe_customer_id
    FROM bookings;

CREATE TABLE payments_new (
    id                INTEGER PRIMARY KEY,
    booking_id        TEXT NOT NULL REFERENCES bookings_new(id),
    kind              TEXT NOT NULL DEFAULT 'full'
                      CHECK (kind IN ('full', 'deposit', 'hold', 'guarantee', 'balance', 'no_show', 'cancel_fee')),
    payment_intent_id TEXT NOT NULL UNIQUE,
    attempt           INTEGER NOT NULL DEFAULT 1,
    amount            INTEGER NOT NULL,
    currency          TEXT NOT NULL,
    status            TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    -- What was captured of a hold (NULL: the whole amount, once succeeded).
    amount_received   INTEGER,
    UNIQUE (booking_id, kind)
);
INSERT INTO payments_new (id, booking_id, kind, payment_intent_id, attempt, amount, currency, status, created_at)
    SELECT id, booking_id, kind, payment_intent_id, attempt, amount, currency, status, created_at FROM payments;

CREATE TABLE consents_new (
    id                   INTEGER PRIMARY KEY,
    booking_id           TEXT NOT NULL REFERENCES bookings_new(id),
    policy               TEXT NOT NULL,
    terms                TEXT NOT NULL,
    rule                 TEXT NOT NULL,
    text                 TEXT NOT NULL,
    locale               TEXT NOT NULL,
    policy_version       TEXT NOT NULL,
    accepted_at          INTEGER NOT NULL,
    -- The cancellation policy accepted with it (JSON) and its version;
    -- NULL for a consent given before 0004.
    cancellation         TEXT,
    cancellation_version TEXT
);
INSERT INTO consents_new (id, booking_id, policy, terms, rule, text, locale, policy_version, accepted_at)
    SELECT id, booking_id, policy, terms, rule, text, locale, policy_version, accepted_at FROM consents;

DROP TABLE consents;
DROP TABLE payments;
DROP TABLE bookings;
ALTER TABLE bookings_new RENAME TO bookings;
ALTER TABLE payments_new RENAME TO payments;
ALTER TABLE consents_new RENAME TO consents;
CREATE INDEX bookings_user ON bookings(user_id);
CREATE INDEX consents_booking ON consents(booking_id);
CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents
BEGIN
    SELECT RAISE(ABORT, 'consents are append-only');
END;
CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
BEGIN
    SELECT RAISE(ABORT, 'consents are append-only');
END;

-- Refunds made at Stripe, one row per Refund; `status` follows Stripe's
-- (`pending`, `succeeded`, `failed`, `canceled`) through the webhook.
CREATE TABLE refunds (
    id                INTEGER PRIMARY KEY,
    booking_id        TEXT NOT NULL REFERENCES bookings(id),
    payment_intent_id TEXT NOT NULL,
    refund_id         TEXT NOT NULL UNIQUE,
    amount            INTEGER NOT NULL CHECK (amount > 0),
    currency          TEXT NOT NULL,
    status            TEXT NOT NULL,
    reason            TEXT NOT NULL CHECK (reason IN ('cancel', 'staff')),
    created_at        INTEGER NOT NULL
);
CREATE INDEX refunds_booking ON refunds(booking_id);

-- One cancellation per booking: what the policy came to, written before
-- Stripe is asked (the amounts decided then bind a retry, whatever the
-- day) and completed once the money moved. A second cancel answers a
-- completed row and moves no money.
CREATE TABLE cancellations (
    booking_id     TEXT PRIMARY KEY REFERENCES bookings(id),
    currency       TEXT NOT NULL,
    retained       INTEGER NOT NULL CHECK (retained >= 0),
    refunded       INTEGER NOT NULL CHECK (refunded >= 0),
    charged        INTEGER NOT NULL CHECK (charged >= 0),
    policy_version TEXT NOT NULL,
    cancelled_at   INTEGER NOT NULL,
    completed_at   INTEGER
);
