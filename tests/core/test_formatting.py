from datetime import UTC, datetime
from decimal import Decimal

from django.template import Context, Template
from phonenumber_field.phonenumber import to_python

from accounts.formatting import phone_national, quantity, rupiah


def test_rupiah_uses_dot_thousands_in_every_language():
    assert rupiah(12500) == "Rp 12.500"
    assert rupiah(100_000_000) == "Rp 100.000.000"
    assert rupiah(0) == "Rp 0"


def test_quantity_drops_trailing_zeros_and_uses_a_decimal_comma():
    assert quantity(Decimal("1.250")) == "1,25"
    assert quantity(Decimal("10.000")) == "10"


def test_region_time_survives_a_chained_date_format():
    sent = datetime(2026, 11, 22, 1, 30, tzinfo=UTC)
    template = Template(
        '{{ at|in_timezone:"Asia/Makassar"|date:"H.i" }} {{ at|in_timezone:"Asia/Jakarta"|date:"H.i" }}'
    )
    assert template.render(Context({"at": sent})) == "09.30 08.30"


def test_a_phone_number_shows_as_indonesians_write_it_from_text_or_a_parsed_number_alike():
    for number in ("+6281234567890", to_python("+6281234567890"), "+6281234567890"):  # the last cached
        assert phone_national(number) == "0812-3456-7890"
    assert phone_national("not a number") == "not a number"
    assert [phone_national(empty) for empty in (None, "", to_python(""))] == ["", "", ""]
