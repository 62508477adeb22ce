"""Reads of the vendors app: stalls, groups and products, scoped to the caller's role."""

from dataclasses import dataclass
from difflib import get_close_matches
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, RowNumber, Upper
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import PhoneNumber

from accounts.formatting import phone_national
from accounts.phone import phone_search_fragment
from core.sql import KeptRows
from market.models import Category, Commodity, Market, SearchSynonym
from market.registry import ApplicationSummary, Fact
from market.selectors import market_list_with_hours, search_variants, staff_regions
from vendors.models import Product, StallClaim, Trader, TraderGroup, TraderStatus, runnable_q


def stall_list_for_user(user) -> QuerySet[Trader]:
    """The user's own stalls in any market and any status."""
    if not user.is_authenticated:
        return Trader.objects.none()
    return Trader.objects.filter(user=user).select_related("market__region", "group__coordinator")


def groups_coordinated_by(user) -> QuerySet[TraderGroup]:
    """Groups whose coordinator is an active stall of the user (a suspended one coordinates nothing)."""
    if not user.is_authenticated:
        return TraderGroup.objects.none()
    return TraderGroup.objects.filter(
        coordinator__user=user, coordinator__status=TraderStatus.ACTIVE
    ).select_related("market__region", "coordinator")


def stall_list_for_coordinator(user) -> QuerySet[Trader]:
    """Member stalls the user may act for as their group's coordinator, with their product counts."""
    return (
        Trader.objects.filter(group__in=groups_coordinated_by(user))
        .exclude(status=TraderStatus.REJECTED)
        .select_related("market", "group__coordinator", "user")
        .annotate(product_count=Count("products", filter=Q(products__archived_at__isnull=True)))
        .order_by("group__name", "stall_number")
    )


def user_has_open_stall(user, market: Market) -> bool:
    """Whether the user has a stall in the market, or an application for one, that was not rejected."""
    return Trader.objects.filter(user=user, market=market).exclude(status=TraderStatus.REJECTED).exists()


def trader_application_list_for_user(user) -> QuerySet[Trader]:
    """The user's own stall applications, newest first, with their decisions."""
    return (
        Trader.objects.filter(user=user, application__isnull=False)
        .select_related("market__region", "group", "application")
        .prefetch_related("categories", "application__decisions")
        .order_by("-application__created_at", "-pk")
    )


def registered_stall_get(pk: int) -> Trader:
    """A stall just registered (by staff or a coordinator), with what the registration's answer shows."""
    return Trader.objects.select_related("market", "claim", "group__coordinator").get(pk=pk)


def stall_list_for_actor(user) -> QuerySet[Trader]:
    """Active stalls whose products the user may manage: their own, and their group's members while the
    user coordinates the group from an active stall."""
    if not user.is_authenticated:
        return Trader.objects.none()
    # The groups as a subquery, not a join: joined, the OR made PostgreSQL hash every stall and group.
    return (
        Trader.objects.filter(status=TraderStatus.ACTIVE)
        .filter(Q(user=user) | Q(group__in=groups_coordinated_by(user)))
        .select_related("market__region", "group")
        .order_by("market__name", "stall_number", "pk")
    )


def product_list_for_actor(user) -> QuerySet[Product]:
    """The products of every stall the user may act for (stall_list_for_actor), hidden ones included,
    archived ones not."""
    return Product.objects.filter(
        trader__in=stall_list_for_actor(user), archived_at__isnull=True
    ).select_related("trader", "category", "commodity")


def trader_list_for_staff(user, **filters) -> QuerySet[Trader]:
    """The stalls of the staff member's regions, for the trade office's trader list: each with its
    market, region and group, `product_count` (products not taken off the stall) and `last_update` (its
    latest product change, else when the stall was made). Rejected applications are left out unless
    `status` asks for them; `search` finds a trader's or stall's name, a los number or a phone number
    typed in any format."""
    return _with_products(trader_keys_for_staff(user, **filters).select_related("market__region", "group"))


def trader_keys_for_staff(user, *, search=None, market=None, status=None) -> QuerySet[Trader]:
    """trader_list_for_staff's stalls in its order, without their products: what a page's keys and
    the count need (trader_cards_for_staff reads the page's rows)."""
    if not user.is_authenticated:
        return Trader.objects.none()
    # Joined to the user's staff rows (one a region at most), not staff_regions' subquery, which the
    # ORM built for about 0.8 ms each page.
    stalls = Trader.objects.filter(market__region__staff__user=user)
    stalls = stalls.filter(status=status) if status else stalls.exclude(status=TraderStatus.REJECTED)
    if market is not None:
        stalls = stalls.filter(market=market)
    if search and search.strip():
        stalls = stalls.filter(stall_matching(search.strip()))
    return stalls.order_by("market__name", "stall_number", "pk")


def _with_products(stalls: QuerySet[Trader]) -> QuerySet[Trader]:
    # Subqueries, not a join to every product of the region grouped by stall: a count or a page's keys
    # leave them out, and a page's rows compute them for its own stalls only.
    products = Product.objects.filter(trader=OuterRef("pk")).order_by().values("trader")
    kept = products.filter(archived_at__isnull=True).annotate(n=Count("pk")).values("n")
    return stalls.annotate(
        product_count=Coalesce(Subquery(kept), 0),
        last_update=Coalesce(Subquery(products.annotate(at=Max("updated_at")).values("at")), F("created_at")),
    )


def _trader_cards(keys: list[int]) -> QuerySet:
    return _with_products(Trader.objects.filter(pk__in=keys)).values(
        "id",
        "stall_number",
        "stall_name",
        "owner_name",
        "status",
        "application_id",
        "group_id",
        "product_count",
        "last_update",
        whatsapp_text=Cast("whatsapp", CharField()),
        market_name=F("market__name"),
        group_name=F("group__name"),
        timezone=F("market__region__timezone"),
    )


# The most rows a page of the trader list may read (it reads 25, without orphans).
TRADER_CARDS_AT_MOST = 50
# Building the rows' query (two subqueries, five joins) cost more than running it: built once.
_TRADER_CARDS = KeptRows(_trader_cards, TRADER_CARDS_AT_MOST)


def trader_cards_for_staff(keys: list[int]) -> dict[int, dict]:
    """The stalls of `keys` (a page of trader_keys_for_staff's, so already scoped) as the trader
    list's cards read them, by id: a dict a stall (id, its names, number, status, application, group,
    products and last update as trader_list_for_staff's, `whatsapp_text` (E.164, unparsed),
    `market_name`, `group_name`, `timezone` of its region). Building four models a row and parsing each
    WhatsApp number cost most of reading a page."""
    return _TRADER_CARDS.get(keys)


def trader_detail_list_for_staff(user, **filters) -> QuerySet[Trader]:
    """trader_list_for_staff's stalls with what the API tells of each besides: the trader's account, the
    open link to it, the group's coordinator (who can run the stall) and the goods."""
    return (
        trader_list_for_staff(user, **filters)
        .select_related("user", "claim", "group__coordinator")
        .prefetch_related("categories")
    )


def stall_matching(term: str) -> Q:
    """Stalls whose trader's or stall's name or los number contains `term`, or whose WhatsApp or account
    number contains the phone number `term` spells (0812…, 62812…, +62812…, with spaces or dashes)."""
    query = (
        Q(owner_name__icontains=term)
        | Q(stall_name__icontains=term)
        | Q(stall_number__icontains=term)
        | Q(user__name__icontains=term)
    )
    phone = phone_search_fragment(term)
    if phone:
        query |= Q(whatsapp__contains=phone) | Q(user__phone__contains=phone)
    return query


# --- Trader groups, as the trade office manages them --------------------------------------------------

# A group's members as staff see them: every stall but rejected applications, by stall number.
GROUP_MEMBERS = Prefetch(
    "members",
    queryset=Trader.objects.exclude(status=TraderStatus.REJECTED).order_by("stall_number", "pk"),
    to_attr="member_list",
)


def group_markets_for_staff(user) -> QuerySet[Market]:
    """The markets whose groups the staff member manages: every market of their regions."""
    return (
        Market.objects.filter(region__in=staff_regions(user))
        .select_related("region")
        .order_by("region__name", "name")
    )


def group_list_for_staff(*, user, market: Market | None = None) -> QuerySet[TraderGroup]:
    """Groups of the staff member's regions (of one market if given) with their coordinator and counts
    of members (`member_count`, rejected applications left out) and active members (`active_count`)."""
    groups = TraderGroup.objects.filter(market__region__in=staff_regions(user))
    if market is not None:
        groups = groups.filter(market=market)
    members = ~Q(members__status=TraderStatus.REJECTED)
    return (
        groups.select_related("market__region", "coordinator")
        .annotate(
            member_count=Count("members", filter=members),
            active_count=Count("members", filter=Q(members__status=TraderStatus.ACTIVE)),
        )
        .order_by("market__region__name", "market__name", "name", "pk")
    )


def group_detail_list_for_staff(*, user) -> QuerySet[TraderGroup]:
    """group_list_for_staff's groups, each with its members (`member_list`, see GROUP_MEMBERS)."""
    return group_list_for_staff(user=user).prefetch_related(GROUP_MEMBERS)


def group_stall_list_for_staff(*, user, market: Market) -> QuerySet[Trader]:
    """Stalls of a market of the staff member's regions that may join its groups (all but rejected)."""
    return (
        Trader.objects.filter(market=market, market__region__in=staff_regions(user))
        .exclude(status=TraderStatus.REJECTED)
        .select_related("group")
        .order_by("stall_number", "pk")
    )


def groups_for_registration(user, *, as_staff: bool) -> QuerySet[TraderGroup]:
    """The groups a user may register a trader into, by market and name: as staff every group of the
    open markets of their regions (markets_for_registration), else the groups they coordinate."""
    if as_staff:
        groups = TraderGroup.objects.filter(market__in=markets_for_registration(user))
    else:
        groups = groups_coordinated_by(user)
    return groups.select_related("market").order_by("market__name", "name")


def markets_for_registration(user) -> QuerySet[Market]:
    """The open markets of the staff member's regions, where they may register traders."""
    return (
        Market.objects.filter(is_active=True, region__in=staff_regions(user))
        .select_related("region")
        .order_by("region__name", "name")
    )


# --- Stall links (a registered stall and the account of its number) ---------------------------------


def stall_claim_list_for_user(user) -> QuerySet[StallClaim]:
    """Open links the user may confirm: those for their own number, and those of stalls they registered
    or look after (their regions as staff, their groups as coordinator)."""
    if not user.is_authenticated:
        return StallClaim.objects.none()
    return (
        StallClaim.objects.filter(confirmed_at__isnull=True)
        .exclude(trader__status=TraderStatus.REJECTED)
        .filter(
            Q(user=user)
            | Q(trader__market__region__in=staff_regions(user))
            | Q(trader__group__in=groups_coordinated_by(user))
        )
        .select_related("trader__market", "trader__group__coordinator", "user")
        .order_by("-sent_at", "-pk")
    )


def stall_claim_offers_for_user(user) -> QuerySet[StallClaim]:
    """Links offered to the user for their own verified number, waiting for their one-click confirmation."""
    return stall_claim_list_for_user(user).filter(user=user, needs_code=False)


# --- What the review's queue shows and finds of trader applications (registered in apps.py) ----------


def _stall_facts(keys: list[int]) -> QuerySet:
    return Trader.objects.filter(application__in=keys).values(
        "id",
        "application_id",
        "owner_name",
        "stall_name",
        "stall_number",
        whatsapp_text=Cast("whatsapp", CharField()),
        market_name=F("market__name"),
    )


def _stall_goods(stall_ids: list[int]) -> QuerySet:
    return (
        Trader.categories.through.objects.filter(trader__in=stall_ids)
        .order_by("category__position", "category__name", "pk")
        .values("id", "trader_id", name=F("category__name"), name_en=F("category__name_en"))
    )


# A queue's page of applications at most (it shows 25); the queries are built once (core.sql.KeptRows).
_STALL_FACTS = KeptRows(_stall_facts, 50)
_STALL_GOODS = KeptRows(_stall_goods, 50)


def _goods_of(stall_ids: list[int]) -> dict[int, list[str]]:
    """Each stall's goods (category names, catalogue order) in the reader's language."""
    english = (get_language() or "id").startswith("en")
    goods = {}
    for row in _STALL_GOODS.get(stall_ids).values():  # by the stall-category row, in the query's order
        goods.setdefault(row["trader_id"], []).append(
            row["name_en"] if english and row["name_en"] else row["name"]
        )
    return goods


def trader_application_summaries(applications) -> dict[int, ApplicationSummary]:
    """The stall of each trader application: who, which stall, its los number, market and goods.
    One row a stall, from a query built once, and their goods in one more: the queue's 25 rows built
    about a hundred models (stalls, markets, categories) and parsed 25 numbers for five facts each."""
    # The labels once for the whole page, not once a stall.
    labels = {
        "stall_name": _("Stall"),
        "stall_number": _("Stall/los number"),
        "market": _("Market"),
        "whatsapp": _("WhatsApp number"),
        "goods": _("Goods"),
    }
    stalls = _STALL_FACTS.get([application.pk for application in applications], "application_id")
    goods_of = _goods_of([stall["id"] for stall in stalls.values()])
    summaries = {}
    for key, stall in stalls.items():
        facts = [
            Fact("stall_name", labels["stall_name"], stall["stall_name"]),
            Fact("stall_number", labels["stall_number"], stall["stall_number"]),
            Fact("market", labels["market"], stall["market_name"]),
            Fact("whatsapp", labels["whatsapp"], phone_national(stall["whatsapp_text"])),
        ]
        if goods := goods_of.get(stall["id"]):
            facts.append(Fact("goods", labels["goods"], ", ".join(goods)))
        summaries[key] = ApplicationSummary(name=stall["owner_name"], facts=tuple(facts))
    return summaries


def trader_application_search(term: str) -> Q:
    """Trader applications whose stall stall_matching() finds."""
    stalls = Trader.objects.filter(stall_matching(term), application__isnull=False)
    return Q(pk__in=stalls.values("application_id"))


def trader_application_in_market(market) -> Q:
    return Q(trader__market=market)


def stall_list_waiting_for_trader(user) -> QuerySet[Trader]:
    """Active stalls of the staff member's regions that nobody can run yet (registered for a number with
    no account, in no group with an active coordinator): out of the storefront until their trader
    confirms them or staff give them a coordinated group. Oldest first, with the open link if any."""
    return (
        Trader.objects.filter(market__region__in=staff_regions(user), status=TraderStatus.ACTIVE)
        .exclude(runnable_q())
        .select_related("market", "group", "claim", "application__submitted_by")
        .order_by("created_at", "pk")
    )


def stall_has_runner(stall: Trader) -> bool:
    """Whether someone can run the stall now, asked of the database (a row the caller may have locked):
    only such a stall is public and takes orders."""
    return Trader.objects.runnable().filter(pk=stall.pk).exists()


def stall_recipient(stall: Trader) -> dict:
    """Whom to tell about a stall, as notify()'s keywords: its own account; for a trader with no account,
    their group's active coordinator; with no coordinator either, the stall's own WhatsApp number."""
    if stall.user_id is not None:
        return {"user": stall.user}
    coordinator = stall.group.coordinator if stall.group_id else None
    if coordinator is not None and coordinator.is_active and coordinator.user_id is not None:
        return {"user": coordinator.user}
    return {"phone": str(stall.whatsapp)}


def commodity_median_price(commodity: Commodity, market, *, exclude_pk=None) -> float | None:
    """The median price per standard unit of `commodity` among the products on sale in `market` (a Market
    or its id; the product `exclude_pk` left out), or None when none is on sale. One query: the rows are
    numbered by price per standard unit, and only the middle one or two come back."""
    per_unit = Cast("price", FloatField()) / Cast("commodity_factor", FloatField())
    middle = (
        Product.objects.on_sale()
        .filter(commodity=commodity, trader__market=market, commodity_factor__gt=0)
        .exclude(pk=exclude_pk)
        .annotate(
            per_unit=per_unit,
            position=Window(RowNumber(), order_by=[per_unit.asc(), F("pk").asc()]),
            total=Window(Count("pk")),
        )
        .filter(position__gte=(F("total") + 1) / 2, position__lte=F("total") / 2 + 1)
        .values_list("per_unit", flat=True)
    )
    prices = list(middle)
    return sum(prices) / len(prices) if prices else None


def product_list_for_stall(trader: Trader, *, search: str = "") -> QuerySet[Product]:
    """A stall's products as its trader manages them: hidden ones included, archived ones not; only those
    whose name holds `search` if given."""
    products = trader.products.filter(archived_at__isnull=True).select_related("category", "commodity")
    return products.filter(name__icontains=search) if search else products


def stall_list_public(*, market=None) -> QuerySet[Trader]:
    """Active stalls of open markets (of one market if given) that someone can run, for shoppers."""
    stalls = Trader.objects.runnable().filter(status=TraderStatus.ACTIVE, market__is_active=True)
    if market is not None:
        stalls = stalls.filter(market=market)
    return (
        stalls.select_related("market", "group__coordinator")
        .annotate(
            product_count=Count(
                "products",
                filter=Q(products__available=True, products__archived_at__isnull=True),
            )
        )
        .order_by("stall_number")
    )


def product_list_public(
    *, market=None, region=None, search=None, category=None, commodity=None, typos=True
) -> QuerySet[Product]:
    """The public catalogue: products on sale at active, runnable stalls of open markets, optionally
    filtered, each with `sold_out` (see the storefront section below for their orders). `typos`: see
    product_search."""
    products = (
        Product.objects.on_sale()
        .filter(trader__market__is_active=True)
        .select_related("trader__market__region", "category", "commodity")
        .annotate(sold_out=SOLD_OUT)
    )
    if market is not None:
        products = products.filter(trader__market=market)
    if region is not None:
        products = products.filter(trader__market__region=region)
    if search:
        region_ids = [region.pk] if region is not None else None
        if market is not None:
            region_ids = Market.objects.filter(pk=getattr(market, "pk", market)).values("region")
        products = product_search(products, search, region_ids=region_ids, typos=typos)
    if category is not None:
        products = products.filter(category=category)
    if commodity is not None:
        products = products.filter(commodity=commodity)
    return products


# --- Storefront (catalogue): how shoppers' lists are ordered --------------------------------------------

SOLD_OUT = ExpressionWrapper(Q(stock__lte=0), output_field=BooleanField())

# Sold-out products always come last; then the list's own order; then name and id, so pages never
# repeat or skip a product.
PRODUCT_ORDERS = {
    # per standard unit (the 25 kg sack at Rp 13.000/kg before rice at Rp 13.500/kg); products with no
    # factor after every product with one, by their unit price
    "cheapest": [F("unit_price_standard").asc(nulls_last=True), "price"],
    "dearest": [F("unit_price_standard").desc(nulls_last=True), "-price"],
    "name": ["name"],
    "category": ["category__position", "category__name", "name"],
}


def product_order(products: QuerySet[Product], order: str = "cheapest") -> QuerySet[Product]:
    """A list from product_list_public() in one of PRODUCT_ORDERS, sold-out products last; in a search,
    products matched only by their category after those matched by their own name."""
    relevance = ["category_only"] if "category_only" in products.query.annotations else []
    return products.order_by("sold_out", *relevance, *PRODUCT_ORDERS[order], "name", "pk")


def category_list_on_sale(products: QuerySet[Product]) -> list:
    """The categories of a list from product_list_public(), in their order, each with `on_sale`: how many
    of the list's products it holds. Two queries whatever the list's size."""
    counts = dict(products.order_by().values_list("category").annotate(n=Count("pk")))
    categories = list(Category.objects.filter(pk__in=counts))
    for category in categories:
        category.on_sale = counts[category.pk]
    return categories


def product_get_public(pk) -> Product:
    """One product on sale (sold out included) with its stall, the stall's group coordinator and its
    market's opening hours; Product.DoesNotExist otherwise."""
    products = product_list_public().select_related("trader__group__coordinator")
    product = products.get(pk=pk)
    # One market: its hours in two small queries instead of a join per product.
    [product.trader.market] = market_list_with_hours(Market.objects.filter(pk=product.trader.market_id))
    return product


def product_list_same_commodity(product: Product, *, limit: int = 10) -> list[Product]:
    """Other stalls of the product's market selling its staple, cheapest per standard unit first."""
    if product.commodity_id is None:
        return []
    others = product_list_public(market=product.trader.market_id, commodity=product.commodity_id)
    return list(product_order(others.exclude(trader=product.trader_id))[:limit])


@dataclass(frozen=True)
class StallContact:
    """Who answers shoppers for a stall on WhatsApp, and why them."""

    COORDINATOR = "coordinator"
    OWN = "own"
    DESK = "desk"

    kind: str
    phone: PhoneNumber
    name: str


def stall_contact(stall: Trader) -> StallContact | None:
    """Every public stall is reachable: through its group's active coordinator; else its own number,
    if the trader agreed to publish it; else the trade office's desk at the market. None only when the
    market has no desk number either. Reads stall.group.coordinator and stall.market (select them)."""
    coordinator = stall.group.coordinator if stall.group_id else None
    if coordinator is not None and coordinator.is_active:
        return StallContact(StallContact.COORDINATOR, coordinator.whatsapp, coordinator.owner_name)
    if stall.whatsapp_public and stall.whatsapp:
        return StallContact(StallContact.OWN, stall.whatsapp, stall.owner_name)
    if stall.market.desk_whatsapp:
        return StallContact(StallContact.DESK, stall.market.desk_whatsapp, stall.market.name)
    return None


# --- Storefront (catalogue): search ---------------------------------------------------------------------

# How alike a typo must be to a word of a product's, its staple's or its category's Indonesian name (as
# people type them; pg_trgm word_similarity) to find it: "bwang" ~ "bawang". Every PostgreSQL connection
# sets it as pg_trgm.word_similarity_threshold (vendors.apps), so `<%` finds the product names alike
# through their trigram index instead of computing the similarity of every product's name.
TYPO_SIMILARITY = 0.3


def product_search(
    products: QuerySet[Product], term: str, *, region_ids=None, typos=True
) -> QuerySet[Product]:
    """The products matching `term` as shoppers write it: every word (or its synonym, see
    market.selectors.search_variants) in the product's, its staple's or its category's name, either
    language. On PostgreSQL, when nothing matches so, names alike the term (pg_trgm) are found instead:
    typos such as "bwang" (that costs a query to know: with `typos` false the caller, who learns it
    from the list's count, asks again with it). Pages and API search the same way."""
    variants = search_variants(term, region_ids=region_ids)
    if not variants:
        return products
    names = _CatalogueNames()
    found = products.filter(reduce(or_, (names.all_words(variant) for variant in variants)))
    if not typos or connection.vendor != "postgresql" or found.exists():
        # "cabe" finds the category "Cabai dan bumbu" too: its bawang come after the chillies.
        own_name = reduce(or_, (names.all_words(variant, own=True) for variant in variants))
        return found.annotate(
            category_only=Case(
                When(own_name, then=Value(False)), default=Value(True), output_field=BooleanField()
            )
        )
    typed = variants[-1]
    return products.filter(
        _WordSimilar(Upper(Value(typed)), Upper("name"))
        | Q(commodity__in=_alike(Commodity, typed))
        | Q(category__in=_alike(Category, typed))
    )


class _WordSimilar(Func):
    """`a <% b`: a word of `b` is at least TYPO_SIMILARITY alike `a` (UPPER(name) is what the trigram
    index holds; pg_trgm folds case anyway)."""

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _alike(model, typed: str) -> list[int]:
    """The ids of the few catalogue rows whose name has a word alike `typed`: a list, so the product
    query's OR stays one of index scans (a subquery there makes it test every product)."""
    similarity = TrigramWordSimilarity(typed, "name")
    alike = model.objects.annotate(similarity=similarity).filter(similarity__gte=TYPO_SIMILARITY)
    return list(alike.values_list("pk", flat=True))


class _CatalogueNames:
    """The staples and categories whose name (either language) holds a word, found among their few rows
    in Python: the product query then tests only its own name (trigram-indexed) and two id lists,
    instead of five joined names on every product."""

    def __init__(self):
        self.commodities = list(Commodity.objects.values_list("pk", "name", "name_en"))
        self.categories = list(Category.objects.values_list("pk", "name", "name_en"))

    def all_words(self, variant: str, *, own: bool = False) -> Q:
        return reduce(and_, (self._word(word, own) for word in variant.split()))

    def _word(self, word: str, own: bool) -> Q:
        # The id lists first: PostgreSQL tests an OR in its order, so a product of a matching
        # category or staple skips the costlier name test.
        match = Q(commodity__in=_holding(self.commodities, word)) | Q(name__icontains=word)
        if own:
            return match
        return Q(category__in=_holding(self.categories, word)) | match


def _holding(rows, word: str) -> list[int]:
    word = word.upper()
    return [pk for pk, *names in rows if any(word in (name or "").upper() for name in names)]


def search_suggestion(term: str) -> str | None:
    """A word of the catalogue close to `term` ("Did you mean …?"), for a search that found nothing."""
    words = set(SearchSynonym.objects.values_list("word", flat=True))
    for name in (
        *Commodity.objects.values_list("name", flat=True),
        *Category.objects.values_list("name", flat=True),
    ):
        words.update(name.lower().split())
    close = get_close_matches(" ".join(term.lower().split()), words, n=1, cutoff=0.6)
    return close[0] if close else None
