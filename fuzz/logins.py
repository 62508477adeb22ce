"""Signing in as the fuzzer's callers do: an app's password login through allauth's headless API."""

import json
import urllib.error
import urllib.request

from portal.demo_data import DEMO_LOGINS

# The callers the fuzzer plays besides the anonymous one, the longest run first, each with the paths of
# the operations it works with. Every role fuzzes every operation; the coverage phase, which tries each
# parameter's edge cases in turn and takes most of the time, only runs on a role's own operations.
ROLES = {
    "trader": r"^/api/v1/(me|trader)/",
    # a trader too: what only a coordinator does (the trader's run covers the rest of trader/)
    "coordinator": r"^/api/v1/trader/(members|stalls)/",
    "shopper": (
        r"^/api/v1/(me|notifications|markets|stalls|products"
        r"|(trader|courier)/applications|trader/stall-claims)/"
    ),
    "courier": r"^/api/v1/(me|notifications)/",
    "company admin": r"^/api/v1/(me|courier/company)/",
    "staff": r"^/api/v1/(me|staff)/",
}
# Whose own run goes after all the others: their decisions (suspending a stall, approving an application,
# moving a stall to another group) change what the others may do.
DECIDES_FOR_OTHERS = "staff"
LOGIN_PATH = "/_allauth/app/v1/auth/login"


class LoginFailed(Exception):
    """The server did not hand out a session token for these credentials."""


def demo_login(role: str) -> dict:
    """The first of the demo logins (portal.demo_data) for `role`."""
    return next(login for login in DEMO_LOGINS if login["role"] == role)


def session_token(base_url: str, phone: str, password: str) -> str:
    """Logs in by phone and password as an app does and answers meta.session_token, the value of the
    X-Session-Token header of every later request."""
    body = json.dumps({"phone": phone, "password": password}).encode()
    request = urllib.request.Request(
        base_url + LOGIN_PATH, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:
        raise LoginFailed(f"{phone}: HTTP {error.code} {error.read(2000).decode(errors='replace')}") from None
    meta = answer.get("meta", {})
    if not meta.get("is_authenticated") or not meta.get("session_token"):
        raise LoginFailed(f"{phone}: not signed in: {answer}")
    return meta["session_token"]
