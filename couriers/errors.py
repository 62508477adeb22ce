from core.errors import DomainError


class CourierError(DomainError):
    """A couriers rule refused the request. Codes: "not_found" (outside the caller's scope),
    "phone_unverified", "already_applied", "wrong_company" (on the company field), "no_such_user" and
    "already_admin" (on the phone field), "busy"."""

    not_found_codes = frozenset({"not_found"})
