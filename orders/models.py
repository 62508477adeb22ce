"""Carts, orders and their history. Statuses change only through orders.transitions; amounts and stock
only through orders.services."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from market.models import Market, Region
from vendors.models import Product, Trader

LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


def point_q(prefix: str = "") -> Q:
    """A point is both coordinates or neither, and each in range."""
    lat, lng = f"{prefix}latitude", f"{prefix}longitude"
    return Q(**{f"{lat}__isnull": True, f"{lng}__isnull": True}) | Q(
        **{f"{lat}__gte": -90, f"{lat}__lte": 90, f"{lng}__gte": -180, f"{lng}__lte": 180}
    )


class Kelurahan(models.Model):
    """A kelurahan or desa of a region that its markets deliver to: its centre (the fee's distance when
    the shopper sets no pin), or, without one, a flat fee set by staff."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="kelurahan")
    name = models.CharField(_("name"), max_length=120)
    district = models.CharField(_("district (kecamatan)"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("centre latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("centre longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE
    )
    flat_fee = models.PositiveIntegerField(
        _("flat delivery fee (Rp)"),
        null=True,
        blank=True,
        help_text=_("Charged when the kelurahan has no centre point and the shopper sets no pin."),
    )
    delivers = models.BooleanField(_("in the delivery area"), default=True)

    class Meta:
        ordering = ["name", "district"]
        verbose_name = _("kelurahan/desa")
        verbose_name_plural = _("kelurahan/desa")
        constraints = [
            models.UniqueConstraint(fields=["region", "district", "name"], name="kelurahan_unique_name"),
            models.CheckConstraint(condition=point_q(), name="kelurahan_centre_valid"),
        ]

    def __str__(self) -> str:
        return self.label(self.name, self.district)

    @staticmethod
    def label(name: str, district: str) -> str:
        """How pages name a kelurahan: its name, and its district when it has one."""
        return f"{name}, {district}" if district else name

    @property
    def has_centre(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Cart(models.Model):
    """A shopper's cart for one market, across its stalls. An anonymous visitor's cart has no shopper;
    its id is kept in the session data and it merges into the shopper's cart on login."""

    shopper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="carts"
    )
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="carts")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        constraints = [
            models.UniqueConstraint(
                fields=["shopper", "market"],
                condition=Q(shopper__isnull=False),
                name="cart_one_per_shopper_market",
            )
        ]

    def __str__(self) -> str:
        return f"cart {self.pk} ({self.market_id})"


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="cart_items")
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("cart item")
        verbose_name_plural = _("cart items")
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="cartitem_one_line_per_product"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="cartitem_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_id}"


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("Waiting for the stalls")
    ACCEPTED = "accepted", _("Being prepared")
    READY = "ready", _("Ready for pickup")
    ASSIGNED = "assigned", _("Courier on the way to the market")
    PICKED_UP = "picked_up", _("On its way to you")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Delivery failed")
    RETURNED = "returned", _("Returned to the stalls")
    CANCELLED = "cancelled", _("Cancelled")


class TraderOrderStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the stall")
    ACCEPTED = "accepted", _("Accepted")
    READY = "ready", _("Ready")
    REJECTED = "rejected", _("Refused by the stall")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")
    RETURNED = "returned", _("Delivery returned")


CODE_VALIDATOR = RegexValidator(r"^\d{4}$", _("Four digits."))


class Order(models.Model):
    """One checkout: one market, one delivery, paid in cash on delivery. Amounts are whole rupiah;
    `total` (what the courier collects) = `items_total` + `delivery_fee`."""

    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="orders")
    shopper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        help_text=_("Empty for an order placed for someone with no account."),
    )
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus, default=OrderStatus.PLACED)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, blank=True)
    # Where to
    kelurahan = models.ForeignKey(Kelurahan, on_delete=models.PROTECT, related_name="orders")
    street = models.CharField(_("street and house"), max_length=200)
    landmark = models.CharField(_("landmark (patokan)"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("pin latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("pin longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE
    )
    recipient_name = models.CharField(_("recipient's name"), max_length=150)
    recipient_whatsapp = PhoneNumberField(_("recipient's WhatsApp number"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    change_for = models.PositiveIntegerField(_("bring change for (Rp)"), null=True, blank=True)
    # When: empty for as soon as possible; the market's opening when it was closed at checkout.
    deliver_from = models.DateTimeField(_("deliver from"), null=True, blank=True)
    acceptable_at = models.DateTimeField(
        _("stalls can accept from"), help_text=_("When the market is open for this order.")
    )
    # Money
    distance_km = models.DecimalField(_("distance (km)"), max_digits=6, decimal_places=1, null=True)
    delivery_fee = models.PositiveIntegerField(_("delivery fee (Rp)"))
    items_total = models.PositiveIntegerField(_("items total (Rp)"))
    total = models.PositiveIntegerField(_("cash on delivery (Rp)"))
    confirmation_code = models.CharField(_("confirmation code"), max_length=4, validators=[CODE_VALIDATOR])
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    # When it moved
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # The delivery, moved by the couriers app through orders' services
    assigned_at = models.DateTimeField(_("courier assigned at"), null=True, blank=True)
    picked_up_at = models.DateTimeField(_("picked up at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("delivery failed at"), null=True, blank=True)
    courier_name = models.CharField(_("courier's name"), max_length=150, blank=True)
    courier_plate = models.CharField(_("courier's plate"), max_length=20, blank=True)
    courier_whatsapp = models.CharField(_("courier's WhatsApp"), max_length=20, blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            models.Index(fields=["status", "acceptable_at"]),
            models.Index(fields=["market", "-placed_at"]),
            # The stall's incoming orders join their open parts to their markets' open orders, newest
            # first: from this index, not the table's pages of a few open orders among many closed ones
            # nor the open orders of every market.
            models.Index(
                fields=["market", "placed_at", "id"],
                name="order_open_market_idx",
                condition=Q(
                    status__in=[
                        OrderStatus.PLACED,
                        OrderStatus.ACCEPTED,
                        OrderStatus.READY,
                        OrderStatus.ASSIGNED,
                        OrderStatus.PICKED_UP,
                    ]
                ),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["shopper", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="order_idempotency_key_once_per_shopper",
            ),
            models.CheckConstraint(
                condition=Q(total=F("items_total") + F("delivery_fee")), name="order_total_is_items_and_fee"
            ),
            models.CheckConstraint(condition=point_q(), name="order_pin_valid"),
            models.CheckConstraint(
                condition=Q(confirmation_code__regex=r"^[0-9]{4}$"), name="order_code_four_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def waits_for_opening(self) -> bool:
        """Placed "as soon as possible" while the market was closed: it is for the next opening."""
        return self.deliver_from is None and self.acceptable_at > self.placed_at

    @property
    def number(self) -> str:
        return self.number_of(self.pk) if self.pk else "PD-?"

    @staticmethod
    def number_of(pk: int) -> str:
        """A saved order's number as shoppers, stalls and couriers read it."""
        return f"PD-{pk:06d}"

    @property
    def has_pin(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def delivery_status(self) -> str:
        """The delivery's part of the order's life, as the couriers app reads it."""
        return DELIVERY_STATUS.get(self.status, "")


# The order statuses a delivery goes through: open for a courier, then each milestone.
DELIVERY_STATUS = {
    OrderStatus.READY: "open",
    OrderStatus.ASSIGNED: "assigned",
    OrderStatus.PICKED_UP: "picked_up",
    OrderStatus.DELIVERED: "delivered",
    OrderStatus.FAILED: "failed",
    OrderStatus.RETURNED: "returned",
}


class TraderOrder(models.Model):
    """The part of an order for one stall, with its own status."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="trader_orders")
    trader = models.ForeignKey(Trader, on_delete=models.PROTECT, related_name="trader_orders")
    status = models.CharField(
        _("status"), max_length=20, choices=TraderOrderStatus, default=TraderOrderStatus.PENDING
    )
    items_total = models.PositiveIntegerField(_("items total (Rp)"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["order", "trader__stall_number", "pk"]
        verbose_name = _("stall order")
        verbose_name_plural = _("stall orders")
        indexes = [
            models.Index(fields=["trader", "status"]),
            # The stall's incoming orders: its open parts by stall, read from the index alone.
            models.Index(
                fields=["trader", "order", "id"],
                name="traderorder_open_idx",
                condition=Q(
                    status__in=[
                        TraderOrderStatus.PENDING,
                        TraderOrderStatus.ACCEPTED,
                        TraderOrderStatus.READY,
                    ]
                ),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["order", "trader"], name="traderorder_one_per_stall"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.trader_id}"


class OrderItem(models.Model):
    """A product as it was sold: name, unit and price copied at checkout. `quantity` is what the stall
    will hand over (reduced or 0 when it refused some or all), `quantity_ordered` what was asked."""

    trader_order = models.ForeignKey(TraderOrder, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_items")
    name = models.CharField(_("name"), max_length=150)
    unit = models.CharField(_("unit"), max_length=20)
    step = models.DecimalField(_("quantity step"), max_digits=8, decimal_places=3)
    price = models.PositiveIntegerField(_("price per unit (Rp)"))
    quantity_ordered = models.DecimalField(_("quantity ordered"), max_digits=12, decimal_places=3)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    line_total = models.PositiveIntegerField(_("line total (Rp)"))

    class Meta:
        ordering = ["trader_order", "name", "pk"]
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        constraints = [
            models.CheckConstraint(condition=Q(quantity_ordered__gt=0), name="orderitem_ordered_positive"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0, quantity__lte=F("quantity_ordered")),
                name="orderitem_quantity_within_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} {self.unit} {self.name}"

    @property
    def refused(self) -> bool:
        return self.quantity == 0


class OrderEvent(models.Model):
    """One move of an order or of a stall's part: from, to, who (empty: the system), when, why. Never
    edited or deleted."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    trader_order = models.ForeignKey(
        TraderOrder, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("order event")
        verbose_name_plural = _("order events")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"

    def _label(self, status: str) -> str:
        """A status as people read it: a stall part's moves use the stall's statuses, the order's its own."""
        statuses = TraderOrderStatus if self.trader_order_id else OrderStatus
        return statuses(status).label if status in statuses.values else status

    @property
    def from_label(self) -> str:
        return self._label(self.from_status) if self.from_status else ""

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)


class StallClosure(models.Model):
    """A stall closed for the day ("tutup hari ini"): it takes no orders on `day` (in its region's
    time zone) unless it reopens, which deletes the row."""

    trader = models.ForeignKey(Trader, on_delete=models.CASCADE, related_name="closures")
    day = models.DateField(_("day"))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("stall closed for the day")
        verbose_name_plural = _("stalls closed for the day")
        constraints = [models.UniqueConstraint(fields=["trader", "day"], name="stallclosure_once_a_day")]

    def __str__(self) -> str:
        return f"{self.trader_id} {self.day}"
