"""The trade office's trader list filters (GET). They check shapes; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ListedModelChoiceField
from market.models import Market, ProfileStatus
from vendors.forms.storefront import SearchInput


class StaffTraderFilterForm(forms.Form):
    """An invalid value just drops that filter."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=SearchInput(attrs={"placeholder": _("Name, phone or stall number"), "autocomplete": "off"}),
    )
    market = ListedModelChoiceField(
        label=_("Market"), queryset=None, to_field_name="slug", required=False, empty_label=_("Every market")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All but rejected")), *ProfileStatus.choices], required=False
    )

    def __init__(self, *args, markets: list[Market], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["market"].choose_from(Market, markets)

    def filters(self) -> dict:
        """The valid filters, named as trader_list_for_staff's keywords."""
        self.is_valid()
        filters = {name: value for name, value in self.cleaned_data.items() if value}
        if "q" in filters:
            filters["search"] = filters.pop("q")
        return filters
