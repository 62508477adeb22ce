from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Lower, Replace, Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from accounts.formatting import quantity
from core.models import BoundedTextField
from market.illustrations import Illustration, illustration
from market.models import Application, Category, Commodity, Market, ProfileStatus

MAX_PRICE = 100_000_000
# The messages of the product rules below, shown by the model, the forms, the API and the quick update.
PRICE_OUT_OF_RANGE = _("The price must be between Rp 1 and Rp 100.000.000.")
STOCK_NEGATIVE = _("Stock cannot be negative.")
GROUP_OF_ANOTHER_MARKET = _("Choose a group of this market.")


def _photo_path(instance, filename: str) -> str:
    return f"{instance.PHOTO_FOLDER}/{filename}"


def _thumbnail_path(instance, filename: str) -> str:
    return f"{instance.PHOTO_FOLDER}/thumbs/{filename}"


class Photographed(models.Model):
    """An optional photo and its thumbnail (vendors.images makes both), with their pixel sizes kept so
    pages reserve the space before the image arrives. Files go under the model's PHOTO_FOLDER."""

    PHOTO_FOLDER: str

    photo = models.ImageField(
        _("photo"),
        upload_to=_photo_path,
        null=True,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail = models.ImageField(
        _("thumbnail"),
        upload_to=_thumbnail_path,
        null=True,
        blank=True,
        width_field="thumbnail_width",
        height_field="thumbnail_height",
    )
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class TraderGroup(models.Model):
    """A group of a market's traders with a coordinator who may act for every member."""

    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="trader_groups")
    name = models.CharField(_("name"), max_length=150)
    coordinator = models.ForeignKey(
        "Trader",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_groups",
        verbose_name=_("coordinator"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["market__name", "name"]
        verbose_name = _("trader group")
        verbose_name_plural = _("trader groups")
        constraints = [models.UniqueConstraint(fields=["market", "name"], name="tradergroup_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        # The coordinator acts for every member, so it must be an active stall of this very group.
        coordinator = self.coordinator
        if coordinator is not None and (coordinator.group_id != self.pk or not coordinator.is_active):
            raise ValidationError(
                {"coordinator": _("The coordinator must be an active member of this group.")}
            )


def validate_group_in_market(group: TraderGroup | None, market_id: int | None) -> None:
    """A stall belongs only to a group of its own market. Raises ValidationError on the group field
    (code wrong_group); forms and serializers call it, and Trader.clean()."""
    if group is not None and market_id is not None and group.market_id != market_id:
        raise ValidationError({"group": ValidationError(GROUP_OF_ANOTHER_MARKET, code="wrong_group")})


# A stall's status is the review's profile status; the name reads better in vendors' code.
TraderStatus = ProfileStatus
STATUS_LABELS = dict(TraderStatus.choices)


def stall_number_key(expression):
    """A stall number as stall numbers are compared: letter case and spaces ignored ("A 01" = "a01")."""
    return Lower(Replace(expression, Value(" "), Value("")))


def runnable_q(prefix: str = "") -> Q:
    """Stalls someone can run (a condition on `<prefix>`, e.g. "trader__"): the stall has an account of
    its own, or its group's coordinator is an active stall with one."""
    return Q(**{f"{prefix}user__isnull": False}) | Q(
        **{
            f"{prefix}group__coordinator__status": TraderStatus.ACTIVE,
            f"{prefix}group__coordinator__user__isnull": False,
        }
    )


class TraderQuerySet(models.QuerySet):
    def runnable(self):
        """Stalls someone can run. Only these are public and take orders: a stall registered for a number
        with no account, in no group with a coordinator, waits for its trader."""
        return self.filter(runnable_q())


class Trader(Photographed):
    """A stall in a market. `user` is empty for a trader with no phone app, whom the coordinator serves."""

    PHOTO_FOLDER = "stalls"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stalls",
    )
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="traders")
    group = models.ForeignKey(
        TraderGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("trader group"),
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="trader"
    )
    stall_name = models.CharField(_("stall name"), max_length=150)
    owner_name = models.CharField(_("trader's name"), max_length=150)
    stall_number = models.CharField(_("stall/los number"), max_length=30)
    whatsapp = PhoneNumberField(_("WhatsApp number"))
    whatsapp_public = models.BooleanField(
        _("publish this WhatsApp number"),
        default=False,
        help_text=_("The trader agreed that shoppers see this number when the stall has no coordinator."),
    )
    description = BoundedTextField(_("description"), max_length=500, blank=True)
    categories = models.ManyToManyField(Category, blank=True, related_name="traders")
    status = models.CharField(_("status"), max_length=20, choices=TraderStatus, default=TraderStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TraderQuerySet.as_manager()

    class Meta:
        ordering = ["market__name", "stall_number"]
        verbose_name = _("trader")
        verbose_name_plural = _("traders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "market"],
                condition=~Q(status="rejected"),
                name="trader_one_open_stall_per_user_market",
                violation_error_message=_("You already have a stall or an open application in this market."),
            ),
            # A pending stall holds its number too, but that is checked when it is made, under a lock on
            # the market (vendors.applications.stall_number_reserve), so approval still re-checks here.
            models.UniqueConstraint(
                F("market"),
                stall_number_key(F("stall_number")),
                condition=Q(status="active"),
                name="trader_one_active_stall_per_number",
                violation_error_message=_(
                    "Another active trader already has this stall number in this market."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stall_name} ({self.stall_number})"

    def get_status_display(self) -> str:
        # Django's own rebuilds the dict of the choices' lazy labels on every call; lists call it per row.
        return STATUS_LABELS.get(self.status, self.status)

    def clean(self):
        validate_group_in_market(self.group, self.market_id)

    @property
    def is_active(self) -> bool:
        return self.status == TraderStatus.ACTIVE

    @property
    def has_runner(self) -> bool:
        """Whether someone can run the stall (see TraderQuerySet.runnable); reads the group's coordinator."""
        if self.user_id is not None:
            return True
        coordinator = self.group.coordinator if self.group_id else None
        return coordinator is not None and coordinator.is_active and coordinator.user_id is not None


class StallClaim(models.Model):
    """A stall registered for a number and the account that number belongs to. Holding the phone is
    consent: a claim made at registration (the number had an account then) needs the code sent to the
    number's WhatsApp; a claim offered when the number's owner verified it later (`needs_code` false)
    needs only the owner's confirmation, since verifying the number proved they hold it."""

    trader = models.OneToOneField(Trader, on_delete=models.CASCADE, related_name="claim")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stall_claims")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requested_stall_claims"
    )
    needs_code = models.BooleanField(default=True)
    code_digest = models.CharField(max_length=128, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(help_text=_("When the code was sent, or the link offered."))
    expires_at = models.DateTimeField(null=True, blank=True, help_text=_("Empty for an offered link."))
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stall link request")
        verbose_name_plural = _("stall link requests")

    def __str__(self) -> str:
        return f"{self.trader} → {self.user}"


class Unit(models.TextChoices):
    KG = "kg", _("kg")
    ONS = "ons", _("ons")
    GRAM = "gram", _("gram")
    LITER = "liter", _("liter")
    IKAT = "ikat", _("bunch (ikat)")
    BUTIR = "butir", _("piece (butir)")
    EKOR = "ekor", _("whole (ekor)")
    POTONG = "potong", _("cut (potong)")
    BUNGKUS = "bungkus", _("pack (bungkus)")
    KARUNG = "karung", _("sack (karung)")
    SISIR = "sisir", _("hand (sisir)")


DEFAULT_STEPS = {
    Unit.KG: Decimal("0.25"),
    Unit.ONS: Decimal("1"),
    Unit.GRAM: Decimal("50"),
    Unit.LITER: Decimal("0.5"),
}


def default_step(unit: str) -> Decimal:
    return DEFAULT_STEPS.get(unit, Decimal("1"))


def stock_off_step(stock: Decimal, step: Decimal) -> str | None:
    """Why `stock` cannot be a product's stock with `step` (shoppers buy whole steps), or None."""
    if stock % step:
        return _("Stock must be a multiple of the step (%(step)s).") % {"step": quantity(step)}
    return None


class ProductQuerySet(models.QuerySet):
    def on_sale(self):
        """Products a shopper may see and order: available, not archived, from an active stall that
        someone can run."""
        return self.filter(
            runnable_q("trader__"),
            available=True,
            archived_at__isnull=True,
            trader__status=TraderStatus.ACTIVE,
        )


UNIT_LABELS = dict(Unit.choices)


class Product(Photographed):
    PHOTO_FOLDER = "products"

    trader = models.ForeignKey(Trader, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("name"), max_length=150)
    description = BoundedTextField(_("description"), max_length=2000, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    commodity = models.ForeignKey(
        Commodity, on_delete=models.PROTECT, null=True, blank=True, related_name="products"
    )
    commodity_factor = models.DecimalField(
        _("standard units per unit"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("How many of the commodity's standard unit one unit is, e.g. 1 ikat = 0.25 kg."),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit)
    step = models.DecimalField(_("quantity step"), max_digits=8, decimal_places=3)
    price = models.PositiveIntegerField(_("price per unit (Rp)"))
    # What shoppers compare: the price per the staple's standard unit (Rp 325.000 a 25 kg sack is
    # Rp 13.000/kg), in whole rupiah; empty without a factor. Computed by the database, so every way a
    # price or factor changes (forms, API, bulk updates, the admin) keeps it right.
    unit_price_standard = models.GeneratedField(
        expression=Cast(
            Round(Cast("price", models.FloatField()) / Cast("commodity_factor", models.FloatField())),
            models.BigIntegerField(),
        ),
        output_field=models.BigIntegerField(_("price per standard unit (Rp)"), null=True),
        db_persist=True,
    )
    stock = models.DecimalField(_("stock"), max_digits=12, decimal_places=3, default=Decimal("0"))
    negotiable = models.BooleanField(_("negotiable"), default=False)
    available = models.BooleanField(_("available"), default=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=1, price__lte=MAX_PRICE),
                name="product_price_in_range",
                violation_error_message=PRICE_OUT_OF_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(stock__gte=0),
                name="product_stock_not_negative",
                violation_error_message=STOCK_NEGATIVE,
            ),
            models.CheckConstraint(condition=Q(step__gt=0), name="product_step_positive"),
            models.CheckConstraint(
                condition=Q(commodity_factor__isnull=True) | Q(commodity_factor__gt=0),
                name="product_commodity_factor_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["trader", "available", "archived_at"]),
            models.Index(fields=["unit_price_standard"], name="product_unit_price_standard"),
            # The trader's product pages: a stall's products by name, a page at a time.
            models.Index(
                fields=["trader", "name", "id"],
                condition=Q(archived_at__isnull=True),
                name="product_stall_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_unit_display(self) -> str:
        # Django's own rebuilds the dict of the choices' lazy labels on every call (about 0.1 ms, and
        # lists call it per row).
        return UNIT_LABELS.get(self.unit, self.unit)

    @property
    def is_sold_out(self) -> bool:
        """Nothing left to order: shown as "Habis", listed last, never offered as available."""
        return self.stock <= 0

    @property
    def illustration(self) -> Illustration:
        """What the product shows without a photo: its staple's illustration, else its category's, else
        the market basket."""
        staple = self.commodity.illustration if self.commodity else ""
        return illustration(staple or self.category.illustration)

    @property
    def shows_standard_price(self) -> bool:
        """Whether the price per standard unit says more than the price itself (another unit)."""
        return self.unit_price_standard is not None and self.unit != self.commodity.standard_unit

    def clean(self):
        errors = {}
        if self.commodity_id is not None and self.commodity_factor is None:
            errors["commodity_factor"] = _(
                "Enter how many of the commodity's standard unit one unit is (e.g. 1 ikat = 0.25 kg)."
            )
        stepped = isinstance(self.stock, Decimal) and isinstance(self.step, Decimal) and self.step > 0
        off_step = stepped and stock_off_step(self.stock, self.step)
        if off_step:
            errors["stock"] = off_step
        if errors:
            raise ValidationError(errors)


class StockReason(models.TextChoices):
    SALE = "sale", _("sold")
    RESTORE = "restore", _("returned to stock")
    UPDATE = "update", _("updated by the stall")


class StockMovement(models.Model):
    """One change of a product's stock, written by the service that made it: the ledger explains every
    stock figure, including the F() updates of checkout that simple_history does not see. `reference`
    names what caused it in the higher app (e.g. "order:42"), which vendors cannot link to."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="stock_movements")
    change = models.DecimalField(_("change"), max_digits=12, decimal_places=3)
    reason = models.CharField(_("reason"), max_length=20, choices=StockReason)
    reference = models.CharField(_("reference"), max_length=50, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [models.Index(fields=["product", "created_at"])]

    def __str__(self) -> str:
        return f"{self.product_id} {self.change:+}"
