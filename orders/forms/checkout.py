"""The checkout form: where to, who receives it, when. The fee is shown before the order can be placed:
the form's first submit asks for the quote, and placing needs the fee the shopper saw."""

import uuid

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accounts.formatting import phone_national
from accounts.templatetags.pasar import in_timezone
from orders.models import Kelurahan
from vendors.forms.products import RupiahField

COORDINATE = {"max_digits": 9, "decimal_places": 6, "required": False}


class CheckoutForm(forms.Form):
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan/desa"),
        queryset=Kelurahan.objects.none(),
        empty_label=_("- Choose your kelurahan -"),
    )
    street = forms.CharField(label=_("Street and house number"), max_length=200)
    landmark = forms.CharField(label=_("Landmark (patokan)"), max_length=200, required=False)
    latitude = forms.DecimalField(label=_("Pin latitude"), min_value=-90, max_value=90, **COORDINATE)
    longitude = forms.DecimalField(label=_("Pin longitude"), min_value=-180, max_value=180, **COORDINATE)
    recipient_name = forms.CharField(label=_("Recipient's name"), max_length=150)
    recipient_whatsapp = forms.CharField(label=_("Recipient's WhatsApp number"), max_length=30)
    note = forms.CharField(label=_("Note for the stalls and the courier"), max_length=300, required=False)
    change_for = RupiahField(label=_("Bring change for (Rp)"), required=False, help_text=_("E.g. 100.000."))
    deliver_from = forms.ChoiceField(label=_("Delivery time"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    quoted_fee = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, market, windows, shopper, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].queryset = Kelurahan.objects.filter(region=market.region, delivers=True)
        zone = market.region.timezone
        self.windows = {window.isoformat(): window for window in windows}
        self.fields["deliver_from"].choices = [("", _("As soon as possible"))] + [
            (key, formats.date_format(in_timezone(window, zone), "l H.i"))
            for key, window in self.windows.items()
        ]
        self.fields["latitude"].widget.attrs.update({"inputmode": "decimal", "data-pin": "latitude"})
        self.fields["longitude"].widget.attrs.update({"inputmode": "decimal", "data-pin": "longitude"})
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("recipient_name", shopper.name)
            self.initial.setdefault("recipient_whatsapp", phone_national(shopper.verified_phone or ""))

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both coordinates of the pin, or neither."))
        return data

    def details_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "kelurahan_id": data["kelurahan"].pk,
            "street": data["street"],
            "landmark": data["landmark"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "recipient_name": data["recipient_name"],
            "recipient_whatsapp": data["recipient_whatsapp"],
            "note": data["note"],
            "change_for": data["change_for"],
            "deliver_from": self.windows.get(data["deliver_from"]),
        }
