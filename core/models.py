"""Model fields shared by every app."""

from django.core.validators import MaxLengthValidator
from django.db import models


class BoundedTextField(models.TextField):
    """Free text with a limit that model validation (full_clean), forms and serializers all keep, not
    only the widget as a plain TextField's max_length does: text typed on a phone has no natural end,
    and a 6 MB description would be sent to every shopper who opens the stall."""

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        # default_validators is read by `validators`, and not written into migrations.
        self.default_validators = [MaxLengthValidator(max_length)]


def max_length_of(model, field_name: str) -> int:
    """The limit a form or serializer field copies from the model, so it is defined once."""
    return model._meta.get_field(field_name).max_length
