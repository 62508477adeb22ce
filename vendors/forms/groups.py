"""Forms of the staff's trader group pages. They check shapes; the rules live in vendors.groups."""

from django import forms
from django.utils.translation import gettext_lazy as _

from market.models import Market
from vendors.models import TraderGroup

NAME_HELP = _("For example “Kelompok 3 — sayur dan bumbu”.")


class GroupCreateForm(forms.Form):
    market = forms.ModelChoiceField(
        label=_("Market"),
        queryset=Market.objects.none(),
        to_field_name="slug",
        empty_label=_("Choose the market"),
    )
    name = forms.CharField(label=_("Group name"), max_length=150, help_text=NAME_HELP)

    def __init__(self, *args, markets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["market"].queryset = markets


class GroupRenameForm(forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=150, help_text=NAME_HELP)


class CoordinatorForm(forms.Form):
    """The group's active members are offered; any stall id is accepted here and judged by the service."""

    coordinator = forms.IntegerField(
        label=_("Coordinator"),
        required=False,
        widget=forms.Select,
        help_text=_("Only active members can coordinate."),
    )

    def __init__(self, *args, group: TraderGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].widget.choices = [
            ("", _("No coordinator")),
            *((stall.pk, _stall_label(stall)) for stall in group.member_list if stall.is_active),
        ]


class MoveForm(forms.Form):
    """A stall and the group it goes to (empty: no group), judged by the service."""

    trader = forms.IntegerField(label=_("Stall"))
    group = forms.IntegerField(label=_("Group"), required=False)


def _stall_label(stall) -> str:
    return f"{stall.stall_number} · {stall.stall_name} · {stall.owner_name}"
