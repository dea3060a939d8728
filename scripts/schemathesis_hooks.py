"""Schemathesis check for scripts/schemathesis.sh: no internals in any body.

Every error body must carry one of the server's fixed messages, and no body
may carry what an internal failure would leak: SQL or driver text, serde's
parse messages, a panic, a Stripe secret or a log code.
"""

import re

import schemathesis

FIXED_MESSAGES = {
    "Authentication required.",
    "This request is not allowed.",
    "Not found.",
    "This booking is already paid.",
    "This booking's payment is under way; it cannot change now.",
    "This booking's payment terms have changed. Review them again.",
    "This booking was cancelled.",
    "The request is not valid.",
    "Send JSON with Content-Type: application/json.",
    "The request body is too large.",
    "Too many requests. Retry later.",
    "The payment provider is unavailable. Retry later.",
    "Something went wrong.",
}

INTERNALS = re.compile(
    r"sqlx|sqlite|SQLSTATE|SELECT |INSERT |UPDATE |syntax error|database is locked"
    r"|panicked|RUST_BACKTRACE|Traceback"
    r"|line \d+ column \d+|expected (value|struct|a |an |`)|missing field|unknown variant|invalid type"
    r"|sk_(test|live)_|rk_(test|live)_|whsec_|stripe_(api|transport|decode)|db_(busy|error|other|pool)"
    r"|Failed to (deserialize|parse)|Json(Syntax|Data)Error",
    re.IGNORECASE,
)


@schemathesis.check
def no_internals(ctx, response, case):
    """Fixed error messages only, and nothing internal in any body."""
    text = response.text or ""
    leaked = INTERNALS.search(text)
    if leaked:
        raise AssertionError(f"internal detail in the body: {leaked.group(0)!r}")
    if response.status_code >= 400 and text:
        try:
            body = response.json()
        except ValueError:
            raise AssertionError("an error body that is not JSON")
        message = body.get("error", {}).get("message") if isinstance(body, dict) else None
        if message not in FIXED_MESSAGES:
            raise AssertionError(f"an error message that is not one of the fixed texts: {message!r}")
