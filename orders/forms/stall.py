from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class StaffOrderSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Order number, phone or stall"), max_length=100, required=False, widget=forms.SearchInput
    )
