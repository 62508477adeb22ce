"""Forms of assisted registration. They check shapes; the rules live in vendors.registration."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.phone import IndonesianPhoneField
from core.models import max_length_of
from market.models import Category, Market
from market.permissions import is_staff_anywhere
from vendors.forms.applications import GroupedModelChoiceField
from vendors.models import Trader, TraderGroup, validate_group_in_market
from vendors.selectors import groups_for_registration, markets_for_registration


class TraderRegistrationForm(forms.Form):
    """Staff choose any open market of their regions and any of its groups; a coordinator chooses one of
    the groups they coordinate, and the market follows from it."""

    market = GroupedModelChoiceField(
        label=_("Market"),
        queryset=Market.objects.none(),
        key=lambda market: market.region.name,
        empty_label=_("Choose the market"),
    )
    group = GroupedModelChoiceField(
        label=_("Trader group"),
        queryset=TraderGroup.objects.none(),
        key=lambda group: group.market.name,
        required=False,
        empty_label=_("No group"),
        help_text=_("The group's coordinator runs the stall for the trader."),
    )
    owner_name = forms.CharField(label=_("Trader's name"), max_length=150)
    stall_name = forms.CharField(label=_("Stall name"), max_length=150)
    stall_number = forms.CharField(
        label=_("Stall/los number"), max_length=30, help_text=_("As painted on the stall, e.g. B-12.")
    )
    whatsapp = IndonesianPhoneField(
        label=_("WhatsApp or phone number"),
        help_text=_("The trader's own number. If it already has an account, a code is sent there."),
    )
    whatsapp_public = forms.BooleanField(
        label=_("The trader agrees that shoppers see this number when the stall has no coordinator"),
        required=False,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("What do they sell?"),
        queryset=Category.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of goods.")},
    )
    description = forms.CharField(
        label=_("Short description"),
        required=False,
        max_length=max_length_of(Trader, "description"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.as_staff = is_staff_anywhere(actor)
        if self.as_staff:
            self.fields["market"].queryset = markets_for_registration(actor)
        else:
            del self.fields["market"]
            self.fields["group"].required = True
            self.fields["group"].empty_label = None
        self.fields["group"].queryset = groups_for_registration(actor, as_staff=self.as_staff)

    def clean(self):
        data = super().clean()
        group = data.get("group")
        if not self.as_staff and group is not None:
            data["market"] = group.market
        market = data.get("market")
        validate_group_in_market(group, market.pk if market else None)
        return data


class ClaimCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from WhatsApp"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class OfferConfirmForm(forms.Form):
    """Confirming a link offered to the number's owner: one button, no code (verifying the number was)."""
