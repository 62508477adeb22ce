"""Reads of the market app, scoped to the caller's role."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import CharField, Count, F, Prefetch, Q, QuerySet, Value, prefetch_related_objects
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from accounts.phone import phone_search_fragment
from core.sql import KeptRows, RowsOf
from market.models import (
    Application,
    ApplicationStatus,
    Market,
    MarketClosure,
    Region,
    RegionStaff,
    SearchSynonym,
)
from market.registry import application_in_market, application_search


def staff_regions(user) -> QuerySet[Region]:
    """The regions whose trade office the user works for (empty for everyone else)."""
    if not user.is_authenticated:
        return Region.objects.none()
    return Region.objects.filter(staff__user=user).distinct()


@dataclass(frozen=True)
class StaffScope:
    """Where a user works for the trade office: staff_regions' regions and staff_markets' markets, in
    their order, with their names and slugs (their other fields are deferred). Empty for everyone else."""

    regions: list[Region]
    markets: list[Market]


def _staff_scope_rows(user_pk: int) -> QuerySet:
    return (
        Region.objects.filter(staff__user_id=user_pk)
        .order_by("name", "pk", "markets__name", "markets__pk")
        .values(
            "id",
            "name",
            "slug",
            market_id=F("markets__id"),
            market_name=F("markets__name"),
            market_slug=F("markets__slug"),
        )
    )


# Every staff page asks it (market.permissions.staff_only): its SQL is built once per process.
_STAFF_SCOPE = RowsOf(_staff_scope_rows)


def staff_scope(user) -> StaffScope:
    """The user's StaffScope in one query: their regions joined to their markets (the staff guard and
    the staff lists' filters read it; a region without markets is a row too)."""
    if not user.is_authenticated:
        return StaffScope(regions=[], markets=[])
    regions, markets = {}, []
    for row in _STAFF_SCOPE.get(user.pk):
        region = regions.get(row["id"])
        if region is None:
            region = Region.from_db("default", ["id", "name", "slug"], [row["id"], row["name"], row["slug"]])
            regions[row["id"]] = region
        if row["market_id"] is not None:
            market = Market.from_db(
                "default",
                ["id", "region_id", "name", "slug"],
                [row["market_id"], row["id"], row["market_name"], row["market_slug"]],
            )
            market.region = region
            markets.append(market)
    return StaffScope(regions=list(regions.values()), markets=markets)


def region_staff_list(region_id: int) -> QuerySet[RegionStaff]:
    """The staff of a region's trade office, with their accounts, in the order they were assigned."""
    return RegionStaff.objects.filter(region_id=region_id).select_related("user").order_by("pk")


def staff_markets(user) -> QuerySet[Market]:
    """The markets of the staff member's regions."""
    return Market.objects.filter(region__in=staff_regions(user)).select_related("region")


def application_list_for_staff(
    *, user, status=None, kind=None, region=None, market=None, search=None
) -> QuerySet[Application]:
    """Applications of the staff member's regions only; another region's simply do not exist here.

    `market` keeps the applications that belong to that market (a stall's; couriers belong to none);
    `search` finds an application by its number, its applicant's name or phone, or whatever its kind's
    app finds (market.registry): the trader's or stall's name, a los number, a phone in any format."""
    if not user.is_authenticated:
        return Application.objects.none()
    # Joined to the user's staff rows (one a region at most), not staff_regions' subquery: the queue
    # builds its counts and its keys from this list, and the ORM built each subquery for about 0.8 ms.
    applications = Application.objects.filter(region__staff__user=user).select_related(
        "region", "applicant", "submitted_by"
    )
    if status:
        applications = applications.filter(status=status)
    if kind:
        applications = applications.filter(kind=kind)
    if region is not None:
        applications = applications.filter(region=region)
    if market is not None:
        applications = applications.filter(application_in_market(market))
    if search and search.strip():
        applications = applications.filter(_application_matching(search.strip()))
    return applications


def _application_cards(keys: list[int]) -> QuerySet:
    def text(field):
        return NullIf(Cast(field, CharField()), Value(""))

    return Application.objects.filter(pk__in=keys).values(
        "id",
        "kind",
        "status",
        "note",
        "created_at",
        "applicant_id",
        # As str(user) names them: the name, else the email, the phone number or the key.
        submitter=Coalesce(
            text("submitted_by__name"),
            text("submitted_by__email"),
            text("submitted_by__phone"),
            text("submitted_by_id"),
        ),
        region_name=F("region__name"),
        timezone=F("region__timezone"),
    )


# The most rows a page of the review queue may read (it reads 25, without orphans).
APPLICATION_CARDS_AT_MOST = 50
# Building the rows' query through the ORM cost more than running it: built once (core.sql.KeptRows).
_APPLICATION_CARDS = KeptRows(_application_cards, APPLICATION_CARDS_AT_MOST)


def application_cards_for_staff(keys: list[int]) -> dict[int, dict]:
    """The applications of `keys` (a page of application_list_for_staff's, so already scoped) as the
    review queue's cards read them, by id: a dict an application (id, kind, status, note, created_at,
    applicant_id, `submitter` named as str() names a user, `region_name`, `timezone` of its region).
    Building an application, its region and two users a row cost most of reading a page."""
    return _APPLICATION_CARDS.get(keys)


def application_history_list_for_staff(*, user, **filters) -> QuerySet[Application]:
    """application_list_for_staff's applications, oldest first, each with its decisions and their actors
    (what an application's page and the API show)."""
    return (
        application_list_for_staff(user=user, **filters)
        .prefetch_related("decisions__actor")
        .order_by("created_at", "pk")
    )


def application_counts_by_status(applications: QuerySet[Application]) -> dict[str, int]:
    """How many of `applications` are in each status, e.g. {"pending": 3, "approved": 12}."""
    return dict(applications.order_by().values_list("status").annotate(count=Count("pk")))


def _application_matching(term: str) -> Q:
    query = Q(applicant__name__icontains=term) | application_search(term)
    number = term.removeprefix("#").strip()
    if number.isdigit() and len(number) <= 9:  # an application number, never out of the column's range
        query |= Q(pk=int(number))
    phone = phone_search_fragment(term)
    if phone:
        query |= Q(applicant__phone__contains=phone)
    return query


def pending_application_counts_for_staff(*, user) -> dict[str, int]:
    """Pending applications per kind in the staff member's regions, e.g. {"trader": 3, "courier": 1}."""
    rows = (
        application_list_for_staff(user=user, status=ApplicationStatus.PENDING)
        .order_by()
        .values("kind")
        .annotate(count=Count("pk"))
    )
    return {row["kind"]: row["count"] for row in rows}


def market_list_public() -> QuerySet[Market]:
    """Markets open for orders, with their region, opening hours and the number of active stalls."""
    return (
        market_list_with_hours(Market.objects.filter(is_active=True))
        .annotate(active_stall_count=Count("traders", filter=Q(traders__status="active")))
        .order_by("region__name", "name")
    )


# --- Markets' opening hours ------------------------------------------------------------------------

# How far ahead the next opening is looked for: past a month of closed days a market counts as closed
# with no known opening.
OPENING_LOOKAHEAD_DAYS = 31


@dataclass(frozen=True)
class OpeningState:
    """Whether a market trades at `at`, and when that changes. Times are aware, in the region's zone.

    `known` is false for a market with no opening hours at all (then it is neither open nor closed:
    nothing is shown). Open: `closes_at` is when this session ends. Closed: `opens_at` is the next
    opening (None when none is within a month)."""

    known: bool
    is_open: bool
    at: datetime
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    timezone_label: str = ""


def market_opening_state(market: Market, at: datetime | None = None) -> OpeningState:
    """Open now, and the next change, for `market` at the aware datetime `at` (default: now).

    Reads `market.region`, `market.hours.all()` and `market.closures.all()`: pass a market from
    market_list_with_hours() (or prefetch them) to keep lists at a fixed number of queries. The hours
    are the region's wall-clock times; a closed day stops the session that starts on that date."""
    zone = ZoneInfo(market.region.timezone)
    local = (at or timezone.now()).astimezone(zone)
    label = market.region.timezone_label
    hours = {row.weekday: row for row in market.hours.all()}
    if not hours:
        return OpeningState(known=False, is_open=False, at=local, timezone_label=label)
    closed_days = {closure.date for closure in market.closures.all()}
    sessions = _sessions(hours, closed_days, local.date(), zone)
    for start, end in sessions:
        if start <= local < end:
            return OpeningState(known=True, is_open=True, at=local, closes_at=end, timezone_label=label)
    opens_at = next((start for start, _end in sessions if start > local), None)
    return OpeningState(known=True, is_open=False, at=local, opens_at=opens_at, timezone_label=label)


def _sessions(hours: dict, closed_days: set[date], today: date, zone) -> list[tuple[datetime, datetime]]:
    """The trading sessions from yesterday (one may run past midnight) to a month ahead, in order, with
    a session that starts exactly when the previous one ends joined to it."""
    sessions = []
    for offset in range(-1, OPENING_LOOKAHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        row = hours.get(day.weekday())
        if row is None or day in closed_days:
            continue
        start = datetime.combine(day, row.opens, tzinfo=zone)
        end_day = day if row.closes > row.opens else day + timedelta(days=1)
        end = datetime.combine(end_day, row.closes, tzinfo=zone)
        if sessions and sessions[-1][1] == start:
            sessions[-1] = (sessions[-1][0], end)
        else:
            sessions.append((start, end))
    return sessions


def market_delivery_windows(market: Market, *, now: datetime, earliest: datetime) -> list[datetime]:
    """The delivery windows a shopper may choose: the market's windows (`DeliveryWindow`, in the region's
    time zone) of today and tomorrow that start at `earliest` or later, on a day the market trades and
    within its hours, the closing time included (the goods leave the stalls by then). With no hours
    entered every window counts. Reads region, hours, closures and windows (prefetched or fetched once)."""
    prefetch_related_objects([market], "hours", "closures", "delivery_windows")
    zone = ZoneInfo(market.region.timezone)
    today = now.astimezone(zone).date()
    starts = [
        datetime.combine(today + timedelta(days=offset), window.starts, tzinfo=zone)
        for offset in (0, 1)
        for window in market.delivery_windows.all()
    ]
    hours = {row.weekday: row for row in market.hours.all()}
    sessions = _sessions(hours, {closure.date for closure in market.closures.all()}, today, zone)
    return [
        start
        for start in starts
        if start >= earliest and (not hours or any(opens <= start <= closes for opens, closes in sessions))
    ]


def market_list_with_hours(markets: QuerySet[Market] | None = None) -> QuerySet[Market]:
    """Markets with what market_opening_state() reads: region, hours and the closed days from yesterday."""
    markets = Market.objects.all() if markets is None else markets
    recent = Prefetch("closures", queryset=MarketClosure.objects.filter(date__gte=_yesterday_anywhere()))
    return markets.select_related("region").prefetch_related("hours", recent)


def _yesterday_anywhere() -> date:
    # Indonesia's zones are UTC+7 to UTC+9: two days back in UTC covers yesterday in every one of them.
    return timezone.now().date() - timedelta(days=2)


# --- Search words --------------------------------------------------------------------------------------


def search_variants(term: str, *, region_ids=None) -> list[str]:
    """What a search for `term` looks for: the words as typed (lower case, spaces squeezed) and, if any
    of them is a known synonym, the catalogue's words for it ("cabe rawit" → "cabai rawit"). The common
    synonyms apply everywhere; a region's own apply in `region_ids` (None: in every region). Read at
    each search, so a word staff add works at once."""
    text = " ".join(term.lower().split())
    synonyms = SearchSynonym.objects.all()
    if region_ids is not None:
        synonyms = synonyms.filter(Q(region__isnull=True) | Q(region__in=region_ids))
    # A region's meaning of a word wins over the common one.
    meanings = dict(synonyms.order_by(F("region").asc(nulls_first=True)).values_list("word", "means"))
    if not text or not meanings:
        return [text] if text else []
    # One pass, longest words first, so "sayur asem" wins over "asem" and nothing is replaced twice.
    words = "|".join(re.escape(word) for word in sorted(meanings, key=len, reverse=True))
    rewritten = re.sub(rf"\b({words})\b", lambda found: meanings[found.group(1)], text)
    return [text] if rewritten == text else [text, rewritten]


def search_synonym_list_for_staff(user) -> QuerySet[SearchSynonym]:
    """The search words of the staff member's regions (the common ones are the platform's)."""
    return SearchSynonym.objects.filter(region__in=staff_regions(user)).select_related("region")
