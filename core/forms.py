"""Form fields the apps share."""

from django import forms
from django.forms.models import ModelChoiceIterator


class ListedChoiceIterator(ModelChoiceIterator):
    """A select's options from one plain query: Django's own iterator() opens a server-side cursor
    (DECLARE … CURSOR WITH HOLD, two more round trips) per select on PostgreSQL."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.listed():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.listed()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.listed())


class ListedModelChoiceField(forms.ModelChoiceField):
    """A choice of a few rows, read once for the select and for the chosen value alike, or given as
    rows read already (choose_from)."""

    iterator = ListedChoiceIterator

    def listed(self) -> list:
        if getattr(self, "_listed_from", None) is not self.queryset:
            self._listed_from, self._listed = self.queryset, list(self.queryset)
        return self._listed

    def choose_from(self, model, rows: list) -> None:
        """The choices are `rows`, instances of `model` the caller read already: no query."""
        self.queryset = model.objects.none()
        self._listed_from, self._listed = self.queryset, list(rows)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        for choice in self.listed():
            if str(getattr(choice, key)) == str(value):
                return choice
        raise forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )
