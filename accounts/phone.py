"""Indonesian mobile numbers as people type them (0812…, 62812…, +62812…), stored as E.164."""

import re

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_PHONE_MESSAGE = _("Enter an Indonesian mobile number, for example 0812 3456 7890.")

_SEPARATORS = re.compile(r"[\s\-.()]")
_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalize_phone(raw: str) -> str:
    """The E.164 form ("+6281234567890") of an Indonesian mobile number typed with 0, 62 or +62.

    Spaces, dashes, dots and brackets are ignored. Raises ValidationError for anything else.
    """
    typed = _SEPARATORS.sub("", str(raw or ""))
    if typed.startswith("+62"):
        candidate = typed
    elif typed.startswith("62"):
        candidate = f"+{typed}"
    elif typed.startswith("0"):
        candidate = f"+62{typed[1:]}"
    else:
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone")
    if not candidate[1:].isdigit():
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone")
    try:
        number = phonenumbers.parse(candidate)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_search_fragment(typed: str) -> str | None:
    """What to look for inside stored E.164 numbers when someone searches by (part of) a phone number typed
    as people say it: "0812-0000", "62 812 0000" and "+628120000" all give "+628120000"; other digits
    ("0101", the end of a number) stay as they are. None for text that is not a number (a name, "A-01") or
    fewer than four digits, which would match nearly every number."""
    try:
        return normalize_phone(typed)  # a whole number, however written ("+62 (0)812 …" too)
    except ValidationError:
        pass
    compact = _SEPARATORS.sub("", str(typed or ""))
    digits = compact.removeprefix("+")
    if not digits.isdigit() or len(digits) < 4:
        return None
    if compact.startswith("+") or digits.startswith("62"):
        return f"+{digits}"
    if digits.startswith("0"):
        return f"+62{digits[1:]}"
    return digits


class IndonesianPhoneField(forms.CharField):
    """A form field for an Indonesian mobile number; cleans to E.164 (or "" when left empty)."""

    default_error_messages = {"invalid_phone": INVALID_PHONE_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Phone number"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "type": "tel",
                    "inputmode": "tel",
                    "autocomplete": "tel",
                    "placeholder": "0812 3456 7890",
                }
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalize_phone(value) if value else value
