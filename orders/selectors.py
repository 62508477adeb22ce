"""Reads of the orders app, scoped to the caller's role, with what each page and endpoint shows fetched
in a fixed number of queries however many stalls and items there are."""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.formatting import quantity as quantity_text
from accounts.models import User
from accounts.phone import phone_search_fragment
from core.sql import KeptRows
from market.selectors import staff_regions
from orders.models import (
    Cart,
    CartItem,
    Kelurahan,
    Order,
    OrderItem,
    StallClosure,
    TraderOrder,
    TraderOrderStatus,
)
from orders.transitions import OPEN_ORDER_STATUSES, OPEN_TRADER_STATUSES
from vendors.models import Trader, TraderStatus
from vendors.selectors import groups_coordinated_by, stall_list_for_actor

# {market id: cart id} of an anonymous visitor's carts, in the session data
CART_SESSION_KEY = "orders_carts"


def market_today(market) -> date:
    """Today's date in the market's region."""
    return timezone.now().astimezone(zoneinfo.ZoneInfo(market.region.timezone)).date()


def stall_closed_today(stall: Trader) -> bool:
    return StallClosure.objects.filter(trader=stall, day=market_today(stall.market)).exists()


def line_total(price: int, amount: Decimal) -> int:
    """A line's price in whole rupiah, half a rupiah rounded up."""
    return int((Decimal(price) * amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- The cart ----------------------------------------------------------------------------------------


@dataclass
class CartLine:
    item: CartItem
    problem: str = ""  # why the line cannot be ordered now, for the shopper

    @property
    def product(self):
        return self.item.product

    @property
    def total(self) -> int:
        return line_total(self.item.product.price, self.item.quantity)


@dataclass
class StallPart:
    trader: Trader
    lines: list[CartLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines if not line.problem)


@dataclass
class CartView:
    cart: Cart
    parts: list[StallPart]

    @property
    def lines(self) -> list[CartLine]:
        return [line for part in self.parts for line in part.lines]

    @property
    def items_total(self) -> int:
        return sum(part.total for part in self.parts)

    @property
    def can_order(self) -> bool:
        return bool(self.lines) and not any(line.problem for line in self.lines)


def line_problem(item: CartItem) -> str:
    """Why a cart line cannot be ordered now, for the shopper; empty when it can."""
    return line_unavailable(item) or _stock_problem(item)


def line_unavailable(item: CartItem) -> str:
    """Why a line's product cannot be sold at all now (stall, product or step), stock aside: checkout
    leaves stock to vendors' stock take, which names what is left under its locks."""
    product, stall = item.product, item.product.trader
    if stall.status != TraderStatus.ACTIVE or not item.stall_runnable:
        return str(_("The stall is not selling now."))
    if item.stall_closed:
        return str(_("The stall is closed today."))
    if product.archived_at is not None or not product.available:
        return str(_("No longer on sale."))
    if item.quantity % product.step:
        return str(
            _("Sold in steps of %(step)s %(unit)s.")
            % {"step": quantity_text(product.step), "unit": product.unit}
        )
    return ""


def _stock_problem(item: CartItem) -> str:
    product = item.product
    if product.stock <= 0:
        return str(_("Sold out."))
    if item.quantity > product.stock:
        return str(
            _("Only %(stock)s %(unit)s left.") % {"stock": quantity_text(product.stock), "unit": product.unit}
        )
    return ""


def cart_items(cart: Cart) -> QuerySet[CartItem]:
    """A cart's lines with what their checks need (one query)."""
    today = market_today(cart.market)
    return (
        CartItem.objects.filter(cart=cart)
        .select_related("product__trader__group__coordinator")
        .annotate(
            stall_runnable=Exists(Trader.objects.runnable().filter(pk=OuterRef("product__trader_id"))),
            stall_closed=Exists(
                StallClosure.objects.filter(trader=OuterRef("product__trader_id"), day=today)
            ),
        )
        .order_by("product__trader__stall_number", "product__trader_id", "product__name", "pk")
    )


def cart_view(cart: Cart) -> CartView:
    """The cart by stall, each line flagged when it cannot be ordered (sold out, hidden, archived, its
    stall suspended, closed today or waiting for its trader)."""
    parts: dict[int, StallPart] = {}
    for item in cart_items(cart):
        part = parts.setdefault(item.product.trader_id, StallPart(trader=item.product.trader))
        part.lines.append(CartLine(item=item, problem=line_problem(item)))
    return CartView(cart=cart, parts=list(parts.values()))


def cart_list_for_shopper(*, shopper, session) -> QuerySet[Cart]:
    """The caller's carts that hold something, newest first: their own, or an anonymous visitor's."""
    if shopper is not None and shopper.is_authenticated:
        carts = Cart.objects.filter(shopper=shopper)
    else:
        ids = list((session.get(CART_SESSION_KEY) or {}).values()) if session is not None else []
        carts = Cart.objects.filter(pk__in=ids, shopper__isnull=True)
    return (
        carts.select_related("market__region")
        .annotate(line_count=Count("items"))
        .filter(line_count__gt=0)
        .order_by("-updated_at", "-pk")
    )


# --- Orders ------------------------------------------------------------------------------------------


def _with_parts(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.select_related("market__region", "kelurahan").prefetch_related(
        Prefetch(
            "trader_orders",
            queryset=TraderOrder.objects.select_related("trader").prefetch_related(
                Prefetch("items", queryset=OrderItem.objects.order_by("name", "pk"))
            ),
        )
    )


def order_list_for_shopper(shopper) -> QuerySet[Order]:
    if not shopper.is_authenticated:
        return Order.objects.none()
    return _with_parts(Order.objects.filter(shopper=shopper)).order_by("-placed_at", "-pk")


def order_get_for_shopper(shopper, pk) -> Order | None:
    try:
        return order_list_for_shopper(shopper).prefetch_related("events").filter(pk=pk).first()
    except (ValueError, TypeError):
        return None


def trader_order_list_for_stall(user, *, stall=None, status=None) -> QuerySet[TraderOrder]:
    """The stalls' parts of orders the user may act for (one stall's if given), newest first, each with
    its items and its order's delivery details (`trader_order_history_for_stall`'s rows)."""
    return trader_order_history_for_stall(user, stall=stall, status=status).rows


@dataclass(frozen=True)
class PartHistory:
    """The same parts of orders as two querysets: `rows` to read a page of (newest first, with what the
    stall's answers show) and `counted` to count them."""

    rows: QuerySet[TraderOrder]
    counted: QuerySet[TraderOrder]


def trader_order_history_for_stall(user, *, stall=None, status=None) -> PartHistory:
    """The parts of orders of the stalls the user may act for (one stall's if given). The stalls are
    read first, as a list of ids: within the query their subquery (who may act, an OR over the group)
    misleads the planner into joining every order of the database. `rows` also names the stalls'
    markets (an order's stalls are all of its market, so the rows are the same): the planner then walks
    those markets' orders newest first (Order's market/placed_at index) instead of sorting every part of
    a busy group; `counted` leaves the markets out, so the count reads the parts' stall index alone."""
    stalls = stall_list_for_actor(user)
    if stall is not None:
        stalls = stalls.filter(pk=stall.pk)
    ids = list(stalls.values_list("pk", "market_id"))
    counted = TraderOrder.objects.filter(trader__in=[pk for pk, _ in ids])
    if status:
        counted = counted.filter(status=status)
    rows = (
        counted.filter(order__market__in={market for _, market in ids})
        .select_related("order__market__region", "order__kelurahan", "trader")
        .prefetch_related(Prefetch("items", queryset=OrderItem.objects.order_by("name", "pk")))
        .order_by("-order__placed_at", "-pk")
    )
    return PartHistory(rows=rows, counted=counted)


@dataclass
class OrdersPageStall:
    """A stall as the incoming orders page shows it: its name and number, whether it closed for today,
    and its market (to find its orders by)."""

    pk: int
    stall_name: str
    stall_number: str
    market_id: int
    closed_today: bool = False


def _orders_page_stalls(keys: list[int]) -> QuerySet:
    """`stall_list_for_actor`'s stalls for the user whose key is `keys[0]`, in its order."""
    return (
        stall_list_for_actor(User(pk=keys[0]))
        .select_related(None)
        .values("pk", "stall_name", "stall_number", "market_id", zone=F("market__region__timezone"))
    )


def _coordinated_groups(keys: list[int]) -> QuerySet:
    """`groups_coordinated_by` the user whose key is `keys[0]`, in their order."""
    return groups_coordinated_by(User(pk=keys[0])).values("pk", "name")


# The incoming orders page's stalls and groups, for one user: building the permission queries (an OR
# over a subquery of the groups) cost more than running them: built once (core.sql.KeptRows).
_ORDERS_PAGE_STALLS = KeptRows(_orders_page_stalls, 1)
_COORDINATED_GROUPS = KeptRows(_coordinated_groups, 1)


def stall_list_for_orders_page(user) -> list[OrdersPageStall]:
    """The stalls the user may act for (`stall_list_for_actor`, in its order), as plain rows. Only the
    closures of the last two days are read: one of them is today in any region, and a stall's past
    closures grow without end."""
    if not user.is_authenticated:
        return []
    rows = list(_ORDERS_PAGE_STALLS.get([user.pk], "pk").values())
    recent = timezone.now().date() - timedelta(days=1)
    closed = set(
        StallClosure.objects.filter(trader__in=[row["pk"] for row in rows], day__gte=recent).values_list(
            "trader_id", "day"
        )
    )
    days = {
        zone: timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).date()
        for zone in {row["zone"] for row in rows}
    }
    return [
        OrdersPageStall(
            row["pk"],
            row["stall_name"],
            row["stall_number"],
            row["market_id"],
            closed_today=(row["pk"], days[row["zone"]]) in closed,
        )
        for row in rows
    ]


def groups_for_orders_page(user) -> list[dict]:
    """The groups the user coordinates (`groups_coordinated_by`, in its order) as {pk, name}, for the
    incoming orders page's pick lists."""
    if not user.is_authenticated:
        return []
    return list(_COORDINATED_GROUPS.get([user.pk], "pk").values())


def open_parts_for_stalls(stalls: list[OrdersPageStall]) -> QuerySet[TraderOrder]:
    """The stalls' parts still in play, newest first: waiting for an answer, accepted, or ready for an
    order not yet closed (a ready part stays ready once its order is delivered or failed: those are
    history). To page by their keys (the sort reads two tables); `incoming_parts_in` reads a page.
    The stalls' markets are named too (an order's stalls are all of its market, so the parts are the
    same): the orders are then read from the open orders of those markets (`order_open_market_idx`),
    not from every open order of the database."""
    return TraderOrder.objects.filter(
        trader__in=[stall.pk for stall in stalls],
        status__in=OPEN_TRADER_STATUSES,
        order__status__in=OPEN_ORDER_STATUSES,
        order__market__in=sorted({stall.market_id for stall in stalls}),
    ).order_by("-order__placed_at", "-pk")


@dataclass
class IncomingItem:
    """An item of a part as the stall's incoming orders show it."""

    pk: int
    name: str
    unit: str
    price: int
    quantity: Decimal
    line_total: int

    @property
    def refused(self) -> bool:
        return self.quantity == 0


@dataclass
class IncomingPart:
    """A part of an order as the stall's incoming orders show it: its order's number, time (`placed_at`
    and `deliver_from` in the region's time zone `zone`), kelurahan, note and courier, its items."""

    pk: int
    trader_id: int
    status: str
    items_total: int
    order_id: int
    placed_at: datetime
    zone: str
    kelurahan_name: str
    kelurahan_district: str
    deliver_from: datetime | None
    note: str
    courier_name: str
    courier_plate: str
    courier_whatsapp: str
    items: list[IncomingItem] = field(default_factory=list)

    @property
    def number(self) -> str:
        return Order.number_of(self.order_id)

    @property
    def kelurahan(self) -> str:
        return Kelurahan.label(self.kelurahan_name, self.kelurahan_district)


# The most parts a page of incoming orders shows (20, without orphans).
INCOMING_PARTS_AT_MOST = 20


def _incoming_parts(keys: list[int]) -> QuerySet:
    return (
        TraderOrder.objects.filter(pk__in=keys)
        .order_by()
        .values(
            "pk",
            "trader_id",
            "status",
            "items_total",
            "order_id",
            placed_at=F("order__placed_at"),
            zone=F("order__market__region__timezone"),
            kelurahan_name=F("order__kelurahan__name"),
            kelurahan_district=F("order__kelurahan__district"),
            deliver_from=F("order__deliver_from"),
            note=F("order__note"),
            courier_name=F("order__courier_name"),
            courier_plate=F("order__courier_plate"),
            courier_whatsapp=F("order__courier_whatsapp"),
        )
    )


def _incoming_items(keys: list[int]) -> QuerySet:
    return (
        OrderItem.objects.filter(trader_order__in=keys)
        .order_by("name", "pk")
        .values("trader_order_id", "pk", "name", "unit", "price", "quantity", "line_total")
    )


# Building the two queries (four joins) cost more than running them: built once (core.sql.KeptRows).
_INCOMING_PARTS = KeptRows(_incoming_parts, INCOMING_PARTS_AT_MOST)
_INCOMING_ITEMS = KeptRows(_incoming_items, INCOMING_PARTS_AT_MOST)


def incoming_parts_in(keys: list[int]) -> dict[int, IncomingPart]:
    """The parts of the given keys (a page, at most INCOMING_PARTS_AT_MOST) by key, each with its items
    by name: only the columns the page shows, as plain rows (two queries; model instances cost more
    than the rest of the reading)."""
    parts = {pk: IncomingPart(**row) for pk, row in _INCOMING_PARTS.get(keys, "pk").items()}
    for item in _INCOMING_ITEMS.get(keys, "pk").values():
        parts[item.pop("trader_order_id")].items.append(IncomingItem(**item))
    return parts


@dataclass
class PickRow:
    """One product a stall hands over today: how much in all, and for which orders."""

    name: str
    unit: str
    quantity: Decimal = Decimal(0)
    orders: list[str] = field(default_factory=list)


def pick_rows_for_stalls(stalls: list[Trader], *, market) -> dict[int, list[PickRow]]:
    """What each stall of `market` must pick today for its accepted parts of orders due by the end of
    the day in the region (as soon as possible, or a delivery window today or earlier): per product and
    unit, the quantity still to hand over and the orders' numbers, by name. One query for any number of
    stalls."""
    zone = zoneinfo.ZoneInfo(market.region.timezone)
    day_ends = datetime.combine(market_today(market) + timedelta(days=1), time(), tzinfo=zone)
    items = (
        OrderItem.objects.filter(
            trader_order__trader__in=stalls,
            trader_order__status=TraderOrderStatus.ACCEPTED,
            quantity__gt=0,
        )
        .filter(
            Q(trader_order__order__deliver_from__isnull=True)
            | Q(trader_order__order__deliver_from__lt=day_ends)
        )
        .values_list(
            "trader_order__trader_id", "product_id", "unit", "name", "quantity", "trader_order__order_id"
        )
        .order_by("name", "trader_order__order_id", "pk")
    )
    rows: dict[int, dict[tuple, PickRow]] = {stall.pk: {} for stall in stalls}
    for stall_id, product_id, unit, name, quantity, order_id in items:
        row = rows[stall_id].setdefault((product_id, unit), PickRow(name=name, unit=unit))
        row.quantity += quantity
        number = Order(pk=order_id).number
        if number not in row.orders:
            row.orders.append(number)
    return {stall_id: list(by_product.values()) for stall_id, by_product in rows.items()}


def order_list_for_staff(user, *, search: str = "") -> QuerySet[Order]:
    """Orders of the staff member's regions; `search` finds an order number (PD-000042 or 42), the
    shopper's or recipient's phone typed in any format, or a stall's name or los number."""
    orders = Order.objects.filter(market__region__in=staff_regions(user))
    term = (search or "").strip()
    if term:
        orders = orders.filter(_order_matching(term))
    return _with_parts(orders).select_related("shopper").order_by("-placed_at", "-pk")


def _order_matching(term: str) -> Q:
    number = term.upper().removeprefix("PD-").lstrip("0")
    query = Q(
        trader_orders__trader__in=Trader.objects.filter(
            Q(stall_name__icontains=term) | Q(stall_number__iexact=term)
        )
    )
    phone = phone_search_fragment(term)
    if phone:
        query |= Q(shopper__phone__contains=phone) | Q(recipient_whatsapp__contains=phone)
    elif number.isdigit():
        query |= Q(pk=int(number))
    return Q(pk__in=Order.objects.filter(query).values("pk"))


def order_get_for_staff(user, pk) -> Order | None:
    try:
        return (
            order_list_for_staff(user)
            .prefetch_related("events__actor", "events__trader_order__trader")
            .filter(pk=pk)
            .first()
        )
    except (ValueError, TypeError):
        return None


def header_counts_for_visitor(session) -> dict:
    """The header's counts for an anonymous visitor: the lines of the carts in their session (no query
    without one), and no incoming orders."""
    ids = list((session.get(CART_SESSION_KEY) or {}).values()) if session is not None else []
    count = CartItem.objects.filter(cart_id__in=ids, cart__shopper__isnull=True).count() if ids else 0
    return {"cart_count": count, "incoming": None}


def header_count_expressions(*, user) -> dict:
    """The header's counts for a signed-in user as annotations of their user row, for the header's one
    query (portal.header): the lines of their carts, whether they run a stall, and the parts of orders
    waiting for an answer from the stalls they run. header_counts_of() reads them back."""
    lines = CartItem.objects.filter(cart__shopper=user).order_by().values("cart__shopper")
    # stall_list_for_actor's stalls as its two halves, counted apart: its OR made PostgreSQL scan every
    # stall of the site twice per page. A coordinator runs an active stall, so `runs` needs only theirs.
    waiting = TraderOrder.objects.filter(status=TraderOrderStatus.PENDING, trader__status=TraderStatus.ACTIVE)
    own = waiting.filter(trader__user=user)
    members = waiting.filter(trader__group__in=groups_coordinated_by(user)).exclude(trader__user=user)
    return {
        "cart_count": _count_of(lines),
        "runs": Exists(Trader.objects.filter(user=user, status=TraderStatus.ACTIVE)),
        "incoming": _count_of(own.values("status")) + _count_of(members.values("status")),
    }


def _count_of(grouped: QuerySet):
    """A subquery counting the rows of a one-group `.values(...)` queryset, 0 for none."""
    return Coalesce(Subquery(grouped.order_by().annotate(n=Count("pk")).values("n")[:1]), 0)


def header_counts_of(row: dict) -> dict:
    """The header's counts from the annotations header_count_expressions() gave: incoming is None for
    anyone who runs no stall."""
    return {"cart_count": row["cart_count"], "incoming": row["incoming"] if row["runs"] else None}
