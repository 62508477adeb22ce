from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from market.models import Application, Market, ProfileStatus, Region
from orders.models import LATITUDE, LONGITUDE, Order, TraderOrder, point_q


class CourierCompany(models.Model):
    """A local ojek company whose admins approve and suspend their own couriers."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="courier_companies")
    name = models.CharField(_("name"), max_length=150)
    phone = PhoneNumberField(_("phone number"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="administered_companies", verbose_name=_("admins")
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="courier_company"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProfileStatus, default=ProfileStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("courier company")
        verbose_name_plural = _("courier companies")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="couriercompany_unique_name")]

    def __str__(self) -> str:
        return self.name


class Vehicle(models.TextChoices):
    MOTORBIKE = "motorbike", _("Motorbike")
    CAR = "car", _("Car")
    BICYCLE = "bicycle", _("Bicycle")


class Courier(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="courier_profiles"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="couriers")
    company = models.ForeignKey(
        CourierCompany, on_delete=models.SET_NULL, null=True, blank=True, related_name="couriers"
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="courier"
    )
    vehicle = models.CharField(_("vehicle"), max_length=20, choices=Vehicle, default=Vehicle.MOTORBIKE)
    plate_number = models.CharField(_("plate number"), max_length=15)
    status = models.CharField(
        _("status"), max_length=20, choices=ProfileStatus, default=ProfileStatus.PENDING
    )
    is_online = models.BooleanField(_("online"), default=False)
    cash_limit = models.PositiveIntegerField(
        _("most cash I can front (Rp)"),
        null=True,
        blank=True,
        help_text=_("Jobs needing more cash for the stalls are shown but cannot be taken. Empty: no limit."),
    )
    # The last location the courier shared (optional), with when; cleared after COURIER_LOCATION_KEEP.
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE
    )
    located_at = models.DateTimeField(_("location shared at"), null=True, blank=True)
    release_count = models.PositiveIntegerField(_("jobs given back"), default=0)
    # When the courier was last sent a new-job WhatsApp (they are throttled; the board shows the rest).
    job_alert_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region__name", "user__name"]
        verbose_name = _("courier")
        verbose_name_plural = _("couriers")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=~Q(status="rejected"),
                name="courier_one_open_profile_per_user",
                violation_error_message=_("You already have a courier profile or an open application."),
            ),
            models.CheckConstraint(
                condition=Q(is_online=False) | Q(status="active"),
                name="courier_online_only_when_active",
            ),
            models.CheckConstraint(condition=point_q(), name="courier_location_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.plate_number})"

    def is_over_cash_limit(self, cash: int) -> bool:
        """Whether a job needing `cash` for the stalls is more than the courier may front."""
        return self.cash_limit is not None and cash > self.cash_limit


class DeliveryStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a courier")
    ASSIGNED = "assigned", _("Courier on the way to the market")
    PICKED_UP = "picked_up", _("On its way to the shopper")
    FAILED = "failed", _("Shopper not reached")
    DELIVERED = "delivered", _("Delivered")
    RETURNED = "returned", _("Returned to the stalls")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses in which a courier holds the delivery (counted against COURIER_MAX_ACTIVE_DELIVERIES).
ACTIVE_DELIVERY_STATUSES = (DeliveryStatus.ASSIGNED, DeliveryStatus.PICKED_UP, DeliveryStatus.FAILED)


class Delivery(models.Model):
    """The job of taking one ready order from its stalls to the shopper. Opened when every accepted
    stall is ready; exactly one courier holds it from acceptance on. Its order's delivery milestones
    move through orders' services."""

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="delivery")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="deliveries")
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus, default=DeliveryStatus.OPEN)
    courier = models.ForeignKey(
        Courier, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    fee = models.PositiveIntegerField(_("delivery fee (Rp)"))
    cash_to_carry = models.PositiveIntegerField(
        _("cash for the stalls (Rp)"), help_text=_("What the courier pays the stalls at pickup.")
    )
    opened_at = models.DateTimeField(_("open since"), default=timezone.now)
    assigned_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    picked_up_at = models.DateTimeField(_("picked up at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("reported failed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Set once by a conditional update when the job has waited too long for a courier.
    alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    failure_reason = models.CharField(_("why it failed"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=1)
    wrong_codes = models.PositiveSmallIntegerField(_("wrong codes entered"), default=0)
    locked_at = models.DateTimeField(_("locked after wrong codes at"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["region", "status", "opened_at"]),
            models.Index(fields=["courier", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "cancelled"]) | Q(courier__isnull=False),
                name="delivery_courier_once_taken",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order} ({self.get_status_display()})"


class DeliveryStop(models.Model):
    """One stall the courier collects from: picked up and paid by the courier, the cash confirmed by
    the stall. A stall's confirmed amount that differs from what the courier says is flagged to staff."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="stops")
    trader_order = models.OneToOneField(TraderOrder, on_delete=models.PROTECT, related_name="delivery_stop")
    cash_due = models.PositiveIntegerField(_("cash due to the stall (Rp)"))
    picked_up_at = models.DateTimeField(_("picked up at"), null=True, blank=True)
    cash_paid = models.PositiveIntegerField(_("cash the courier paid (Rp)"), null=True, blank=True)
    cash_confirmed = models.PositiveIntegerField(_("cash the stall received (Rp)"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("goods returned at"), null=True, blank=True)

    class Meta:
        ordering = ["delivery", "trader_order__trader__stall_number", "pk"]
        verbose_name = _("pickup")
        verbose_name_plural = _("pickups")

    def __str__(self) -> str:
        return f"{self.delivery_id}/{self.trader_order_id}"

    @property
    def cash_mismatch(self) -> bool:
        return self.cash_confirmed is not None and self.cash_confirmed != self.cash_paid


class DeliveryEvent(models.Model):
    """What happened to a delivery, by whom: taken, released (with the reason), picked up, failed, …"""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="events")
    courier = models.ForeignKey(Courier, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=30)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("delivery event")
        verbose_name_plural = _("delivery events")
        indexes = [models.Index(fields=["courier", "kind", "at"])]

    def __str__(self) -> str:
        return f"{self.delivery_id}: {self.kind}"
