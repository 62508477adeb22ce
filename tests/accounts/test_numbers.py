"""The one rule for numbers people type (accounts.numbers), shared by pages, API and admin."""

from decimal import Decimal

import pytest

from accounts.numbers import NumberError, parse_quantity, parse_rupiah


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.000", Decimal("1000")),
        ("12.500", Decimal("12500")),
        ("1.000.000", Decimal("1000000")),
        ("12,5", Decimal("12.5")),
        ("0,25", Decimal("0.25")),
        ("1.000,5", Decimal("1000.5")),
        ("7", Decimal("7")),
        (" 7 ", Decimal("7")),
        ("-1", Decimal("-1")),  # parsed; the fields refuse it with their own message
        # A dot before anything but exactly three digits is a decimal point (a phone keypad's only mark).
        ("12.5", Decimal("12.5")),
        ("0.25", Decimal("0.25")),
        ("0.250", Decimal("0.25")),  # no group of thousands starts with 0
        ("1.2345", Decimal("1.2345")),
        ("1,000", Decimal("1")),  # the comma is always the decimal mark
    ],
)
def test_a_quantity_reads_as_indonesians_write_it(typed, value):
    assert parse_quantity(typed) == value


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "abc",
        "１２３",
        "١٢",
        "1.000.5",
        "1.00.000",
        "1,000,5",
        "12,",
        ",5",
        "1 000",
        "1e3",
        "--1",
        "1" * 41,
    ],
)
def test_anything_else_is_not_a_quantity(typed):
    with pytest.raises(NumberError) as caught:
        parse_quantity(typed)
    assert caught.value.code == "invalid"


@pytest.mark.parametrize(
    "typed",
    [
        "45.000",
        "45.000,-",
        "45.000,00",
        "45000",
        "Rp 45.000",
        "Rp45.000",
        "rp45.000",
        "Rp. 45.000",
        "RP 45000",
        "Rp\u00a045.000",  # pasted from a web page
        "45 rb",
        "45rb",
        "45RB",
        "45ribu",
        "45 ribu",
        "45k",
        "Rp 45rb",
        "45,0rb",
    ],
)
def test_every_way_of_writing_forty_five_thousand_rupiah(typed):
    assert parse_rupiah(typed) == 45000


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("4,5rb", 4500), ("4.5rb", 4500), ("2,25rb", 2250), ("1.500rb", 1_500_000), ("3.500", 3500), ("-1", -1)],
)
def test_thousands_and_signs(typed, amount):
    assert parse_rupiah(typed) == amount


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("4,5", "not_whole"),
        ("45.000,50", "not_whole"),
        ("12.5", "not_whole"),
        ("4,5555rb", "not_whole"),
        ("abc", "invalid"),
        ("Rp", "invalid"),
        ("rb", "invalid"),
        ("45 rbu", "invalid"),
        ("45 000", "invalid"),
        ("４５０００", "invalid"),
        ("45.000 rupiah", "invalid"),
        ("", "invalid"),
    ],
)
def test_a_fraction_of_a_rupiah_or_words_are_no_price(typed, code):
    with pytest.raises(NumberError) as caught:
        parse_rupiah(typed)
    assert caught.value.code == code
