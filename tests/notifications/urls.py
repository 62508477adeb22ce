"""A page that notifies six people in one transaction, as an order for two stalls will."""

from django.db import transaction
from django.http import HttpResponse
from django.urls import path

from notifications.models import Channel
from notifications.services import notify
from tests.notifications.conftest import EVENT, PARAMS

PHONES = [f"+628131111000{n}" for n in range(6)]


def notify_six(request):
    with transaction.atomic():
        for phone in PHONES:
            notify(event=EVENT, params=PARAMS, phone=phone, channels=[Channel.WHATSAPP])
    return HttpResponse("done")


urlpatterns = [path("notify-six/", notify_six)]
