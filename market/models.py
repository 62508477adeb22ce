from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from core.models import BoundedTextField
from market import illustrations


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB (Asia/Jakarta)"
    WIB_PONTIANAK = "Asia/Pontianak", "WIB (Asia/Pontianak)"
    WITA = "Asia/Makassar", "WITA (Asia/Makassar)"
    WIT = "Asia/Jayapura", "WIT (Asia/Jayapura)"


TIME_ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


class Region(models.Model):
    """A kabupaten or kota whose trade office runs the programme, with its delivery tariff."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    province = models.CharField(_("province"), max_length=120)
    timezone = models.CharField(_("time zone"), max_length=40, choices=TimeZone, default=TimeZone.WIB)
    tariff_base = models.PositiveIntegerField(_("base fare (Rp)"), default=0)
    tariff_per_km = models.PositiveIntegerField(_("fare per km (Rp)"), default=2500)
    tariff_min = models.PositiveIntegerField(_("minimum fee (Rp)"), default=5000)
    tariff_max = models.PositiveIntegerField(_("maximum fee (Rp)"), default=50000)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=Q(tariff_min__lte=F("tariff_max")),
                name="region_tariff_min_not_above_max",
                violation_error_message=_("The minimum fee cannot exceed the maximum fee."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def timezone_label(self) -> str:
        return TIME_ZONE_LABELS.get(self.timezone, self.timezone)


class RegionStaff(models.Model):
    """A trade-office employee's assignment to a region; staff see and decide only their regions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_assignments"
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="staff")
    title = models.CharField(_("job title"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("region staff")
        verbose_name_plural = _("region staff")
        constraints = [models.UniqueConstraint(fields=["user", "region"], name="regionstaff_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.region}"


class Market(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="markets")
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    address = models.CharField(_("address"), max_length=255)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    desk_whatsapp = PhoneNumberField(
        _("trade office desk WhatsApp"),
        blank=True,
        help_text=_("Shoppers reach a stall with no coordinator and no published number here."),
    )
    description = BoundedTextField(_("description"), max_length=2000, blank=True)
    is_active = models.BooleanField(_("open for orders"), default=True)

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("market")
        verbose_name_plural = _("markets")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="market_unique_name_per_region"),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="market_location_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MarketHours(models.Model):
    """When a market trades on one weekday, in its region's time zone. A weekday without a row is a
    closed day; a close time at or before the open time means the market trades past midnight."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=sorted(WEEKDAYS.items()))
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.UniqueConstraint(fields=["market", "weekday"], name="markethours_one_per_weekday"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="markethours_weekday_valid"),
            models.CheckConstraint(
                condition=~Q(opens=F("closes")),
                name="markethours_not_empty",
                violation_error_message=_("The market cannot open and close at the same time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.market} {self.get_weekday_display()} {self.opens:%H.%M}–{self.closes:%H.%M}"


class DeliveryWindow(models.Model):
    """A time of day, in the region's time zone, from which the market's orders may be delivered; a
    shopper picks one at checkout, or "as soon as possible" (all a market without windows offers)."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="delivery_windows")
    starts = models.TimeField(_("starts"))

    class Meta:
        ordering = ["starts"]
        verbose_name = _("delivery window")
        verbose_name_plural = _("delivery windows")
        constraints = [
            models.UniqueConstraint(
                fields=["market", "starts"],
                name="deliverywindow_once_per_market",
                violation_error_message=_("The market already has this delivery window."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.market} {self.starts:%H.%M}"


class MarketClosure(models.Model):
    """A day the market does not trade although its weekday has hours (a holiday, a market clean-up)."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        constraints = [
            models.UniqueConstraint(
                fields=["market", "date"],
                name="marketclosure_one_per_day",
                violation_error_message=_("This day is already a closed day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.market} {self.date}"


class LocalizedNameMixin(models.Model):
    """Catalogue names are kept in Indonesian with an optional English name."""

    name = models.CharField(_("name (Indonesian)"), max_length=120, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "id").startswith("en"):
            return self.name_en
        return self.name


class Illustrated(models.Model):
    """A picture for the products without a photo (market.illustrations)."""

    illustration = models.CharField(
        _("illustration"),
        max_length=40,
        choices=illustrations.CHOICES,
        blank=True,
        help_text=_("Shown for products without a photo."),
    )

    class Meta:
        abstract = True


class Category(LocalizedNameMixin, Illustrated):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Commodity(LocalizedNameMixin, Illustrated):
    """A staple the trade office monitors, priced per its standard unit (e.g. cabai rawit merah per kg)."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="commodities", null=True, blank=True
    )
    standard_unit = models.CharField(_("standard unit"), max_length=20)

    class Meta:
        ordering = ["name"]
        verbose_name = _("commodity")
        verbose_name_plural = _("commodities")


class PriceSnapshot(models.Model):
    """One day's observed prices of a commodity in a market, per its standard unit, for monitoring."""

    commodity = models.ForeignKey(Commodity, on_delete=models.CASCADE, related_name="snapshots")
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="price_snapshots")
    date = models.DateField(_("date"))
    price_min = models.PositiveIntegerField(_("lowest price (Rp)"))
    price_median = models.PositiveIntegerField(_("median price (Rp)"))
    price_max = models.PositiveIntegerField(_("highest price (Rp)"))
    offer_count = models.PositiveIntegerField(_("number of stalls"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "commodity__name"]
        verbose_name = _("price snapshot")
        verbose_name_plural = _("price snapshots")
        constraints = [
            models.UniqueConstraint(fields=["commodity", "market", "date"], name="pricesnapshot_unique_day"),
            models.CheckConstraint(
                condition=Q(price_min__lte=F("price_median"), price_median__lte=F("price_max")),
                name="pricesnapshot_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commodity} {self.market} {self.date}"


class ProfileStatus(models.TextChoices):
    """The status of a reviewed profile (a stall, a courier, a courier company), set by the review."""

    PENDING = "pending", _("Awaiting review")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REJECTED = "rejected", _("Rejected")


class ApplicationKind(models.TextChoices):
    TRADER = "trader", _("Trader")
    COURIER = "courier", _("Courier")
    COMPANY = "company", _("Courier company")


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


KIND_LABELS = dict(ApplicationKind.choices)
APPLICATION_STATUS_LABELS = dict(ApplicationStatus.choices)


class DecisionAction(models.TextChoices):
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    SUSPEND = "suspend", _("Suspended")
    REINSTATE = "reinstate", _("Reinstated")


class Application(models.Model):
    """A request to take a role (trader, courier, courier company), reviewed by the region's staff.

    The kind's own data (stall, vehicle) lives on the profile in vendors or couriers, linked here.
    Status changes only through market.services, which records a Decision for each.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ApplicationKind)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        null=True,
        blank=True,
        help_text=_("Empty for a trader without an account, registered by a coordinator or staff."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submitted_applications"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus, default=ApplicationStatus.PENDING
    )
    note = BoundedTextField(_("applicant's note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_at = models.DateTimeField(_("last decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [models.Index(fields=["region", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    # Django's own rebuild the dict of the choices' lazy labels on every call (about 150 function calls;
    # the queue calls both per row).
    def get_kind_display(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def get_status_display(self) -> str:
        return APPLICATION_STATUS_LABELS.get(self.status, self.status)


class Decision(models.Model):
    """One step in an application's history; never edited or deleted."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(_("action"), max_length=20, choices=DecisionAction)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions")
    reason = BoundedTextField(_("reason"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.application_id} by {self.actor}"


class SearchSynonym(models.Model):
    """A word shoppers type and the catalogue's word for it ("cabe" → "cabai", "migor" → "minyak
    goreng"). Without a region it holds everywhere (kept by the platform); a region's staff add their
    own (Javanese "lombok" in Batang). Stored in lower case."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="search_synonyms", null=True, blank=True
    )
    word = models.CharField(_("word people type"), max_length=60)
    means = models.CharField(_("catalogue word"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "word"],
                condition=Q(region__isnull=False),
                name="searchsynonym_one_per_region_word",
                violation_error_message=_("This word already has a meaning here."),
            ),
            models.UniqueConstraint(
                fields=["word"],
                condition=Q(region__isnull=True),
                name="searchsynonym_one_per_common_word",
                violation_error_message=_("This word already has a meaning here."),
            ),
            models.CheckConstraint(condition=~Q(word=F("means")), name="searchsynonym_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.word} → {self.means}"
