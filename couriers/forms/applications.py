"""The apply-as-courier form. It checks shapes; the rules (plate, company of the region) live in
couriers.services.applications."""

from django import forms
from django.utils.translation import gettext_lazy as _

from couriers.models import Vehicle
from couriers.selectors import company_list_for_applicants
from market.models import Region
from vendors.forms.applications import GroupedModelChoiceField


class CourierApplicationForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region you deliver in"),
        queryset=Region.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Choose your region"),
    )
    vehicle = forms.ChoiceField(label=_("Vehicle"), choices=Vehicle.choices, initial=Vehicle.MOTORBIKE)
    plate_number = forms.CharField(
        label=_("Plate number"),
        max_length=20,
        help_text=_("As on the vehicle, e.g. DK 1234 AB."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    company = GroupedModelChoiceField(
        label=_("Courier company"),
        queryset=company_list_for_applicants(),
        key=lambda company: company.region.name,
        required=False,
        empty_label=_("None: I ride on my own"),
        help_text=_(
            "The ojek company of your region you ride for, if any. Its admins may decide your application."
        ),
    )
