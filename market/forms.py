"""Forms of the staff review pages. They check shapes; the review's rules live in market.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from market.models import ApplicationKind, ApplicationStatus


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject, suspend or reinstate. The applicant reads it."),
    )


class ApplicationFilterForm(forms.Form):
    """The review queue's filters (GET). An invalid value just drops that filter."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Every status")), *ApplicationStatus.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Every kind")), *ApplicationKind.choices], required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=None, to_field_name="slug", required=False, empty_label=_("Every region")
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def filters(self) -> dict:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
