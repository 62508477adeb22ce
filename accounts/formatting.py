"""Display formats shared by pages, API and notifications (both languages use the Indonesian forms)."""

from decimal import Decimal


def rupiah(amount: int | None) -> str:
    """Whole rupiah with dot thousands separators: 12500 -> "Rp 12.500"."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(int(amount)):,}".replace(",", ".")


def quantity(value: Decimal | int | None) -> str:
    """A quantity without trailing zeros and with a decimal comma: Decimal("1.250") -> "1,25"."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")
