"""The apply-to-sell form. It checks shapes; the rules live in vendors.applications."""

from functools import partial
from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from accounts.phone import IndonesianPhoneField
from core.models import max_length_of
from market.models import Category, Market
from vendors.models import Trader, TraderGroup, validate_group_in_market


def add_service_errors(form, error: ValidationError) -> None:
    """A service's ValidationError on the form: each field's messages on that field (the photo's on the
    photo), the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


class GroupedChoiceIterator(ModelChoiceIterator):
    """The choices in one <optgroup> per `key` (the queryset is ordered by it)."""

    def __init__(self, field, key):
        super().__init__(field)
        self.key = key

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for label, objects in groupby(self.queryset, self.key):
            yield (label, [self.choice(obj) for obj in objects])


class GroupedModelChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, key, **kwargs):
        super().__init__(*args, **kwargs)
        self.iterator = partial(GroupedChoiceIterator, key=key)


class TraderApplicationForm(forms.Form):
    market = GroupedModelChoiceField(
        label=_("Market"),
        queryset=Market.objects.filter(is_active=True)
        .select_related("region")
        .order_by("region__name", "name"),
        key=lambda market: market.region.name,
        empty_label=_("Choose your market"),
    )
    stall_number = forms.CharField(
        label=_("Stall/los number"), max_length=30, help_text=_("As painted on the stall, e.g. B-12.")
    )
    stall_name = forms.CharField(label=_("Stall name"), max_length=150)
    group = GroupedModelChoiceField(
        label=_("Trader group"),
        queryset=TraderGroup.objects.filter(market__is_active=True)
        .select_related("market")
        .order_by("market__name", "name"),
        key=lambda group: group.market.name,
        required=False,
        empty_label=_("No group"),
        help_text=_("The group of your market you belong to, if any."),
    )
    whatsapp = IndonesianPhoneField(label=_("WhatsApp number"))
    whatsapp_public = forms.BooleanField(
        label=_("Shoppers may see this number and message me when my stall has no coordinator"),
        required=False,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("What do you sell?"),
        queryset=Category.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of goods.")},
    )
    description = forms.CharField(
        label=_("Short description"),
        required=False,
        max_length=max_length_of(Trader, "description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shoppers find at your stall."),
    )
    photo = forms.FileField(
        label=_("Stall photo"),
        required=False,
        help_text=_("Optional. A photo of your stall: JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean(self):
        data = super().clean()
        market = data.get("market")
        validate_group_in_market(data.get("group"), market.pk if market else None)
        return data
