"""Runs localstripe (the fake Stripe API) on 127.0.0.1 with fresh state.

localstripe's own CLI binds every interface and reloads the state it
pickled into /tmp; for tests and the demo we want loopback only, an empty
store, and no shared pickle file between concurrent instances.

usage: python3 scripts/run_localstripe.py PORT [--exit-with-stdin] [--latency MS]

localstripe stores an updated PaymentIntent `amount` as the form's string
(so later answers say "18750", not 18750) and lets it change in any
status; `_amount_updates_like_stripe` makes it behave as Stripe documents:
an integer, refused (400) once the intent is processing, authorised,
succeeded or canceled.

localstripe ignores `Idempotency-Key`; `_idempotency_like_stripe` puts
Stripe's documented rules in front of it (docs.stripe.com/api/idempotent_requests),
per secret key and key: a POST whose key was used before with the same
method, path and parameters gets the saved status and body of the first
(its execution had begun: errors are saved too) with `Idempotent-Replayed:
true`; one whose first request is still executing gets 409
`idempotency_key_in_use`; one with other parameters gets 400
`idempotency_error`. A key is forgotten 24 hours after its first use
(`IDEMPOTENCY_TTL_SECONDS` shortens that for tests). Requests refused
before execution (authentication) save nothing.

localstripe refuses `setup_future_usage` on a PaymentIntent ("Unexpected");
`_setup_future_usage_like_stripe` accepts it as Stripe's API reference
describes it: `on_session` or `off_session` (anything else 400), kept on the
intent and in its answers, changeable by an update (an empty value unsets
it), and on a successful confirmation of an intent with a customer the
payment method is attached to that customer, for later charges.

Off-session charges (`confirm=true, off_session=true` at creation) differ
from Stripe's in localstripe; `_off_session_like_stripe` makes them answer
as Stripe documents: a card that needs authentication fails with 402
`card_error` / `authentication_required`, leaving the intent in
`requires_payment_method` (its card in `last_payment_error`) instead of
`requires_action`; and every declined confirmation is a `card_error`
carrying the intent (localstripe says `invalid_request_error` and names
only the charge).

localstripe sends no event when a manual-capture intent is authorised or
any intent is canceled; `_hold_events_like_stripe` sends Stripe's
`payment_intent.amount_capturable_updated` and `payment_intent.canceled`.

A SetupIntent confirmed with a declined card becomes `canceled` in
localstripe, with an `invalid_request_error`, and a good card is neither
saved to the customer nor announced; `_setup_intents_like_stripe` keeps it
in `requires_payment_method` with `last_setup_error` and answers a
`card_error` carrying it (sending `setup_intent.setup_failed`), and on
success attaches the card to the customer and sends `setup_intent.succeeded`.

localstripe refunds any amount, even beyond what the charge has left, and
announces no refund; `_refunds_like_stripe` refuses (400
`invalid_request_error`, code `amount_too_large`) a refund beyond the
charge's unrefunded amount, as Stripe's API reference for "Create a refund"
documents (`amount` at most what is left), and sends `charge.refunded`
with the charge (its `payment_intent`, `amount_refunded`) after each
refund of a PaymentIntent, as Stripe does (localstripe's own refund of a
partial capture's remainder stays silent: Stripe releases it, refunds
nothing).

localstripe's charges have no `payment_method_details`, so nothing says
when a hold's authorisation runs out; `_capture_before_like_stripe` gives
each card charge `payment_method_details` with `type: card`, and for a
charge of a `capture_method=manual` PaymentIntent `card.capture_before`,
as Stripe's API reference for the Charge object documents it ("When using
manual capture, a future timestamp at which the charge will be
automatically refunded if uncaptured"): the charge's creation (the
authorisation) plus 7 days, the default for online card payments in
Stripe's "Place a hold on a payment method" guide.

localstripe posts each event to every endpoint in turn, waiting up to five
minutes on each, so one slow endpoint holds the event back from the rest;
`_webhooks_like_stripe` delivers to each endpoint on its own, as Stripe
does, giving up on one after 10 s.

With --latency MS every /v1/ request is answered MS milliseconds later,
as a Stripe far away would be (concurrent requests overlap).
Nothing else of localstripe is changed.

With --exit-with-stdin it exits when its standard input closes, so a test
process that dies for any reason never leaves it running.
"""

import asyncio
import logging
import os
import sys
import threading
import time

from aiohttp import web
from localstripe import resources
from localstripe.server import app


def _amount_updates_like_stripe() -> None:
    update = resources.PaymentIntent._update

    def _update(self, **data):
        if "amount" in data:
            amount = resources.try_convert_to_int(data["amount"])
            if type(amount) is not int or amount <= 0:
                raise resources.UserError(400, "Bad request")
            if self.status in ("processing", "requires_capture", "succeeded", "canceled"):
                raise resources.UserError(400, "This PaymentIntent's amount could not be updated because it has a status of " + self.status + ".")
            data["amount"] = amount
        return update(self, **data)

    resources.PaymentIntent._update = _update


def _card_error(err, field, obj):
    """A card's refusal as Stripe answers it: a `card_error` carrying the
    intent (`field`) it concerns. localstripe's UserError writes its own
    `invalid_request_error` type, so the type is set after it."""
    err.body["error"]["type"] = "card_error"
    err.body["error"][field] = obj._export()
    return err


def _setup_future_usage_like_stripe() -> None:
    def usage(value):
        if value not in ("on_session", "off_session"):
            raise resources.UserError(400, "Invalid setup_future_usage: must be one of on_session, off_session")
        return value

    init = resources.PaymentIntent.__init__

    def __init__(self, setup_future_usage=None, **kwargs):
        value = None if setup_future_usage is None else usage(setup_future_usage)
        init(self, **kwargs)
        self.setup_future_usage = value

    update = resources.PaymentIntent._update

    def _update(self, **data):
        if "setup_future_usage" in data:
            value = data.pop("setup_future_usage")
            self.setup_future_usage = None if value == "" else usage(value)
        return update(self, **data)

    on_success = resources.PaymentIntent._on_success

    def _on_success(self):
        if getattr(self, "setup_future_usage", None) and self.customer and self.payment_method:
            method = resources.PaymentMethod._api_retrieve(self.payment_method)
            if getattr(method, "customer", None) is None:
                method.customer = self.customer
        return on_success(self)

    resources.PaymentIntent.__init__ = __init__
    resources.PaymentIntent._update = _update
    resources.PaymentIntent._on_success = _on_success


def _off_session_like_stripe() -> None:
    report = resources.PaymentIntent._report_failure

    def _report_failure(self):
        try:
            report(self)
        except resources.UserError as err:
            raise _card_error(err, "payment_intent", self)

    create = resources.PaymentIntent._api_create

    def _api_create(cls, confirm=None, off_session=None, **data):
        obj = create(confirm=confirm, off_session=off_session, **data)
        if resources.try_convert_to_bool(off_session) is True and obj.status == "requires_action":
            # The guest is not there to authenticate: Stripe refuses at once.
            message = "Your card was declined. This transaction requires authentication."
            error = {"type": "card_error", "code": "authentication_required", "decline_code": "authentication_required", "message": message}
            obj.next_action = None
            obj._off_session_error = dict(error, payment_method={"id": obj.payment_method})
            obj.payment_method = None
            resources.schedule_webhook(resources.Event("payment_intent.payment_failed", obj))
            raise _card_error(resources.UserError(402, message, dict(error)), "payment_intent", obj)
        return obj

    last_error = resources.PaymentIntent.last_payment_error

    def last_payment_error(self):
        own = getattr(self, "_off_session_error", None)
        return own if own is not None else last_error.fget(self)

    update = resources.PaymentIntent._update

    def _update(self, **data):
        if data.get("payment_method"):
            self._off_session_error = None  # a new card: a new attempt
        return update(self, **data)

    resources.PaymentIntent._report_failure = _report_failure
    resources.PaymentIntent._api_create = classmethod(_api_create)
    resources.PaymentIntent.last_payment_error = property(last_payment_error)
    resources.PaymentIntent._update = _update


def _hold_events_like_stripe():
    create_charge = resources.PaymentIntent._create_charge

    def _create_charge(self, on_failure_now):
        create_charge(self, on_failure_now)
        if self.status == "requires_capture":
            resources.schedule_webhook(resources.Event("payment_intent.amount_capturable_updated", self))

    resources.PaymentIntent._create_charge = _create_charge

    # localstripe's cancel route holds the original function, so the event
    # is sent after a cancel that answered 200.
    @web.middleware
    async def canceled(request, handler):
        response = await handler(request)
        parts = request.path.split("/")
        if request.method == "POST" and len(parts) == 5 and parts[2] == "payment_intents" and parts[4] == "cancel":
            if response.status == 200:
                obj = resources.PaymentIntent._api_retrieve(parts[3])
                resources.schedule_webhook(resources.Event("payment_intent.canceled", obj))
        return response

    return canceled


def _setup_intents_like_stripe() -> None:
    attach = resources.SetupIntent._attach_pm

    def _attach_pm(self, pm):
        try:
            attach(self, pm)
        except resources.UserError as err:
            self.status = "requires_payment_method"
            self.payment_method = None
            self.last_setup_error = {**err.body["error"], "type": "card_error"}
            resources.schedule_webhook(resources.Event("setup_intent.setup_failed", self))
            raise _card_error(err, "setup_intent", self)
        self.last_setup_error = None
        if self.status == "succeeded":
            if self.customer and getattr(pm, "customer", None) is None:
                pm.customer = self.customer
            resources.schedule_webhook(resources.Event("setup_intent.succeeded", self))

    resources.SetupIntent._attach_pm = _attach_pm


def _capture_before_like_stripe() -> None:
    hold_seconds = 7 * 24 * 3600

    def payment_method_details(self):
        card = {}
        intent_id = getattr(self, "payment_intent", None)
        if intent_id is not None:
            intent = resources.PaymentIntent._api_retrieve(intent_id)
            if intent.capture_method == "manual":
                card["capture_before"] = self.created + hold_seconds
        return {"type": "card", "card": card}

    resources.Charge.payment_method_details = property(payment_method_details)


def _refunds_like_stripe() -> None:
    init = resources.Refund.__init__

    def __init__(self, charge=None, payment_intent=None, amount=None, **kwargs):
        charge_id = charge
        if payment_intent is not None and charge is None:
            pi = resources.PaymentIntent._api_retrieve(payment_intent)
            charge_id = pi.latest_charge.id if pi.latest_charge is not None else None
        wanted = resources.try_convert_to_int(amount)
        if charge_id is not None and type(wanted) is int:
            left = resources.Charge._api_retrieve(charge_id).amount - resources.Charge._api_retrieve(charge_id).amount_refunded
            if wanted > left:
                raise resources.UserError(400, "Refund amount is greater than unrefunded amount on charge.", {"code": "amount_too_large"})
        init(self, charge=charge, payment_intent=payment_intent, amount=amount, **kwargs)
        if payment_intent is None:
            return  # localstripe's own release of an uncaptured remainder: no refund event at Stripe
        charge_obj = resources.Charge._api_retrieve(self.charge)
        if getattr(charge_obj, "payment_intent", None) is None:
            charge_obj.payment_intent = self.payment_intent
        resources.schedule_webhook(resources.Event("charge.refunded", charge_obj))

    resources.Refund.__init__ = __init__


def _idempotency_like_stripe(ttl_seconds: float):
    saved = {}  # (secret key, idempotency key) -> {"params", "at", "response"}

    def error(status, body):
        return web.json_response({"error": body}, status=status)

    @web.middleware
    async def idempotency(request, handler):
        key = request.headers.get("Idempotency-Key")
        if request.method != "POST" or not key:
            return await handler(request)
        scope = (request.headers.get("Authorization", ""), key)
        params = (request.path, await request.read())
        now = time.monotonic()
        for old in [k for k, v in saved.items() if now - v["at"] > ttl_seconds]:
            del saved[old]
        entry = saved.get(scope)
        if entry is not None:
            if entry["params"] != params:
                return error(400, {"type": "idempotency_error", "message": "Keys for idempotent requests can only be used with the same parameters they were first used with."})
            if entry["response"] is None:
                return error(409, {"type": "invalid_request_error", "code": "idempotency_key_in_use", "message": "There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through). Please try again later."})
            status, body = entry["response"]
            return web.Response(status=status, body=body, content_type="application/json", headers={"Idempotent-Replayed": "true"})
        saved[scope] = {"params": params, "at": now, "response": None}
        try:
            response = await handler(request)
        except resources.UserError as e:
            response = e.to_response()
        except BaseException:
            del saved[scope]  # not executed to an answer: nothing saved
            raise
        saved[scope]["response"] = (response.status, response.body)
        return response

    return idempotency


def _webhooks_like_stripe(timeout_seconds: float) -> None:
    """Each endpoint gets each event on its own, as Stripe delivers them.

    localstripe posts an event to every registered endpoint one after the
    other, each with aiohttp's default five-minute timeout, so one endpoint
    that is slow to answer (a test's server busy on a lock) holds the event
    back from every endpoint registered after it. Stripe sends to each
    endpoint independently and gives up on one that does not answer in
    time; so does this: concurrently, each delivery bounded by
    `timeout_seconds`. The payload, its signature and the one-second delay
    before sending are localstripe's own.
    """
    import hashlib
    import hmac
    import json

    import aiohttp
    from localstripe import webhooks

    async def deliver(webhook, event, payload, signed_payload):
        signature = hmac.new(webhook.secret.encode("utf-8"), signed_payload, hashlib.sha256).hexdigest()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": "t=%d,v1=%s" % (event.created, signature),
        }
        try:
            timeout = aiohttp.ClientTimeout(total=timeout_seconds)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.post(webhook.url, data=payload, headers=headers):
                    pass
        except (aiohttp.ClientError, asyncio.TimeoutError):
            pass  # as Stripe, the endpoint's failure is its own

    async def send(event):
        payload = json.dumps(event._export(), indent=2, sort_keys=True).encode("utf-8")
        signed_payload = b"%d.%s" % (event.created, payload)
        await asyncio.sleep(1)
        targets = [w for w in webhooks._webhooks.values() if w.events is None or event.type in w.events]
        await asyncio.gather(*(deliver(w, event, payload, signed_payload) for w in targets))

    webhooks._send_webhook = send


def _latency(ms: float):
    @web.middleware
    async def latency(request, handler):
        if request.path.startswith("/v1/"):
            await asyncio.sleep(ms / 1000)
        return await handler(request)

    return latency


def main() -> None:
    port = int(sys.argv[1])
    if "--exit-with-stdin" in sys.argv:
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    # Fresh state, and nothing written to the shared /tmp/localstripe.pickle.
    resources.store.clear()
    resources.Store.dump_to_disk = lambda self: None
    _amount_updates_like_stripe()
    _setup_future_usage_like_stripe()
    _off_session_like_stripe()
    _setup_intents_like_stripe()
    _refunds_like_stripe()
    _capture_before_like_stripe()
    _webhooks_like_stripe(10.0)
    hold_events = _hold_events_like_stripe()
    # Inside the idempotency layer below: a replayed cancel sends no second event.
    app.middlewares.insert(2, hold_events)
    # After localstripe's error and authentication middlewares, so a refused
    # request saves nothing and an executed one is saved as answered.
    app.middlewares.insert(2, _idempotency_like_stripe(float(os.environ.get("IDEMPOTENCY_TTL_SECONDS", 24 * 3600))))
    if "--latency" in sys.argv:
        # Inside the idempotency layer: the time is the request's execution.
        app.middlewares.insert(3, _latency(float(sys.argv[sys.argv.index("--latency") + 1])))
    logging.basicConfig(level=logging.WARNING)
    web.run_app(app, host="127.0.0.1", port=port, print=lambda *_: print(f"localstripe on 127.0.0.1:{port}", flush=True))


if __name__ == "__main__":
    main()
