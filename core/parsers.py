"""The API's parsers: DRF's, refusing text with a NUL character as that field's validation error.

PostgreSQL cannot store or compare NUL in text, and DRF's CharField refuses it but its other fields do
not: a slug or a choice with a NUL in it would reach a query and end in a DataError (a 500).
core.middleware refuses NUL in the path and the query string.
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

NUL_NOT_ALLOWED = _("Null characters are not allowed.")


def contains_nul(value) -> bool:
    """Whether a parsed value has a NUL in any string in it, keys included."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(contains_nul(key) or contains_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(contains_nul(item) for item in value)
    return False


def refuse_nul(data) -> None:
    """Raises a validation error on every top-level field of `data` that holds a NUL (a key with one
    is the request's as a whole)."""
    whole = api_settings.NON_FIELD_ERRORS_KEY
    if not isinstance(data, Mapping):
        data = {whole: data}
    errors = {}
    for key, value in data.lists() if hasattr(data, "lists") else data.items():  # a QueryDict: every value
        if contains_nul(key) or contains_nul(value):
            errors[whole if contains_nul(key) else key] = [NUL_NOT_ALLOWED]
    if errors:
        raise ValidationError(errors)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        refuse_nul(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        refuse_nul(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        refuse_nul(parsed.data)
        refuse_nul({field: [upload.name for upload in uploads] for field, uploads in parsed.files.lists()})
        return parsed
