import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.phone import IndonesianPhoneField, normalize_phone, phone_search_fragment


@pytest.mark.parametrize(
    "typed",
    [
        "081234567890",
        "0812 3456 7890",
        "0812-3456-7890",
        "6281234567890",
        "62 812 3456 7890",
        "+6281234567890",
        "+62 (0)812 3456 7890",
    ],
)
def test_usual_ways_of_typing_a_mobile_number_give_e164(typed):
    assert normalize_phone(typed) == "+6281234567890"


def test_the_demo_datas_fake_numbers_are_accepted():
    assert normalize_phone("0812 0000 0001") == "+6281200000001"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "0812",
        "021 1234 5678",
        "+1 415 555 0100",
        "0812345678901234",
        "pembeli@example.test",
        "0812abc45678",
    ],
)
def test_anything_else_is_refused(typed):
    with pytest.raises(ValidationError) as error:
        normalize_phone(typed)
    assert error.value.code == "invalid_phone"


def test_the_message_is_translated():
    with translation.override("id"), pytest.raises(ValidationError) as error:
        normalize_phone("021 1234 5678")
    assert error.value.messages == ["Isi nomor HP Indonesia, misalnya 0812 3456 7890."]


def test_form_field_cleans_to_e164_and_allows_blank_when_optional():
    assert IndonesianPhoneField().clean("0812 3456 7890") == "+6281234567890"
    assert IndonesianPhoneField(required=False).clean("") == ""
    with pytest.raises(ValidationError):
        IndonesianPhoneField().clean("")


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 (0)812 3456 7890", "+6281234567890"),
        ("0812 3456", "+628123456"),
        ("62812-3456", "+628123456"),
        ("+62812 3456", "+628123456"),
        ("7890", "7890"),
        ("Slamet", None),
        ("A-01", None),
        ("081", None),
        ("", None),
    ],
)
def test_a_phone_search_looks_for_the_e164_form_of_what_was_typed(typed, fragment):
    assert phone_search_fragment(typed) == fragment
