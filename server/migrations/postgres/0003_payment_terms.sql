-- Payment terms: a booking has an arrival day (its terms depend on it) and,
-- once a card is saved for it, one Stripe Customer; its statuses grow by
-- the terms' outcomes. A payment row is one checkout object per booking and
-- kind (full, deposit, hold, guarantee); its intent id may be a
-- SetupIntent's (`seti_…`). Consents are kept, append-only.
-- Existing bookings arrive 14 days (the server's DEFAULT_LEAD_DAYS) after
-- the UTC day they were made; existing payments are full payments.

ALTER TABLE bookings ADD COLUMN arrival TEXT;
UPDATE bookings
    SET arrival = to_char((to_timestamp(created_at) AT TIME ZONE 'UTC')::date + 14, 'YYYY-MM-DD');
ALTER TABLE bookings ALTER COLUMN arrival SET NOT NULL;
ALTER TABLE bookings ADD CONSTRAINT bookings_arrival_check CHECK (arrival ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
ALTER TABLE bookings ADD COLUMN stripe_customer_id TEXT;
ALTER TABLE bookings DROP CONSTRAINT bookings_status_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_status_check
    CHECK (status IN ('awaiting_payment', 'processing', 'deposit_paid', 'held', 'hold_released', 'guaranteed', 'paid'));

-- At most one checkout object per booking and kind: the UNIQUE constraint is
-- the last line of defence against concurrent create-intent calls.
-- `payment_intent_id` holds a SetupIntent id (`seti_…`) for a guarantee.
ALTER TABLE payments ADD COLUMN kind TEXT NOT NULL DEFAULT 'full'
    CHECK (kind IN ('full', 'deposit', 'hold', 'guarantee'));
ALTER TABLE payments DROP CONSTRAINT payments_booking_id_key;
ALTER TABLE payments ADD CONSTRAINT payments_booking_id_kind_key UNIQUE (booking_id, kind);

-- What a guest agreed to before confirming: the terms as the server decided
-- them (JSON) and their policy's name (`deposit`, `hold`, `guarantee`), the
-- text shown and its language, the room's payment rule (JSON) and its
-- version, and the server's time. Evidence in a dispute, so never changed
-- or removed.
CREATE TABLE consents (
    id             BIGSERIAL PRIMARY KEY,
    booking_id     TEXT NOT NULL REFERENCES bookings(id),
    policy         TEXT NOT NULL,
    terms          TEXT NOT NULL,
    rule           TEXT NOT NULL,
    text           TEXT NOT NULL,
    locale         TEXT NOT NULL,
    policy_version TEXT NOT NULL,
    accepted_at    BIGINT NOT NULL
);
CREATE INDEX consents_booking ON consents(booking_id);
CREATE FUNCTION consents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'consents are append-only';
END
$$;
CREATE TRIGGER consents_no_change BEFORE UPDATE OR DELETE ON consents
    FOR EACH ROW EXECUTE FUNCTION consents_append_only();
