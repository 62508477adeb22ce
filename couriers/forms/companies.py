"""Forms of the staff's courier company pages and the company admins' decisions. They check shapes; the
rules live in couriers.services.companies and market's review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.phone import IndonesianPhoneField
from core.models import max_length_of
from couriers.models import CourierCompany
from market.models import Region


class CompanyRegisterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        to_field_name="slug",
        empty_label=_("Choose the region"),
    )
    name = forms.CharField(label=_("Company name"), max_length=max_length_of(CourierCompany, "name"))
    phone = IndonesianPhoneField(label=_("Company's WhatsApp number"))
    address = forms.CharField(
        label=_("Address"), max_length=max_length_of(CourierCompany, "address"), required=False
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        if len(regions) == 1:
            self.initial.setdefault("region", regions[0].slug)


class CompanyAdminForm(forms.Form):
    phone = forms.CharField(
        label=_("The admin's WhatsApp number"),
        max_length=32,
        help_text=_("The number of their account on Pasar Daring, e.g. 0812 3456 7890."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
