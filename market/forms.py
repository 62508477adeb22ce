"""Forms of the staff review pages. They check shapes; the review's rules live in market.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import max_length_of
from market.models import ApplicationKind, ApplicationStatus, Decision


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=max_length_of(Decision, "reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject, suspend or reinstate. The applicant reads it."),
    )


class ApplicationFilterForm(forms.Form):
    """The review queue's filters (GET). An invalid value just drops that filter."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, phone or stall number")}),
    )
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
    market = forms.ModelChoiceField(
        label=_("Market"), queryset=None, to_field_name="slug", required=False, empty_label=_("Every market")
    )

    def __init__(self, *args, regions, markets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["market"].queryset = markets

    def filters(self) -> dict:
        """The valid filters, named as application_list_for_staff's keywords."""
        self.is_valid()
        filters = {name: value for name, value in self.cleaned_data.items() if value}
        if "q" in filters:
            filters["search"] = filters.pop("q")
        return filters
