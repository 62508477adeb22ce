"""Checkout: the delivery fee and time before placing, and placing one market's cart as one order.

`order_place` is one transaction: lock the shopper's user row (the COD limits span markets) and the cart
row, take the stock of every line through vendors' stock take (products locked in primary-key order, FOR
NO KEY UPDATE), re-check on the locked rows that each product and stall may still sell, snapshot names,
units and prices, create the Order, one TraderOrder per stall, the items, the handover code and the
outbox rows. A repeated Idempotency-Key returns the first order and changes nothing.
"""

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_CEILING, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.formatting import quantity as quantity_text
from accounts.formatting import rupiah
from accounts.phone import normalize_phone
from core.locking import atomic_or_busy
from market.selectors import market_delivery_windows, market_opening_state
from orders.errors import OrderError
from orders.events import ORDER_NEW
from orders.models import (
    Cart,
    Kelurahan,
    Order,
    OrderEvent,
    OrderItem,
    OrderStatus,
    StallClosure,
    TraderOrder,
)
from orders.notices import notify_stall
from orders.selectors import line_total, market_today
from orders.transitions import OPEN_ORDER_STATUSES
from vendors.errors import VendorError
from vendors.models import Trader, TraderStatus
from vendors.services.stock import STOCK_SHORT, stock_take

EARTH_RADIUS_KM = 6371.0088
MAX_KEY_LENGTH = 64

# --- The delivery fee ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    """A delivery fee and how it was reached, to show before placing."""

    fee: int
    distance_km: Decimal | None  # None: the kelurahan's flat fee
    base: int = 0
    per_km: int = 0
    computed: int = 0  # base + per km × distance, before rounding and clamping
    kelurahan: str = ""

    @property
    def explanation(self) -> str:
        """ "3,2 km × Rp 2.500 + Rp 3.000 = Rp 11.000", or the flat fee and where it applies."""
        if self.distance_km is None:
            return str(
                _("Flat fee to %(kelurahan)s: %(fee)s")
                % {"kelurahan": self.kelurahan, "fee": rupiah(self.fee)}
            )
        sum_text = str(
            _("%(km)s km × %(per_km)s + %(base)s = %(computed)s")
            % {
                "km": quantity_text(self.distance_km),
                "per_km": rupiah(self.per_km),
                "base": rupiah(self.base),
                "computed": rupiah(self.computed),
            }
        )
        if self.fee == self.computed:
            return sum_text
        rounded = _rounded_up(self.computed)
        if self.fee == rounded:
            return str(_("%(sum)s, rounded up to %(fee)s") % {"sum": sum_text, "fee": rupiah(self.fee)})
        limit = _("minimum fee") if self.fee > rounded else _("maximum fee")
        return str(
            _("%(sum)s; %(limit)s %(fee)s") % {"sum": sum_text, "limit": limit, "fee": rupiah(self.fee)}
        )


def _rounded_up(amount: int) -> int:
    return math.ceil(amount / 1000) * 1000


def distance_km(lat1, lng1, lat2, lng2) -> float:
    """The straight-line (great-circle) distance between two points, in km."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi, d_lambda = phi2 - phi1, math.radians(float(lng2) - float(lng1))
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def delivery_quote(*, market, kelurahan: Kelurahan, latitude=None, longitude=None) -> Quote:
    """The fee from the region's tariff: base + per km of the distance from the market to the pin (or
    the kelurahan's centre), the distance rounded up to 0,1 km, the sum up to Rp 1.000, then clamped to
    the region's minimum and maximum; a kelurahan without a centre and no pin pays its flat fee.

    Raises OrderError "outside_area" (a kelurahan of another region or out of the delivery area, a pin
    further than ORDERS_MAX_DELIVERY_KM from the market) or "no_fee" (no pin, no centre, no flat fee)."""
    region = market.region
    if kelurahan.region_id != market.region_id or not kelurahan.delivers:
        raise OrderError(
            _("%(market)s does not deliver to %(kelurahan)s.")
            % {"market": market.name, "kelurahan": kelurahan},
            "outside_area",
            field="kelurahan",
        )
    if latitude is not None and longitude is not None:
        point = (latitude, longitude)
    elif kelurahan.has_centre:
        point = (kelurahan.latitude, kelurahan.longitude)
    elif kelurahan.flat_fee is not None:
        return Quote(fee=kelurahan.flat_fee, distance_km=None, kelurahan=str(kelurahan))
    else:
        raise OrderError(
            _("The fee to %(kelurahan)s is not set yet: put a pin on your address.")
            % {"kelurahan": kelurahan},
            "no_fee",
            field="latitude",
        )
    exact = distance_km(market.latitude, market.longitude, *point)
    if exact > settings.ORDERS_MAX_DELIVERY_KM:
        raise OrderError(
            _("The pin is %(km)s km from the market: %(market)s delivers up to %(max)s km.")
            % {
                "km": quantity_text(round(Decimal(exact), 1)),
                "market": market.name,
                "max": settings.ORDERS_MAX_DELIVERY_KM,
            },
            "outside_area",
            field="latitude",
        )
    km = Decimal(str(exact)).quantize(Decimal("0.1"), rounding=ROUND_CEILING)
    computed = int((region.tariff_base + region.tariff_per_km * km).to_integral_value(rounding=ROUND_CEILING))
    fee = min(max(_rounded_up(computed), region.tariff_min), region.tariff_max)
    return Quote(
        fee=fee, distance_km=km, base=region.tariff_base, per_km=region.tariff_per_km, computed=computed
    )


# --- The delivery time -----------------------------------------------------------------------------


def delivery_windows(market, now: datetime | None = None) -> list[datetime]:
    """The delivery windows a shopper may choose now: the market's own (market.selectors), today's and
    tomorrow's, starting at least ORDERS_WINDOW_LEAD_MINUTES from now while the market trades. Empty:
    as soon as possible only."""
    now = now or timezone.now()
    earliest = now + timedelta(minutes=settings.ORDERS_WINDOW_LEAD_MINUTES)
    return market_delivery_windows(market, now=now, earliest=earliest)


def _acceptable_at(market, deliver_from: datetime | None, now: datetime) -> datetime:
    """From when the stalls can accept: now while the market is open (or its hours are not known), else
    its next opening."""
    state = market_opening_state(market, now)
    return state.opens_at if state.known and not state.is_open and state.opens_at else now


def _check_window(market, deliver_from: datetime | None, now: datetime) -> None:
    if deliver_from is not None and deliver_from not in delivery_windows(market, now):
        raise OrderError(
            _("Choose one of the delivery times offered."), "invalid_window", field="deliver_from"
        )


# --- Placing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryDetails:
    kelurahan_id: int
    street: str
    recipient_name: str
    recipient_whatsapp: str
    landmark: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    note: str = ""
    change_for: int | None = None
    deliver_from: datetime | None = None  # None: as soon as possible


def kelurahan_for(market, kelurahan_id) -> Kelurahan:
    try:
        return Kelurahan.objects.get(pk=kelurahan_id)
    except (Kelurahan.DoesNotExist, ValueError, TypeError):
        raise OrderError(
            _("Choose your kelurahan or desa from the list."), "invalid", field="kelurahan"
        ) from None


def order_quote(*, market, details: DeliveryDetails) -> Quote:
    kelurahan = kelurahan_for(market, details.kelurahan_id)
    return delivery_quote(
        market=market, kelurahan=kelurahan, latitude=details.latitude, longitude=details.longitude
    )


def _order_for_key(shopper, key: str) -> Order | None:
    """The shopper's order placed with `key`, marked `repeated` for the caller's answer; None if none.
    Only its key is read (asked on every checkout, found on few): the rest loads when used."""
    order = Order.objects.filter(shopper=shopper, idempotency_key=key).only("pk").first() if key else None
    if order is not None:
        order.repeated = True
    return order


def _check_shopper(shopper) -> None:
    if shopper.verified_phone is None:
        raise OrderError(
            _("Verify your WhatsApp number first: the stall and the courier reach you there."),
            "phone_unverified",
        )


def cod_limit_check(*, shopper, total: int, placing: Order | None = None) -> None:
    """Cash on delivery needs trust: until a shopper's first order is delivered they may hold at most
    ORDERS_COD_NEW_SHOPPER_OPEN_ORDERS open orders worth ORDERS_COD_NEW_SHOPPER_TOTAL together.
    Raises OrderError "cod_limit"."""
    orders = Order.objects.filter(shopper=shopper)
    if placing is not None:
        orders = orders.exclude(pk=placing.pk)
    # One query: whether one was delivered, and the open ones' count and total.
    is_open = Q(status__in=OPEN_ORDER_STATUSES)
    open_orders = orders.aggregate(
        delivered=Count("pk", filter=Q(status=OrderStatus.DELIVERED)),
        count=Count("pk", filter=is_open),
        total=Sum("total", filter=is_open),
    )
    if open_orders["delivered"]:
        return
    limit_count = settings.ORDERS_COD_NEW_SHOPPER_OPEN_ORDERS
    limit_total = settings.ORDERS_COD_NEW_SHOPPER_TOTAL
    if open_orders["count"] >= limit_count:
        raise OrderError(
            _(
                "Until your first order is delivered you may have %(count)s open orders paid in cash. "
                "Wait for one to arrive, or cancel one."
            )
            % {"count": limit_count},
            "cod_limit",
        )
    if (open_orders["total"] or 0) + total > limit_total:
        raise OrderError(
            _(
                "Until your first order is delivered your open orders paid in cash may come to %(limit)s "
                "together; with this one they would come to %(total)s."
            )
            % {"limit": rupiah(limit_total), "total": rupiah((open_orders["total"] or 0) + total)},
            "cod_limit",
        )


def _lock_shopper(shopper) -> None:
    # The COD limits count the shopper's open orders in every market: one checkout of theirs at a time,
    # or two carts of two markets placed at once could both pass them. Before the cart (the lock order).
    get_user_model().objects.select_for_update(no_key=True).filter(pk=shopper.pk).values_list("pk").first()


def _clean_details(details: DeliveryDetails) -> str:
    try:
        return normalize_phone(details.recipient_whatsapp)
    except ValidationError as error:
        raise OrderError(error.messages[0], "invalid", field="recipient_whatsapp") from None


def order_place(*, shopper, cart_id, details: DeliveryDetails, idempotency_key: str = "") -> Order:
    """Place the shopper's cart as one order, paid in cash on delivery; the cart is emptied.

    Raises OrderError: "not_found" (not the shopper's cart), "cart_empty" (nothing in it: a second tab
    after the first placed it), "cart_changed" (a line can no longer be ordered), "stock_short" (with
    `rows`: which product and how much is left), "cod_limit", "outside_area", "no_fee",
    "invalid_window", "phone_unverified", "invalid" (a field) or "busy". Nothing changes when it
    raises; a repeated `idempotency_key` returns the first order, with `repeated` set to True (False on
    the order it placed, which carries its parts and items as placed, prefetched: read them anew after
    changing them)."""
    key = (idempotency_key or "").strip()
    if len(key) > MAX_KEY_LENGTH:
        raise OrderError(
            _("The Idempotency-Key is too long (64 characters at most)."), "invalid", field="idempotency_key"
        )
    first = _order_for_key(shopper, key)
    if first is not None:
        return first
    _check_shopper(shopper)
    cart = Cart.objects.select_related("market__region").filter(pk=cart_id, shopper=shopper).first()
    if cart is None:
        raise OrderError(_("Cart not found."), "not_found")
    market = cart.market
    if not market.is_active:
        raise OrderError(_("%(market)s takes no orders now.") % {"market": market.name}, "market_closed")
    whatsapp = _clean_details(details)
    kelurahan = kelurahan_for(market, details.kelurahan_id)
    quote = delivery_quote(
        market=market, kelurahan=kelurahan, latitude=details.latitude, longitude=details.longitude
    )
    now = timezone.now()
    _check_window(market, details.deliver_from, now)
    try:
        with atomic_or_busy(OrderError):
            _lock_shopper(shopper)
            Cart.objects.select_for_update(of=("self",)).filter(pk=cart.pk).first()
            # The same key's other request may have placed the order while this one waited for the lock.
            first = _order_for_key(shopper, key)
            if first is not None:
                return first
            order = Order.objects.create(
                market=market,
                shopper=shopper,
                idempotency_key=key,
                kelurahan=kelurahan,
                street=details.street,
                landmark=details.landmark,
                latitude=details.latitude,
                longitude=details.longitude,
                recipient_name=details.recipient_name,
                recipient_whatsapp=whatsapp,
                note=details.note,
                change_for=details.change_for,
                deliver_from=details.deliver_from,
                acceptable_at=_acceptable_at(market, details.deliver_from, now),
                distance_km=quote.distance_km,
                delivery_fee=quote.fee,
                items_total=0,
                total=quote.fee,
                confirmation_code=f"{secrets.randbelow(10000):04d}",
                placed_at=now,
            )
            _fill(order, cart, shopper)
            order.repeated = False
    except IntegrityError:
        first = _order_for_key(shopper, key)
        if first is None:
            raise
        return first
    return order


@dataclass(frozen=True)
class _Line:
    """A cart line as checkout reads it: the product's own fields come from its locked row."""

    product_id: int
    name: str
    unit: str
    quantity: Decimal


def _fill(order: Order, cart: Cart, shopper) -> None:
    """The order's stalls and items from the (locked) cart, stock taken, the stalls told."""
    lines = [
        _Line(*row)
        for row in cart.items.order_by("product__name", "pk").values_list(
            "product_id", "product__name", "product__unit", "quantity"
        )
    ]
    if not lines:
        raise OrderError(
            _("Your cart is empty. Was the order already placed in another tab? See your orders."),
            "cart_empty",
        )
    quantities: dict[int, Decimal] = {}
    for line in lines:
        quantities[line.product_id] = quantities.get(line.product_id, 0) + line.quantity
    try:
        products = stock_take(quantities=quantities, reference=f"order:{order.pk}", actor=shopper)
    except VendorError as error:
        if error.code != STOCK_SHORT:
            raise OrderError(error.message, error.code) from error
        rows = {pk: {"quantity": _short(lines, pk, left)} for pk, left in error.current_stock.items()}
        message = " ".join(row["quantity"] for row in rows.values())
        raise OrderError(message, "stock_short", rows=rows) from error
    stalls = _recheck(order, products, quantities)
    _create_parts(order, lines, products, stalls)
    cod_limit_check(shopper=shopper, total=order.total, placing=order)
    _notify_stalls(order, lines, products, stalls)
    OrderEvent.objects.create(
        order=order, from_status="", to_status=OrderStatus.PLACED, actor=shopper, created_at=order.placed_at
    )
    cart.items.all().delete()


def _short(lines: list[_Line], product_id: int, left: Decimal) -> str:
    """ "Stok cabai rawit tinggal 0,5 kg", or that it is sold out."""
    line = next(line for line in lines if line.product_id == product_id)
    if left <= 0:
        return str(_("%(name)s is sold out.") % {"name": line.name})
    return str(
        _("Stock of %(name)s: only %(stock)s %(unit)s left.")
        % {"name": line.name, "stock": quantity_text(left), "unit": line.unit}
    )


def _recheck(order: Order, products: dict, quantities: dict[int, Decimal]) -> dict[int, Trader]:
    """On the locked products: each still on sale, in its step, from an active stall someone runs that
    is not closed today (the cart's checks ran before the locks). Gives those stalls by id, each with
    whom to tell (vendors.selectors.stall_recipient): one query."""
    closed_today = StallClosure.objects.filter(trader=OuterRef("pk"), day=market_today(order.market))
    stalls = (
        Trader.objects.runnable()
        .filter(pk__in={product.trader_id for product in products.values()}, status=TraderStatus.ACTIVE)
        .exclude(Exists(closed_today))
        .select_related("user", "group__coordinator__user")
        .order_by("stall_number", "pk")  # the order's parts' order (TraderOrder.Meta.ordering)
    )
    selling = {stall.pk: stall for stall in stalls}
    for pk, product in products.items():
        on_sale = product.available and product.archived_at is None and product.trader_id in selling
        if not on_sale or quantities[pk] % product.step:
            raise OrderError(
                _("%(name)s can no longer be ordered: change your cart.") % {"name": product.name},
                "cart_changed",
            )
    return selling


def _create_parts(order: Order, lines: list[_Line], products: dict, stalls: dict[int, Trader]) -> None:
    """One part per stall, in the stalls' order, each with its lines' items in the cart's order (by
    name); kept on the order as reading it back would give them (`_keep_as_read`)."""
    by_stall: dict[int, list[_Line]] = {}
    for line in lines:
        by_stall.setdefault(products[line.product_id].trader_id, []).append(line)
    parts = TraderOrder.objects.bulk_create(
        TraderOrder(
            order=order,
            trader=stalls[stall_id],
            items_total=sum(
                line_total(products[line.product_id].price, line.quantity) for line in stall_lines
            ),
        )
        for stall_id in stalls
        if (stall_lines := by_stall.get(stall_id))
    )
    items = OrderItem.objects.bulk_create(
        OrderItem(
            trader_order=part,
            product_id=line.product_id,
            name=products[line.product_id].name,
            unit=products[line.product_id].unit,
            step=products[line.product_id].step,
            price=products[line.product_id].price,
            quantity_ordered=line.quantity,
            quantity=line.quantity,
            line_total=line_total(products[line.product_id].price, line.quantity),
        )
        for part in parts
        for line in by_stall[part.trader_id]
    )
    order.items_total = sum(part.items_total for part in parts)
    order.total = order.items_total + order.delivery_fee
    order.save(update_fields=["items_total", "total"])
    _keep_as_read(order, parts, items)


def _keep_as_read(order: Order, parts: list[TraderOrder], items: list[OrderItem]) -> None:
    """The new order's parts and items kept on the instances as prefetch_related would keep them, in
    the order `order_list_for_shopper` reads them back (parts by stall number, items by name: the order
    they were written in), so that answering with the order costs no query."""
    for part in parts:
        _prefetched(part, "items", [item for item in items if item.trader_order_id == part.pk])
    _prefetched(order, "trader_orders", parts)


def _prefetched(instance, name: str, rows: list) -> None:
    # What django.db.models.prefetch_related_objects stores: the related manager's queryset, evaluated.
    queryset = getattr(instance, name).all()
    queryset._result_cache, queryset._prefetch_done = rows, True
    instance._prefetched_objects_cache = {
        **getattr(instance, "_prefetched_objects_cache", {}),
        name: queryset,
    }


def _notify_stalls(order: Order, lines: list[_Line], products: dict, stalls: dict[int, Trader]) -> None:
    by_stall: dict[int, list[_Line]] = {}
    for line in lines:
        by_stall.setdefault(products[line.product_id].trader_id, []).append(line)
    for stall_id, stall_lines in by_stall.items():
        stall = stalls[stall_id]
        described = ", ".join(
            f"{quantity_text(line.quantity)} {product.unit} {product.name}"
            for line in stall_lines
            for product in [products[line.product_id]]
        )
        notify_stall(stall, ORDER_NEW, {"order": order.number, "stall": stall.stall_name, "items": described})
