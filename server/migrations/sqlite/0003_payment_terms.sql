-- Payment terms: a booking has an arrival day (its terms depend on it) and,
-- once a card is saved for it, one Stripe Customer; its statuses grow by
-- the terms' outcomes. A payment row is one checkout object per booking and
-- kind (full, deposit, hold, guarantee); its intent id may be a
-- SetupIntent's (`seti_…`). Consents are kept, append-only.
--
-- SQLite cannot change a CHECK or a UNIQUE constraint in place, so both
-- tables are rebuilt (https://www.sqlite.org/lang_altertable.html, "Making
-- Other Kinds Of Table Schema Changes"). The documented procedure turns
-- foreign keys off around its own transaction; sqlx 0.8.6 runs every
-- SQLite migration inside a transaction, where `PRAGMA foreign_keys` is a
-- no-op, so this one keeps them on and rebuilds the child with the parent:
-- the new payments table references the new bookings table, the old child
-- is dropped before the old parent (no row ever points nowhere), and
-- renaming the new parent rewrites the child's reference to its final name.
-- Existing bookings arrive 14 days (the server's DEFAULT_LEAD_DAYS) after
-- the UTC day they were made; existing payments are full payments.

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
                                         'hold_released', 'guaranteed', 'paid')),
    created_at         INTEGER NOT NULL,
    arrival            TEXT NOT NULL
                       CHECK (arrival GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    stripe_customer_id TEXT
);
INSERT INTO bookings_new (id, user_id, room, nights, description, amount, currency, status, created_at, arrival)
    SELECT id, user_id, room, nights, description, amount, currency, status, created_at,
           date(created_at, 'unixepoch', '+14 days')
    FROM bookings;

-- At most one checkout object per booking and kind: the UNIQUE constraint is
-- the last line of defence against concurrent create-intent calls.
CREATE TABLE payments_new (
    id                INTEGER PRIMARY KEY,
    booking_id        TEXT NOT NULL REFERENCES bookings_new(id),
    kind              TEXT NOT NULL DEFAULT 'full'
                      CHECK (kind IN ('full', 'deposit', 'hold', 'guarantee')),
    -- A PaymentIntent id (`pi_…`), or a SetupIntent id (`seti_…`) for a guarantee.
    payment_intent_id TEXT NOT NULL UNIQUE,
    attempt           INTEGER NOT NULL DEFAULT 1,
    amount            INTEGER NOT NULL,
    currency          TEXT NOT NULL,
    status            TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    UNIQUE (booking_id, kind)
);
INSERT INTO payments_new (id, booking_id, kind, payment_intent_id, attempt, amount, currency, status, created_at)
    SELECT id, booking_id, 'full', payment_intent_id, attempt, amount, currency, status, created_at
    FROM payments;

DROP TABLE payments;
DROP TABLE bookings;
ALTER TABLE bookings_new RENAME TO bookings;
ALTER TABLE payments_new RENAME TO payments;
CREATE INDEX bookings_user ON bookings(user_id);

-- What a guest agreed to before confirming: the terms as the server decided
-- them (JSON) and their policy's name (`deposit`, `hold`, `guarantee`), the
-- text shown and its language, the room's payment rule (JSON) and its
-- version, and the server's time. Evidence in a dispute, so never changed
-- or removed.
CREATE TABLE consents (
    id             INTEGER PRIMARY KEY,
    booking_id     TEXT NOT NULL REFERENCES bookings(id),
    policy         TEXT NOT NULL,
    terms          TEXT NOT NULL,
    rule           TEXT NOT NULL,
    text           TEXT NOT NULL,
    locale         TEXT NOT NULL,
    policy_version TEXT NOT NULL,
    accepted_at    INTEGER NOT NULL
);
CREATE INDEX consents_booking ON consents(booking_id);
CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents
BEGIN
    SELECT RAISE(ABORT, 'consents are append-only');
END;
CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
BEGIN
    SELECT RAISE(ABORT, 'consents are append-only');
END;
