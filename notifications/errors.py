from core.errors import DomainError


class NotificationError(DomainError):
    """A caller asked for a notification that cannot exist (a programming error, not a delivery problem)."""

    not_found_codes = frozenset()
