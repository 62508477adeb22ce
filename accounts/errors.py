from core.errors import DomainError


class AccountError(DomainError):
    """A change to an account that cannot be made; `message` is shown to the user."""

    not_found_codes = frozenset()
    conflict_codes = frozenset({"phone_taken"})
