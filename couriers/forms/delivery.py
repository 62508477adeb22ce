"""The forms of a taken job: the courier's pickup, handover and failure report, the stall's cash
confirmation, the trade office's return; and the delivery page's forms for the status it is in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from couriers.models import Delivery, DeliveryStatus
from couriers.services.delivery import MAX_CASH


def _cash_field(label, help_text):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_CASH,
        required=False,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class PickupForm(forms.Form):
    cash_paid = _cash_field(
        _("Cash you paid the stall (Rp)"), _("Leave it as it is when you paid what is due.")
    )


class HandoverForm(forms.Form):
    code = forms.RegexField(
        label=_("The shopper's code"),
        regex=r"^\d{4}$",
        error_messages={"invalid": _("Four digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 4}),
    )


class FailForm(forms.Form):
    reason = forms.CharField(
        label=_("Why could you not deliver?"),
        max_length=300,
        help_text=_("Call the shopper first. The shopper and the trade office read this."),
    )


class ConfirmCashForm(forms.Form):
    cash_received = _cash_field(
        _("Cash you received (Rp)"), _("Leave it as it is when it is what the courier says.")
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Why do the goods go back?"), max_length=300)
    taken_back = forms.TypedMultipleChoiceField(
        label=_("Stalls that take their goods back into stock"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, delivery: Delivery, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taken_back"].choices = [
            (stop.pk, stop.trader_order.trader.stall_name) for stop in delivery.stops.all()
        ]
        self.auto_id = f"return-{delivery.pk}-%s"


def delivery_actions(
    delivery: Delivery, *, pickup_form=None, pickup_stop=None, handover_form=None, fail_form=None
):
    """What the courier's delivery page offers in the delivery's status: a pickup form per stall not yet
    picked up (one bound form when it comes back with errors), the handover and the failure report once
    everything is picked up, or the lock's notice."""
    picked_up = delivery.status == DeliveryStatus.PICKED_UP
    pickups = []
    if delivery.status == DeliveryStatus.ASSIGNED:
        for stop in delivery.stops.all():
            if stop.picked_up_at is None:
                form = (
                    pickup_form
                    if stop.pk == pickup_stop
                    else PickupForm(initial={"cash_paid": stop.cash_due}, auto_id=f"stop-{stop.pk}-%s")
                )
                pickups.append((stop, form))
    return {
        "pickups": pickups,
        "may_hand_over": picked_up and delivery.locked_at is None,
        "handover_locked": picked_up and delivery.locked_at is not None,
        "handover_form": handover_form or HandoverForm(),
        "may_fail": picked_up,
        "fail_form": fail_form or FailForm(),
    }
