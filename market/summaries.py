"""The staff's WhatsApp summary of what waits for their review: a periodic job (MarketConfig.ready()).

A staff member hears at most once an hour, and only when an application pending in one of their regions
was submitted since their last summary; the summary counts every pending application per kind and links
to the queue. Each application also has its own in-app notification (`application.submitted`).
The last summary's outbox row records when it went out; a run locks the staff member's assignments
before reading it, so two runs at once send one summary.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from core.locking import atomic_or_busy
from market.errors import ReviewError
from market.events import REVIEW_SUMMARY
from market.models import ApplicationKind, ApplicationStatus, RegionStaff
from market.selectors import application_list_for_staff, pending_application_counts_for_staff
from notifications.models import Channel
from notifications.selectors import notification_last_created_at
from notifications.services import notify

SUMMARY_EVERY = timedelta(hours=1)
# The summary's parameter holding each kind's count.
KIND_PARAMS = {
    ApplicationKind.TRADER: "traders",
    ApplicationKind.COURIER: "couriers",
    ApplicationKind.COMPANY: "companies",
}


def review_summaries_send_due() -> int:
    """Send the summary to every staff member it is due for; returns how many were sent.

    Safe to run twice or at once: each staff member is decided under a lock (review_summary_send), and
    one another run holds is left to that run."""
    staff = (
        get_user_model()
        .objects.filter(
            is_active=True,
            phone_verified=True,
            phone__isnull=False,
            staff_assignments__region__applications__status=ApplicationStatus.PENDING,
        )
        .distinct()
        .order_by("pk")
    )
    sent = 0
    for user in staff:
        try:
            sent += review_summary_send(user=user)
        except ReviewError:
            continue  # busy: another run is deciding this staff member's summary
    return sent


def review_summary_send(*, user) -> bool:
    """Send `user` the summary of their regions' pending applications over WhatsApp if it is due: none
    sent to them in the last hour, and an application submitted since the last one. Returns whether it
    was sent. Raises ReviewError "busy" when another run keeps the staff member locked."""
    with atomic_or_busy(ReviewError):
        # The lock every run takes before reading the last summary: a second run waits, then sees it.
        list(RegionStaff.objects.select_for_update(no_key=True).filter(user=user).order_by("pk"))
        now = timezone.now()
        last = notification_last_created_at(user=user, event=REVIEW_SUMMARY.name)
        if last is not None and last > now - SUMMARY_EVERY:
            return False
        pending = application_list_for_staff(user=user, status=ApplicationStatus.PENDING)
        if last is not None:
            pending = pending.filter(created_at__gt=last)
        if not pending.exists():
            return False
        counts = pending_application_counts_for_staff(user=user)
        params = {param: counts.get(kind, 0) for kind, param in KIND_PARAMS.items()}
        params["link"] = settings.SITE_URL.rstrip("/") + reverse("market:review_queue")
        notify(event=REVIEW_SUMMARY.name, params=params, user=user, channels=[Channel.WHATSAPP])
    return True
