from core.errors import DomainError


class CourierError(DomainError):
    """A couriers rule refused the request. "not_found": outside the caller's scope (another region's
    job, not online, not theirs; a company outside the staff member's regions); conflicts: the job was
    taken by another courier ("taken"), the delivery's status does not allow the move
    ("invalid_transition"), or the courier already holds as many deliveries as allowed ("at_limit");
    after the job is taken: a stall picked up already, its cash confirmed already, the handover locked
    after too many wrong codes ("locked"). Applying and companies: "phone_unverified", "already_applied",
    "wrong_company" (on the company field), "no_such_user" and "already_admin" (on the phone field)."""

    not_found_codes = frozenset({"not_found"})
    conflict_codes = frozenset(
        {"taken", "invalid_transition", "at_limit", "already_picked_up", "already_confirmed", "locked"}
    )
