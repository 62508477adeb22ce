"""Forms of the staff pages (the review, markets' hours). They check shapes; the rules live in
market.services."""

import re
from datetime import time

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from accounts.formatting import phone_national
from accounts.phone import IndonesianPhoneField
from core.forms import ListedModelChoiceField
from core.models import max_length_of
from market.models import ApplicationKind, ApplicationStatus, Decision, Market, Region


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
    region = ListedModelChoiceField(
        label=_("Region"), queryset=None, to_field_name="slug", required=False, empty_label=_("Every region")
    )
    market = ListedModelChoiceField(
        label=_("Market"), queryset=None, to_field_name="slug", required=False, empty_label=_("Every market")
    )

    def __init__(self, *args, regions: list[Region], markets: list[Market], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choose_from(Region, regions)
        self.fields["market"].choose_from(Market, markets)

    def filters(self) -> dict:
        """The valid filters, named as application_list_for_staff's keywords."""
        self.is_valid()
        filters = {name: value for name, value in self.cleaned_data.items() if value}
        if "q" in filters:
            filters["search"] = filters.pop("q")
        return filters


WINDOW_SEPARATORS = re.compile(r"[,;\s]+")
CLOCK = re.compile(r"(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?")


class TimeInput(forms.TimeInput):
    input_type = "time"


class MarketHoursForm(forms.Form):
    """A market's week (per day: trades or not, opening and closing time) and its desk number."""

    desk_whatsapp = IndonesianPhoneField(
        label=_("Trade office desk WhatsApp"),
        required=False,
        help_text=_("Shoppers reach stalls with no coordinator and no published number here."),
    )

    delivery_windows = forms.CharField(
        label=_("Delivery windows"),
        required=False,
        max_length=200,
        help_text=_(
            "The times deliveries start, e.g. 07.00, 09.00, 11.00, 13.00. Empty: shoppers can only "
            "ask for as soon as possible."
        ),
    )

    def __init__(self, *args, market, **kwargs):
        hours = {row.weekday: row for row in market.hours.all()}
        initial = {
            "desk_whatsapp": phone_national(market.desk_whatsapp),
            "delivery_windows": ", ".join(f"{row.starts:%H.%M}" for row in market.delivery_windows.all()),
        }
        for day in range(7):
            row = hours.get(day)
            initial |= {f"open_{day}": row is not None, f"opens_{day}": row and row.opens}
            initial[f"closes_{day}"] = row and row.closes
        super().__init__(*args, initial=initial, **kwargs)
        for day, name in sorted(WEEKDAYS.items()):
            self.fields[f"open_{day}"] = forms.BooleanField(label=name, required=False)
            self.fields[f"opens_{day}"] = forms.TimeField(
                label=_("Opens"), required=False, widget=TimeInput(format="%H:%M")
            )
            self.fields[f"closes_{day}"] = forms.TimeField(
                label=_("Closes"), required=False, widget=TimeInput(format="%H:%M")
            )

    def days(self):
        """(day name, its three bound fields) for the template, Monday first."""
        return [
            (name, self[f"open_{day}"], self[f"opens_{day}"], self[f"closes_{day}"])
            for day, name in sorted(WEEKDAYS.items())
        ]

    def clean(self):
        cleaned = super().clean()
        for day in range(7):
            if not cleaned.get(f"open_{day}"):
                continue
            for field in (f"opens_{day}", f"closes_{day}"):
                if cleaned.get(field) is None and field not in self.errors:
                    self.add_error(field, _("Enter the time, e.g. 04:30."))
        return cleaned

    def clean_delivery_windows(self) -> list[time]:
        """Times as people write them (07.00, 7:00, 13.30), separated by commas or spaces."""
        windows = []
        for text in WINDOW_SEPARATORS.split(self.cleaned_data["delivery_windows"].strip()):
            found = CLOCK.fullmatch(text)
            if text and (found is None or int(found["hour"]) > 23 or int(found["minute"] or 0) > 59):
                raise forms.ValidationError(
                    _("%(text)s is not a time: write them like 07.00, 09.00, 13.30.") % {"text": text}
                )
            if found:
                windows.append(time(int(found["hour"]), int(found["minute"] or 0)))
        return sorted(set(windows))

    def week(self) -> dict:
        """As market_hours_set() takes it: weekday -> (opens, closes), or None for a closed day."""
        data = self.cleaned_data
        return {
            day: (data[f"opens_{day}"], data[f"closes_{day}"]) if data[f"open_{day}"] else None
            for day in range(7)
        }


class MarketClosureForm(forms.Form):
    date = forms.DateField(label=_("Closed day"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=120, help_text=_("e.g. Idulfitri, market clean-up")
    )


class SearchSynonymForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, empty_label=None)
    word = forms.CharField(label=_("Word people type"), max_length=60, help_text=_("e.g. lombok"))
    means = forms.CharField(
        label=_("Finds"), max_length=60, help_text=_("The catalogue's word for it, e.g. cabai")
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        only = list(regions[:2])
        if len(only) == 1:
            self.fields["region"].widget = forms.HiddenInput()
            self.fields["region"].initial = only[0].pk
