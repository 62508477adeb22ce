"""Indonesian number plates (TNKB) as people type them: "dk1234ab", "DK-1234-AB", "B 1234 XYZ".

A plate is an area code of one or two letters, a number of one to four digits (never starting with 0)
and a suffix of up to three letters, written with single spaces: "DK 1234 AB", "B 1 RI". No package on
PyPI checks Indonesian plates; the area codes themselves are not listed here (new regions get new ones),
only the shape.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_PLATE_MESSAGE = _(
    "Enter the plate as it is on the vehicle: area letters, up to 4 digits, up to 3 letters, e.g. DK 1234 AB."
)

_PLATE = re.compile(r"([A-Z]{1,2})[ .\-]*([1-9][0-9]{0,3})[ .\-]*([A-Z]{0,3})")


def normalize_plate(raw: str) -> str:
    """The plate written the standard way ("DK 1234 AB"), whatever the letter case and whether spaces,
    dashes or dots separate its parts. Raises ValidationError (code "invalid_plate") otherwise."""
    typed = " ".join(str(raw or "").upper().split())
    found = _PLATE.fullmatch(typed)
    if found is None:
        raise ValidationError(INVALID_PLATE_MESSAGE, code="invalid_plate")
    return " ".join(part for part in found.groups() if part)
