"""The courier's own switches: online or offline, the location they share (optional, kept for
COURIER_LOCATION_KEEP_HOURS), the most cash they can front for the stalls."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.locking import atomic_or_busy
from couriers.errors import CourierError
from couriers.models import Courier, ProfileStatus
from couriers.permissions import courier_of

# A keyword left out of courier_status_update keeps its value.
UNCHANGED = object()
MAX_CASH_LIMIT = 100_000_000  # the project's largest amount of rupiah (docs/decisions.md)
SIX_PLACES = Decimal("0.000001")


def courier_status_update(*, user, online=UNCHANGED, location=UNCHANGED, cash_limit=UNCHANGED) -> Courier:
    """Change what the courier says about themself. `online`: True or False; only an approved (active)
    courier may go online, and going offline forgets the location. `location`: (latitude, longitude),
    or None to forget it. `cash_limit`: whole rupiah, or None for no limit.

    Raises CourierError "not_found" (no courier), "not_active" (field online), "invalid_location"
    (field latitude), "invalid_cash_limit" (field cash_limit) or "busy"."""
    courier = courier_of(user)
    if courier is None:
        raise CourierError(_("You are not a courier."), "not_found")
    point = UNCHANGED if location is UNCHANGED else _point(location)
    limit = UNCHANGED if cash_limit is UNCHANGED else _limit(cash_limit)
    with atomic_or_busy(CourierError):
        courier = (
            Courier.objects.select_for_update(of=("self",))
            .select_related("region", "company")
            .get(pk=courier.pk)
        )
        fields = []
        if online is not UNCHANGED:
            if online and courier.status != ProfileStatus.ACTIVE:
                raise CourierError(_("Only an approved courier can go online."), "not_active", field="online")
            courier.is_online = bool(online)
            fields.append("is_online")
            if not online:
                point = None
        if point is not UNCHANGED:
            courier.latitude, courier.longitude = point or (None, None)
            courier.located_at = timezone.now() if point else None
            fields += ["latitude", "longitude", "located_at"]
        if limit is not UNCHANGED:
            courier.cash_limit = limit
            fields.append("cash_limit")
        if fields:
            courier.save(update_fields=fields)
    return courier


def _point(location) -> tuple[Decimal, Decimal] | None:
    if location is None:
        return None
    try:
        latitude, longitude = (Decimal(str(value)).quantize(SIX_PLACES, ROUND_HALF_UP) for value in location)
    except (InvalidOperation, TypeError, ValueError):
        latitude = longitude = None
    if latitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise CourierError(
            _("Give a latitude between -90 and 90 and a longitude between -180 and 180."),
            "invalid_location",
            field="latitude",
        )
    return latitude, longitude


def _limit(amount) -> int | None:
    if amount is None:
        return None
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= MAX_CASH_LIMIT:
        raise CourierError(
            _("Give whole rupiah from Rp 0 to Rp 100.000.000, or leave it empty for no limit."),
            "invalid_cash_limit",
            field="cash_limit",
        )
    return amount


def courier_locations_expire() -> int:
    """The periodic job: forget locations shared longer ago than COURIER_LOCATION_KEEP_HOURS. Safe to
    run twice or at once. How many it forgot."""
    stale = timezone.now() - timedelta(hours=settings.COURIER_LOCATION_KEEP_HOURS)
    return Courier.objects.filter(located_at__lt=stale).update(latitude=None, longitude=None, located_at=None)
