-- When a hold's authorisation expires (unix seconds): Stripe's
-- `capture_before` of the hold's charge, or its authorisation plus 7 days
-- when Stripe does not say. Recorded when the hold is authorised, on its
-- payments row; a new attempt's row starts without one. Staff capture is
-- refused from then on.
ALTER TABLE payments ADD COLUMN capture_before BIGINT;
