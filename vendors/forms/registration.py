"""Forms of assisted registration. They check shapes; the rules live in vendors.registration."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.phone import IndonesianPhoneField
from market.models import Category, Market
from market.selectors import staff_regions
from vendors.forms.applications import GroupedModelChoiceField
from vendors.models import TraderGroup
from vendors.selectors import groups_coordinated_by


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
        label=_("Short description"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        regions = staff_regions(actor)
        self.as_staff = regions.exists()
        if self.as_staff:
            markets = Market.objects.filter(is_active=True, region__in=regions)
            self.fields["market"].queryset = markets.select_related("region").order_by("region__name", "name")
            groups = TraderGroup.objects.filter(market__in=markets)
        else:
            del self.fields["market"]
            groups = groups_coordinated_by(actor)
            self.fields["group"].required = True
            self.fields["group"].empty_label = None
        self.fields["group"].queryset = groups.select_related("market").order_by("market__name", "name")

    def clean(self):
        data = super().clean()
        group = data.get("group")
        if not self.as_staff and group is not None:
            data["market"] = group.market
        market = data.get("market")
        if group is not None and market is not None and group.market_id != market.pk:
            self.add_error("group", _("Choose a group of this market."))
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
