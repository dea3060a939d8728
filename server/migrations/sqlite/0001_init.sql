-- Users of the booking site. Passwords are Argon2id hashes.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL
);

-- Server-side sessions; only the SHA-256 of the cookie value is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);

-- Bearer tokens for API clients; only the SHA-256 is stored.
CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE
);

-- Bookings; amount is integer minor units, priced by the server.
CREATE TABLE bookings (
    id          TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    room        TEXT NOT NULL,
    nights      INTEGER NOT NULL CHECK (nights BETWEEN 1 AND 30),
    description TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    currency    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'awaiting_payment'
                CHECK (status IN ('awaiting_payment', 'processing', 'paid')),
    created_at  INTEGER NOT NULL
);
CREATE INDEX bookings_user ON bookings(user_id);

-- At most one open PaymentIntent per booking: the UNIQUE constraint is the
-- last line of defence against concurrent create-intent calls.
CREATE TABLE payments (
    id                INTEGER PRIMARY KEY,
    booking_id        TEXT NOT NULL UNIQUE REFERENCES bookings(id),
    payment_intent_id TEXT NOT NULL UNIQUE,
    attempt           INTEGER NOT NULL DEFAULT 1,
    amount            INTEGER NOT NULL,
    currency          TEXT NOT NULL,
    status            TEXT NOT NULL,
    created_at        INTEGER NOT NULL
);

-- Webhook event ids already applied; inserted in the same transaction as
-- the state change they cause, so a redelivery is a no-op.
CREATE TABLE processed_events (
    event_id     TEXT PRIMARY KEY,
    processed_at INTEGER NOT NULL
);
