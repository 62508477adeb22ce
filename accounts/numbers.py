"""Numbers as people in Indonesia type them: one rule for every quantity and price a person enters, on
pages, in the API and in the admin (static/js/app.js mirrors it for the price echo).

- A dot before exactly three digits separates thousands: "1.000" is one thousand, "12.500" twelve
  thousand five hundred. A comma is the decimal mark: "12,5", "1.000,5".
- Any other dot is a decimal point, as a phone's numeric keypad may offer only a dot: "12.5" is 12,5,
  "0.250" is 0,25 (a group of thousands never starts with 0).
- ASCII digits only: "１２３" and other scripts' digits are refused.
- Rupiah are whole: "45.000", "45.000,-", "45.000,00", "Rp 45.000", "rp45.000", "45 rb", "45rb",
  "45ribu" and "45k" all mean 45000, "4,5rb" means 4500; "4,5" alone is no price.

Pure functions: they return the number or raise NumberError; ranges are the caller's fields' business.
"""

import re
from decimal import Decimal

MAX_LENGTH = 40
# The spaces a person types or pastes ("Rp\u00a045.000" from a web page), spelled out so that the
# browser's copy of the rule matches exactly (Python's and JavaScript's \s and case folding differ).
SPACES = " \t\n\r\u00a0"
_SPACE = "[ \t\n\r\u00a0]"

_GROUPED = re.compile(r"(?P<whole>[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,(?P<fraction>[0-9]+))?")
_COMMA = re.compile(r"(?P<whole>[0-9]+)(?:,(?P<fraction>[0-9]+))?")
_POINT = re.compile(r"(?P<whole>[0-9]+)\.(?P<fraction>[0-9]+)")

_RUPIAH_PREFIX = re.compile(rf"[Rr][Pp]\.?{_SPACE}*")
_IN_THOUSANDS = re.compile(rf"(?P<number>.*?[0-9]){_SPACE}*(?:[Rr][Bb]|[Rr][Ii][Bb][Uu]|[Kk])\.?")
_NO_CENTS = re.compile(r"(?P<number>.*?[0-9]),(?:-|0+)")  # "45.000,-", "45.000,00": as receipts write it
THOUSAND = Decimal(1000)


class NumberError(ValueError):
    """The text is not a number under the rule. `code`: "invalid", or "not_whole" for a rupiah amount
    with a fraction."""

    def __init__(self, code: str = "invalid"):
        super().__init__(code)
        self.code = code


def parse_quantity(text: str) -> Decimal:
    """A decimal as typed: "1.000" -> 1000, "12,5" -> 12.5, "1.000,5" -> 1000.5, "12.5" -> 12.5."""
    text = text.strip(SPACES)
    if len(text) > MAX_LENGTH:
        raise NumberError
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    for pattern in (_GROUPED, _COMMA, _POINT):
        match = pattern.fullmatch(digits)
        if match:
            whole = match["whole"].replace(".", "") if pattern is _GROUPED else match["whole"]
            fraction = match["fraction"]
            return Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")
    raise NumberError


def parse_rupiah(text: str) -> int:
    """Whole rupiah as typed: "Rp 45.000", "45.000,-", "45rb" -> 45000, "4,5rb" -> 4500.

    Raises NumberError("not_whole") for a fraction of a rupiah ("4,5", "4,5555rb"), NumberError("invalid")
    for anything else that is not a number."""
    text = text.strip(SPACES)
    if len(text) > MAX_LENGTH:
        raise NumberError
    prefix = _RUPIAH_PREFIX.match(text)
    if prefix:
        text = text[prefix.end() :]
    in_thousands = _IN_THOUSANDS.fullmatch(text)
    if in_thousands:
        amount = parse_quantity(in_thousands["number"]) * THOUSAND
    else:
        no_cents = _NO_CENTS.fullmatch(text)
        amount = parse_quantity(no_cents["number"] if no_cents else text)
    if amount != amount.to_integral_value():
        raise NumberError("not_whole")
    return int(amount)
