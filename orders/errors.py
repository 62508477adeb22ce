from core.errors import DomainError


class OrderError(DomainError):
    """An orders rule refused the request. `rows` maps a product id to {field: message} when stock ran
    short at checkout ("Stok cabai rawit tinggal 0,5 kg"); `order` is the order a repeated
    Idempotency-Key or a lost double submit refers to."""

    not_found_codes = frozenset({"not_found"})
    conflict_codes = frozenset({"invalid_transition", "stock_short", "cart_changed", "cart_empty"})

    def __init__(self, message, code: str = "invalid", *, field=None, rows=None, order=None):
        super().__init__(message, code, field=field)
        self.rows: dict[int, dict[str, str]] = rows or {}
        self.order = order
