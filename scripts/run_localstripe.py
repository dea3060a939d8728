"""Runs localstripe (the fake Stripe API) on 127.0.0.1 with fresh state.

localstripe's own CLI binds every interface and reloads the state it
pickled into /tmp; for tests and the demo we want loopback only, an empty
store, and no shared pickle file between concurrent instances.

usage: python3 scripts/run_localstripe.py PORT [--exit-with-stdin]

localstripe stores an updated PaymentIntent `amount` as the form's string
(so later answers say "18750", not 18750) and lets it change in any
status; `_amount_updates_like_stripe` makes it behave as Stripe documents:
an integer, refused (400) once the intent is processing, authorised,
succeeded or canceled. Nothing else of localstripe is changed.

With --exit-with-stdin it exits when its standard input closes, so a test
process that dies for any reason never leaves it running.
"""

import logging
import os
import sys
import threading

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


def main() -> None:
    port = int(sys.argv[1])
    if "--exit-with-stdin" in sys.argv:
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    # Fresh state, and nothing written to the shared /tmp/localstripe.pickle.
    resources.store.clear()
    resources.Store.dump_to_disk = lambda self: None
    _amount_updates_like_stripe()
    logging.basicConfig(level=logging.WARNING)
    web.run_app(app, host="127.0.0.1", port=port, print=lambda *_: print(f"localstripe on 127.0.0.1:{port}", flush=True))


if __name__ == "__main__":
    main()
