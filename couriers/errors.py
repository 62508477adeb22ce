from core.errors import DomainError


class CourierError(DomainError):
    """A couriers rule refused the request: a job, a delivery or a stop the caller may not touch, or a
    move its status does not allow."""

    not_found_codes = frozenset({"not_found"})
    conflict_codes = frozenset({"invalid_transition", "already_picked_up", "already_confirmed", "locked"})
