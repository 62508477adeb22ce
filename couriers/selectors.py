"""Reads of the couriers app, scoped to the caller's role."""

import datetime
import json
import math
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, JSONObject, Sqrt, Trunc
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.phone import phone_search_fragment
from core.sql import KeptRows, OneRow
from couriers.errors import CourierError
from couriers.models import (
    ACTIVE_DELIVERY_STATUSES,
    Courier,
    CourierCompany,
    Delivery,
    DeliveryStatus,
    DeliveryStop,
    ProfileStatus,
)
from market.models import Decision, Region
from market.registry import ApplicationSummary, Fact
from market.selectors import staff_regions
from orders.models import Kelurahan, Order
from vendors.selectors import stall_list_for_actor

# A suspended company's admins keep their page (it shows the suspension) but decide nothing.
VISIBLE_COMPANY_STATUSES = (ProfileStatus.ACTIVE, ProfileStatus.SUSPENDED)


def courier_profile_for_user(user) -> Courier | None:
    """The user's courier profile (the open or approved one), if any, with its region and company."""
    if not user.is_authenticated:
        return None
    row = _COURIER_PROFILE.get(user.pk)
    if row is None:
        return None
    courier = _from_row(Courier, row, "")
    courier.region = _from_row(Region, row, "region.")
    courier.company = _from_row(CourierCompany, row, "company.") if row["company.id"] is not None else None
    return courier


def _courier_profile(user_id: int) -> QuerySet:
    # One profile at most is not rejected (courier_one_open_profile_per_user): no order needed.
    related = {
        f"{name}.{field.attname}": F(f"{name}__{field.attname}")
        for name, model in (("region", Region), ("company", CourierCompany))
        for field in model._meta.concrete_fields
    }
    own = [field.attname for field in Courier._meta.concrete_fields]
    profiles = Courier.objects.filter(user_id=user_id).exclude(status=ProfileStatus.REJECTED).order_by()
    return profiles.values(*own, **related)


def _from_row(model, row: dict, prefix: str):
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db("default", names, [row[f"{prefix}{name}"] for name in names])


# The courier's columns, their region's and their company's: what every courier page and API call reads
# first. Building the query through the ORM cost more than running it: built once (core.sql.OneRow).
_COURIER_PROFILE = OneRow(_courier_profile)


def companies_administered_by(user) -> QuerySet[CourierCompany]:
    if not user.is_authenticated:
        return CourierCompany.objects.none()
    return CourierCompany.objects.filter(admins=user).select_related("region")


def courier_list_for_company(company: CourierCompany) -> QuerySet[Courier]:
    return company.couriers.select_related("user").order_by("user__name")


def courier_application_list_for_user(user) -> QuerySet[Courier]:
    """The user's own courier applications (every one, rejected too), newest first, each with its
    region, company, application and the decisions taken on it."""
    if not user.is_authenticated:
        return Courier.objects.none()
    return (
        Courier.objects.filter(user=user, application__isnull=False)
        .select_related("region", "company", "application")
        .prefetch_related(
            Prefetch("application__decisions", queryset=Decision.objects.order_by("created_at"))
        )
        .order_by("-application__created_at", "-pk")
    )


def company_list_for_applicants() -> QuerySet[CourierCompany]:
    """The companies a courier may apply to: active ones, by region and name."""
    return (
        CourierCompany.objects.filter(status=ProfileStatus.ACTIVE)
        .select_related("region")
        .order_by("region__name", "name")
    )


# Pending applications first, then active, suspended and rejected couriers.
_STATUS_ORDER = Case(
    *[When(status=status, then=Value(rank)) for rank, status in enumerate(ProfileStatus.values)],
    output_field=IntegerField(),
)


def courier_list_for_company_admin(user, *, status: str | None = None) -> QuerySet[Courier]:
    """The couriers of the companies `user` administers (active or suspended companies), pending
    applications first, then by name; with `status` only those in it. Another company's couriers are
    not here, so looking one up is a 404."""
    if not user.is_authenticated:
        return Courier.objects.none()
    couriers = Courier.objects.filter(
        company__admins=user, company__status__in=VISIBLE_COMPANY_STATUSES
    ).select_related("user", "company", "application")
    if status:
        couriers = couriers.filter(status=status)
    return couriers.order_by(_STATUS_ORDER, "user__name", "pk")


def company_list_for_staff(user) -> QuerySet[CourierCompany]:
    """The courier companies of the staff member's regions, by region and name, with how many admins
    and active couriers each has."""
    return (
        CourierCompany.objects.filter(region__in=staff_regions(user))
        .select_related("region")
        .annotate(
            admin_count=Count("admins", distinct=True),
            courier_count=Count("couriers", filter=Q(couriers__status=ProfileStatus.ACTIVE), distinct=True),
        )
        .order_by("region__name", "name")
    )


def company_detail_list_for_staff(user) -> QuerySet[CourierCompany]:
    """company_list_for_staff's companies with their admins' accounts (one company's page)."""
    return company_list_for_staff(user).prefetch_related("admins")


# --- What the review's queue shows and finds of courier and company applications (see apps.py) -------


def courier_application_summaries(applications) -> dict[int, ApplicationSummary]:
    """The courier of each courier application: who, their vehicle and plate, their company if any."""
    couriers = Courier.objects.filter(
        application__in=[application.pk for application in applications]
    ).select_related("user", "company")
    return {courier.application_id: _courier_summary(courier) for courier in couriers}


def _courier_summary(courier: Courier) -> ApplicationSummary:
    facts = [Fact("vehicle", _("Vehicle"), courier.get_vehicle_display())]
    if courier.plate_number:
        facts.append(Fact("plate_number", _("Plate number"), courier.plate_number))
    if courier.company is not None:
        facts.append(Fact("company", _("Courier company"), courier.company.name))
    return ApplicationSummary(name=courier.user.name or str(courier.user), facts=tuple(facts))


def courier_application_search(term: str) -> Q:
    """Courier applications whose courier's name, phone number (any format) or plate matches `term`."""
    query = Q(user__name__icontains=term) | Q(plate_number__icontains=term)
    phone = phone_search_fragment(term)
    if phone:
        query |= Q(user__phone__contains=phone)
    couriers = Courier.objects.filter(query, application__isnull=False)
    return Q(pk__in=couriers.values("application_id"))


def company_application_summaries(applications) -> dict[int, ApplicationSummary]:
    """The company of each courier-company application: its name, phone number and address."""
    companies = CourierCompany.objects.filter(
        application__in=[application.pk for application in applications]
    )
    return {company.application_id: _company_summary(company) for company in companies}


def _company_summary(company: CourierCompany) -> ApplicationSummary:
    facts = [Fact("phone", _("Phone number"), company.phone.as_national if company.phone else "")]
    if company.address:
        facts.append(Fact("address", _("Address"), company.address))
    return ApplicationSummary(name=company.name, facts=tuple(facts))


def company_application_search(term: str) -> Q:
    """Company applications whose company's name or phone number (any format) matches `term`."""
    query = Q(name__icontains=term)
    phone = phone_search_fragment(term)
    if phone:
        query |= Q(phone__contains=phone)
    companies = CourierCompany.objects.filter(query, application__isnull=False)
    return Q(pk__in=companies.values("application_id"))


# --- Deliveries after the job is taken: the courier's, the stall's stops, the trade office's -----------


def stop_list_for_stall(user) -> QuerySet[DeliveryStop]:
    """The pickups at the stalls the user acts for (their own, their group's as coordinator), newest
    first: what the stall confirms the cash of."""
    return (
        _stops()
        .filter(trader_order__trader__in=stall_list_for_actor(user), picked_up_at__isnull=False)
        .select_related("delivery__order", "delivery__courier__user")
        .order_by("-picked_up_at", "-pk")
    )


def _mismatched_stops() -> QuerySet[DeliveryStop]:
    return DeliveryStop.objects.filter(delivery=OuterRef("pk"), cash_confirmed__isnull=False).exclude(
        cash_confirmed=F("cash_paid")
    )


def delivery_list_for_staff(user) -> QuerySet[Delivery]:
    """The deliveries of the staff member's regions that wait for them: failed (retry or return), locked
    after wrong codes, or with a stall's cash differing from the courier's; oldest first."""
    return (
        Delivery.objects.filter(region__in=staff_regions(user))
        .annotate(cash_mismatch=Exists(_mismatched_stops()))
        .filter(Q(status=DeliveryStatus.FAILED) | Q(locked_at__isnull=False) | Q(cash_mismatch=True))
        .select_related("order", "market", "courier__user")
        .prefetch_related(Prefetch("stops", queryset=_stops()))
        .order_by("opened_at", "pk")
    )


def delivery_list_for_region_staff(user) -> QuerySet[Delivery]:
    """Every delivery of the staff member's regions, with its stops, newest first."""
    return (
        Delivery.objects.filter(region__in=staff_regions(user))
        .select_related("order", "market", "courier__user")
        .prefetch_related(Prefetch("stops", queryset=_stops()))
        .order_by("-opened_at", "-pk")
    )


def delivery_get_for_staff(user, pk) -> Delivery | None:
    """Any delivery of the staff member's regions, with its stops."""
    return delivery_list_for_region_staff(user).filter(pk=pk).first()


# --- Earnings and activity -------------------------------------------------------------------------------

PERIODS = ("day", "week")
DELIVERED = Q(deliveries__status=DeliveryStatus.DELIVERED)


def courier_earnings(courier: Courier, *, period: str = "day") -> QuerySet:
    """The courier's delivered jobs per day or per week (from Monday) in their region's time zone, newest
    first: rows of `period` (a date), `deliveries` and `fees` (Rp)."""
    bucket = Trunc(
        "finished_at", period, output_field=DateField(), tzinfo=zoneinfo.ZoneInfo(courier.region.timezone)
    )
    return (
        Delivery.objects.filter(courier=courier, status=DeliveryStatus.DELIVERED)
        .annotate(period=bucket)
        .values("period")
        .annotate(deliveries=Count("pk"), fees=Sum("fee"))
        .order_by("-period")
    )


def _with_totals(couriers: QuerySet[Courier]) -> QuerySet[Courier]:
    """Each courier's delivered jobs and fees, the jobs that failed at least once, and (a field) the jobs
    they gave back."""
    return couriers.select_related("user", "region", "company").annotate(
        delivered=Count("deliveries", filter=DELIVERED),
        fees=Coalesce(Sum("deliveries__fee", filter=DELIVERED), 0),
        failed=Count("deliveries", filter=Q(deliveries__failed_at__isnull=False)),
    )


def company_courier_totals(user) -> QuerySet[Courier]:
    """The couriers of the companies the user administers, with their totals, by name."""
    return _with_totals(Courier.objects.filter(company__in=companies_administered_by(user))).order_by(
        "user__name", "pk"
    )


def company_delivery_list(user) -> QuerySet[Delivery]:
    """The deliveries of the couriers of the companies the user administers, newest first."""
    return (
        Delivery.objects.filter(courier__company__in=companies_administered_by(user))
        .select_related("order", "market__region", "courier__user")
        .prefetch_related(Prefetch("stops", queryset=_stops()))
        .order_by("-opened_at", "-pk")
    )


def courier_activity_for_staff(user) -> QuerySet[Courier]:
    """The approved and suspended couriers of the staff member's regions (courier_list_for_staff) with
    their delivered jobs, fees and failures besides the jobs they gave back."""
    return _with_totals(courier_list_for_staff(user))


def settlement_for_staff(user) -> QuerySet[Courier]:
    """The couriers of the staff member's regions owed cash for returned deliveries: what they paid the
    stalls (`owed`) over `returned` deliveries, most owed first."""
    returned = Q(deliveries__status=DeliveryStatus.RETURNED)
    return (
        Courier.objects.filter(region__in=staff_regions(user))
        .select_related("user", "region")
        .annotate(
            owed=Coalesce(Sum("deliveries__stops__cash_paid", filter=returned), 0),
            returned=Count("deliveries", filter=returned, distinct=True),
        )
        .filter(returned__gt=0)
        .order_by("-owed", "user__name", "pk")
    )


# --- The job board and the courier's deliveries ---------------------------------------------------------

# Degrees to km along a meridian; the board orders by an equirectangular distance, close enough to the
# great circle over a regency (well under 1 % at 15 km) and computed in the query.
KM_PER_DEGREE = 111.32


class BoardClosed(TextChoices):
    """Why a courier's board shows no jobs, as the page says it."""

    NOT_APPROVED = "not_approved", gettext_lazy("Your courier account is not approved yet.")
    SUSPENDED = "suspended", gettext_lazy("Your courier account is suspended: you cannot take jobs.")
    OFFLINE = "offline", gettext_lazy("You are offline. Go online to see delivery jobs.")
    AT_LIMIT = (
        "at_limit",
        gettext_lazy("You already hold as many deliveries as allowed. Finish one to see new jobs."),
    )


def active_delivery_count(courier: Courier) -> int:
    return courier.deliveries.filter(status__in=ACTIVE_DELIVERY_STATUSES).count()


def board_closed_reason(courier: Courier | None, *, holding: int | None = None) -> str:
    """Why the courier sees no jobs ("" when they see the board): see BoardClosed. `holding`: how many
    deliveries the courier holds, if the caller knows (else counted here)."""
    if courier is None or courier.status == ProfileStatus.PENDING:
        return BoardClosed.NOT_APPROVED
    if courier.status != ProfileStatus.ACTIVE:
        return BoardClosed.SUSPENDED
    if not courier.is_online:
        return BoardClosed.OFFLINE
    if holding is None:
        holding = active_delivery_count(courier)
    if holding >= settings.COURIER_MAX_ACTIVE_DELIVERIES:
        return BoardClosed.AT_LIMIT
    return ""


def job_board_for_courier(
    courier: Courier | None, *, holding: int | None = None
) -> tuple[str, QuerySet[Delivery]]:
    """Why the courier's board is closed ("", see board_closed_reason) and the jobs it shows: none
    while it is closed, else the open deliveries of their region, nearest market first when they shared
    a location, else oldest first; filtered and sorted, nothing more. `holding`: how many deliveries the
    courier holds, when the caller has read them already. Page them with
    core.pagination.KeysFirstPaginator and job_cards_for_courier's rows: the sort reads the region's
    open jobs alone (and their markets, nearest first), counted in the same query, and the stalls,
    orders and kelurahan are read for the page's jobs only."""
    closed = board_closed_reason(courier, holding=holding)
    if closed:
        return closed, Delivery.objects.none()
    jobs = Delivery.objects.filter(region_id=courier.region_id, status=DeliveryStatus.OPEN)
    if courier.latitude is None:
        return closed, jobs.order_by("opened_at", "pk")
    return closed, jobs.annotate(distance_to_market=_distance_km(courier)).order_by(
        "distance_to_market", "opened_at", "pk"
    )


# A stop's stall as the board names it (JobStallSerializer), read with the stop: no trader instances.
STOP_STALL = {
    "stall_id": F("trader_order__trader_id"),
    "stall_name": F("trader_order__trader__stall_name"),
    "stall_number": F("trader_order__trader__stall_number"),
}
# The model's order of a job's stops.
STOP_ORDER = ("trader_order__trader__stall_number", "pk")


class _JSONList(Aggregate):
    """Its rows as a JSON array, in `order_by`'s order where the database orders inside an aggregate
    (PostgreSQL; SQLite from 3.44): see _StallsField for the others."""

    function = "JSON_AGG"
    allow_order_by = True

    def as_sqlite(self, compiler, connection, **extra):
        clone = self.copy()
        if not connection.features.supports_aggregate_order_by_clause:
            clone.order_by = None
        return clone.as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra)


class _StallsField(JSONField):
    """A job's stalls read as JSON (each STOP_STALL's keys, `cash_due`, `picked_up_at`): a pickup's
    time back to an aware datetime, in the model's order where the database could not order them."""

    def from_db_value(self, value, expression, connection):
        stalls = (json.loads(value) if isinstance(value, str) else value) or []  # json: a list already
        for stall in stalls:
            picked = stall["picked_up_at"] and parse_datetime(stall["picked_up_at"])
            if picked and timezone.is_naive(picked):  # SQLite keeps UTC without its offset
                picked = picked.replace(tzinfo=datetime.UTC)
            stall["picked_up_at"] = picked
        if not connection.features.supports_aggregate_order_by_clause:
            stalls.sort(key=lambda stall: (stall["stall_number"], stall["id"]))
        return stalls


def _stalls():
    """Each job's stalls in the job's own row (the board's page reads no stop apart)."""
    stops = DeliveryStop.objects.filter(delivery=OuterRef("pk")).order_by().values("delivery_id")
    listed = stops.annotate(
        stalls=_JSONList(
            JSONObject(**STOP_STALL, id=F("pk"), cash_due=F("cash_due"), picked_up_at=F("picked_up_at")),
            order_by=STOP_ORDER,
        )
    )
    return Subquery(listed.values("stalls"), output_field=_StallsField())


def _job_cards(keys: list[int]) -> QuerySet:
    return (
        Delivery.objects.filter(pk__in=keys)
        .order_by()  # the page's order is its keys'
        .annotate(stalls=_stalls())
        .values(
            "id",
            "status",
            "fee",
            "cash_to_carry",
            "opened_at",
            "stalls",
            "order_id",
            distance_km=F("order__distance_km"),
            kelurahan_name=F("order__kelurahan__name"),
            kelurahan_district=F("order__kelurahan__district"),
            market_slug=F("market__slug"),
            market_name=F("market__name"),
            market_latitude=F("market__latitude"),
            market_longitude=F("market__longitude"),
        )
    )


# The most jobs a page of the board may read (the page and the API show 20, without orphans).
JOB_CARDS_AT_MOST = 50
# Building the rows' query (a JSON subquery, three joins) cost more than running it: built once.
_JOB_CARDS = KeptRows(_job_cards, JOB_CARDS_AT_MOST)


def job_cards_for_courier(courier: Courier) -> Callable[[list[int]], dict[int, dict]]:
    """What reads a page of the board's jobs (keys of job_board_for_courier's, so already scoped) as
    the board shows them, by id: a dict a job (id, status, fee, cash_to_carry, opened_at, `stalls`
    (each STOP_STALL's keys, cash_due, picked_up_at), order_number, distance_km, `kelurahan` as pages
    name it, market_slug, market_name) with what depends on the courier: `over_cash_limit`, and
    `distance_to_market` in km (None without a shared location). The query is the same for every
    courier, built once: building it and a job's three models cost most of reading a page."""

    def cards(keys: list[int]) -> dict[int, dict]:
        rows = _JOB_CARDS.get(keys)
        for row in rows.values():
            row["order_number"] = Order.number_of(row["order_id"])
            row["kelurahan"] = Kelurahan.label(row["kelurahan_name"], row["kelurahan_district"])
            row["over_cash_limit"] = courier.is_over_cash_limit(row["cash_to_carry"])
            row["distance_to_market"] = None
            if courier.latitude is not None:
                row["distance_to_market"] = _equirectangular_km(
                    float(courier.latitude),
                    float(courier.longitude),
                    float(row["market_latitude"]),
                    float(row["market_longitude"]),
                    math.sqrt,
                )
        return rows

    return cards


def jobs_as_seen_by(courier: Courier) -> QuerySet[Delivery]:
    """Deliveries (not scoped: callers filter) with what the courier sees of a job besides its board's
    card: `over_cash_limit`, `distance_to_market` in km (None without a shared location), and its stops
    prefetched, with their stalls (their contacts once the job is the courier's)."""
    distance = _distance_km(courier) if courier.latitude is not None else Value(None, FloatField())
    jobs = Delivery.objects.select_related("market__region", "order__kelurahan").prefetch_related(
        Prefetch("stops", queryset=_stops().annotate(**STOP_STALL))
    )
    return jobs.annotate(over_cash_limit=_over_limit(courier), distance_to_market=distance)


def _over_limit(courier: Courier):
    if courier.cash_limit is None:
        return Value(False)
    return ExpressionWrapper(Q(cash_to_carry__gt=courier.cash_limit), output_field=BooleanField())


def job_for_courier(courier: Courier, pk) -> Delivery:
    """The courier's own delivery `pk`, or a job on their board; CourierError "not_found" otherwise."""
    pk = _as_int(pk)
    job = jobs_as_seen_by(courier).filter(pk=pk, courier=courier).first()
    if job is None and not board_closed_reason(courier):
        board = Q(region_id=courier.region_id, status=DeliveryStatus.OPEN)
        job = jobs_as_seen_by(courier).filter(board, pk=pk).first()
    if job is None:
        raise CourierError(_("Job not found."), "not_found")
    return job


def job_to_take_for_courier(courier: Courier, pk) -> Delivery:
    """job_for_courier's delivery without what the board shows of it (taking it needs its status,
    courier, order and cash): one query besides the board's check; CourierError "not_found" too."""
    scope = Q(courier=courier)
    if not board_closed_reason(courier):
        scope |= Q(region_id=courier.region_id, status=DeliveryStatus.OPEN)
    job = Delivery.objects.filter(scope, pk=_as_int(pk)).first()
    if job is None:
        raise CourierError(_("Job not found."), "not_found")
    return job


def _stops() -> QuerySet[DeliveryStop]:
    return DeliveryStop.objects.select_related(
        "trader_order__trader__group__coordinator", "trader_order__trader__market"
    )


def _distance_km(courier: Courier):
    latitude, longitude = float(courier.latitude), float(courier.longitude)
    market = Cast("market__latitude", FloatField()), Cast("market__longitude", FloatField())
    return _equirectangular_km(latitude, longitude, *market, Sqrt)


def _equirectangular_km(latitude: float, longitude: float, market_latitude, market_longitude, sqrt):
    """From the courier's location to the market's, in km: in SQL (the board's sort, jobs_as_seen_by)
    with the market's columns as expressions and Sqrt, in Python (a page's rows) with floats."""
    north = market_latitude - latitude
    east = (market_longitude - longitude) * math.cos(math.radians(latitude))
    return sqrt(north**2.0 + east**2.0) * KM_PER_DEGREE  # 2.0: a float power in SQL too


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def delivery_list_for_courier(courier: Courier) -> QuerySet[Delivery]:
    """The courier's deliveries still in hand (taken, picked up, failed awaiting staff), oldest first."""
    return (
        courier.deliveries.filter(status__in=ACTIVE_DELIVERY_STATUSES)
        .select_related("market", "order__kelurahan")
        .order_by("assigned_at", "pk")
    )


def delivery_for_courier(user, pk) -> Delivery:
    """The delivery `pk` if it is held by the user's courier profile (taken, picked up, failed, or
    finished by them), with what the courier needs to deliver it; Http404 otherwise."""
    if not user.is_authenticated:
        raise Http404
    delivery = (
        Delivery.objects.filter(pk=_as_int(pk), courier__user=user)
        .exclude(status=DeliveryStatus.OPEN)
        .select_related("market__region", "order__kelurahan", "courier__user")
        .prefetch_related(Prefetch("stops", queryset=_stops().prefetch_related("trader_order__items")))
        .first()
    )
    if delivery is None:
        raise Http404
    return delivery


def courier_list_for_staff(user) -> QuerySet[Courier]:
    """Approved and suspended couriers of the staff member's regions, with their jobs given back."""
    return (
        Courier.objects.filter(
            region__staff__user=user, status__in=[ProfileStatus.ACTIVE, ProfileStatus.SUSPENDED]
        )
        .select_related("user", "region", "company")
        .order_by("-release_count", "user__name", "pk")
    )
