from core.errors import DomainError


class ReviewError(DomainError):
    """The review refused a decision. Codes: "not_found" (outside the actor's regions),
    "invalid_transition" (not allowed from the current status), "reason_required" (on the reason field),
    "busy", or a code of the receiver that refused it (e.g. vendors' "stall_taken")."""

    not_found_codes = frozenset({"not_found"})
    conflict_codes = frozenset({"invalid_transition"})


class MarketError(DomainError):
    """A change to a market (its opening hours, closed days, desk number, search words) was refused.
    Codes: "not_found" (a market or row outside the actor's regions), "invalid"."""
