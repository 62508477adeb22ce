"""Display formats shared by pages, API and notifications (both languages use the Indonesian forms)."""

from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import phonenumbers
from django.utils.dates import MONTHS_3


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


def phone_national(phone) -> str:
    """A phone number (E.164 text or a PhoneNumber) as Indonesians write it: "+6281234567890" ->
    "0812-3456-7890". Text that is not a number comes back unchanged."""
    if phone is None:
        return ""
    # A PhoneNumber keeps the text it was read from (E.164 from the database): formatting it back to
    # text, as str() does, costs as much as the national format itself.
    text = getattr(phone, "raw_input", None) or str(phone)
    return _national(text) if text else ""


@lru_cache(maxsize=4096)
def _national(text: str) -> str:
    # Parsing and formatting take about 50 µs a number; lists show the same numbers page after page.
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def day_month_year_time(moment: datetime, zone: str) -> str:
    """`moment` in the time zone `zone` as `{{ moment|date:"j M Y H.i" }}` writes it there ("1 Mar 2026
    08.05", the month in the active language), without a DateFormat (about 20 µs a card)."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local.day} {str(MONTHS_3[local.month]).title()} {local.year} {local:%H.%M}"
