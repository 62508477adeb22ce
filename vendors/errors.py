from decimal import Decimal

from core.errors import DomainError


class VendorError(DomainError):
    """A vendors rule refused the request. `rows` (quick update) maps a product id to {field: message};
    `current_stock` gives, for rows refused because stock changed, the stock as it is now; `price_confirm`
    the rows whose price waits for a confirmation."""

    not_found_codes = frozenset({"not_found"})
    conflict_codes = frozenset({"stock_changed", "stock_short"})

    def __init__(
        self, message, code: str = "invalid", *, field=None, rows=None, current_stock=None, price_confirm=()
    ):
        super().__init__(message, code, field=field)
        self.rows: dict[int, dict[str, str]] = rows or {}
        self.current_stock: dict[int, Decimal] = current_stock or {}
        self.price_confirm: set[int] = set(price_confirm)
