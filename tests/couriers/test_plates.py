"""Indonesian number plates as couriers type them, normalised to the way they are painted."""

import pytest
from django.core.exceptions import ValidationError

from couriers.plates import normalize_plate


@pytest.mark.parametrize(
    ("typed", "plate"),
    [
        ("dk1234ab", "DK 1234 AB"),
        ("DK 1234 AB", "DK 1234 AB"),
        ("B-1234-XYZ", "B 1234 XYZ"),
        ("b.1234.xyz", "B 1234 XYZ"),
        ("  g  4521   kb ", "G 4521 KB"),
        ("B 1 RI", "B 1 RI"),  # one digit
        ("AB 12", "AB 12"),  # no suffix
        ("B1234", "B 1234"),
        ("DK 5123 F", "DK 5123 F"),
        ("dk-5123fa", "DK 5123 FA"),
    ],
)
def test_a_plate_is_written_the_standard_way(typed, plate):
    assert normalize_plate(typed) == plate


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "1234",  # no area letters
        "DK",  # no number
        "ABC 123",  # three area letters
        "B 12345",  # five digits
        "B 0123 XY",  # a number never starts with 0
        "B 1234 ABCD",  # four suffix letters
        "B 1234 A1",
        "B 12 34",  # the number split in two
        "DK 1234 AB!",
        "DK_1234_AB",
        "DK 1234 ÅB",
        None,
    ],
)
def test_anything_else_is_refused_with_the_expected_shape_in_the_message(typed):
    with pytest.raises(ValidationError) as refused:
        normalize_plate(typed)

    assert refused.value.code == "invalid_plate"
    assert "DK 1234 AB" in refused.value.messages[0]
