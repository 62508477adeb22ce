from django import forms
from django.utils.translation import gettext_lazy as _

from couriers.services.status import MAX_CASH_LIMIT
from vendors.forms.products import RupiahField


class CoordinateField(forms.FloatField):
    """Degrees as typed: with a decimal point, or the Indonesian decimal comma ("-6,9")."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str) and "," in value and "." not in value:
            value = value.replace(",", ".")
        return super().to_python(value)


class CourierStatusForm(forms.Form):
    """The courier's switches on their home page. Empty coordinates forget the shared location; the
    page's script fills them from the phone's location when asked."""

    online = forms.BooleanField(
        label=_("Online: show me delivery jobs"),
        required=False,
        widget=forms.CheckboxInput(attrs={"role": "switch"}),
    )
    cash_limit = RupiahField(
        label=_("Most cash I can front for the stalls (Rp)"),
        required=False,
        min_value=0,
        max_value=MAX_CASH_LIMIT,
        help_text=_("Jobs needing more are shown but cannot be taken. Empty: no limit."),
    )
    latitude = CoordinateField(label=_("My latitude"), required=False, min_value=-90, max_value=90)
    longitude = CoordinateField(label=_("My longitude"), required=False, min_value=-180, max_value=180)

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not self.errors:
            raise forms.ValidationError(_("Give both the latitude and the longitude, or neither."))
        return data

    @property
    def location(self):
        latitude, longitude = self.cleaned_data.get("latitude"), self.cleaned_data.get("longitude")
        return None if latitude is None else (latitude, longitude)

    @classmethod
    def for_courier(cls, courier, **kwargs):
        initial = {
            "online": courier.is_online,
            "cash_limit": courier.cash_limit,
            "latitude": courier.latitude,
            "longitude": courier.longitude,
        }
        return cls(initial=initial, **kwargs)
