"""factory_boy factories for every model, shared by all test folders."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from couriers.models import Courier, CourierCompany, ProfileStatus
from market.models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Category,
    Commodity,
    Market,
    Region,
    RegionStaff,
)
from notifications.models import Channel, Notification
from vendors.models import Product, StallClaim, Trader, TraderGroup, TraderStatus, Unit

PASSWORD = "rahasia-pasar-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    name = factory.Faker("name", locale="id_ID")
    email = factory.Sequence(lambda n: f"user{n}@example.test")
    phone = factory.Sequence(lambda n: f"+62812{n:08d}")
    phone_verified = True
    language = "id"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kabupaten Contoh {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    province = "Jawa Tengah"
    timezone = "Asia/Jakarta"
    tariff_base = 3000
    tariff_per_km = 2500
    tariff_min = 8000
    tariff_max = 40000


class RegionStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionStaff

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)


class MarketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Market

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Pasar Contoh {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    address = "Jl. Pasar No. 1"
    latitude = Decimal("-6.907000")
    longitude = Decimal("109.730000")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kategori {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class CommodityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commodity
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Komoditas {n}")
    name_en = factory.Sequence(lambda n: f"Commodity {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    category = factory.SubFactory(CategoryFactory)
    standard_unit = "kg"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    kind = ApplicationKind.TRADER
    applicant = factory.SubFactory(UserFactory)
    submitted_by = factory.LazyAttribute(lambda o: o.applicant)
    region = factory.SubFactory(RegionFactory)
    status = ApplicationStatus.PENDING


class TraderGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TraderGroup

    market = factory.SubFactory(MarketFactory)
    name = factory.Sequence(lambda n: f"Kelompok {n}")


class TraderFactory(factory.django.DjangoModelFactory):
    """An approved stall by default, with its approved application."""

    class Meta:
        model = Trader

    user = factory.SubFactory(UserFactory)
    market = factory.SubFactory(MarketFactory)
    application = factory.SubFactory(
        ApplicationFactory,
        applicant=factory.SelfAttribute("..user"),
        region=factory.SelfAttribute("..market.region"),
        status=ApplicationStatus.APPROVED,
    )
    stall_name = factory.Sequence(lambda n: f"Lapak {n}")
    owner_name = factory.LazyAttribute(lambda o: o.user.name if o.user else "Bu Sri")
    stall_number = factory.Sequence(lambda n: f"A-{n}")
    whatsapp = factory.LazyAttribute(lambda o: o.user.phone if o.user else "+6281399990000")
    status = TraderStatus.ACTIVE


def pending_stall(market, **fields) -> Trader:
    """A stall whose application waits for the trade office's review."""
    return TraderFactory(market=market, status="pending", application__status="pending", **fields)


class StallClaimFactory(factory.django.DjangoModelFactory):
    """An open link of a stall with no account to the account of its number, its code just sent (the
    digest matches no code: tests that confirm one go through vendors.registration)."""

    class Meta:
        model = StallClaim

    trader = factory.SubFactory(
        TraderFactory, user=None, application__submitted_by=factory.SelfAttribute("...requested_by")
    )
    user = factory.SubFactory(UserFactory)
    requested_by = factory.SubFactory(UserFactory)
    code_digest = "-"
    sent_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.sent_at + datetime.timedelta(minutes=30))


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    trader = factory.SubFactory(TraderFactory)
    name = factory.Sequence(lambda n: f"Cabai rawit {n}")
    category = factory.SubFactory(CategoryFactory, name="Bumbu", name_en="Spices", slug="bumbu")
    unit = Unit.KG
    step = Decimal("0.25")
    price = 45000
    stock = Decimal("10")


class CourierCompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourierCompany

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Ojek Contoh {n}")
    phone = "+6281300000001"
    status = ProfileStatus.ACTIVE


class CourierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Courier

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    application = factory.SubFactory(
        ApplicationFactory,
        kind=ApplicationKind.COURIER,
        applicant=factory.SelfAttribute("..user"),
        region=factory.SelfAttribute("..region"),
        status=ApplicationStatus.APPROVED,
    )
    plate_number = factory.Sequence(lambda n: f"G {1000 + n} AB")
    status = ProfileStatus.ACTIVE


def pending_courier(**fields) -> Courier:
    """A courier whose application waits for review (by the region's staff, or their company's admins)."""
    return CourierFactory(
        status=ProfileStatus.PENDING, application__status=ApplicationStatus.PENDING, **fields
    )


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    event = "test.hello"
    channel = Channel.IN_APP


def coordinated_group(market=None) -> TraderGroup:
    """A trader group with an active coordinator stall and one member stall (`group.members`)."""
    group = TraderGroupFactory(market=market or MarketFactory())
    coordinator = TraderFactory(market=group.market, group=group, owner_name="Sri")
    group.coordinator = coordinator
    group.save(update_fields=["coordinator"])
    TraderFactory(market=group.market, group=group, owner_name="Slamet")
    return group


def photo_upload(image_format="JPEG", size=(800, 600), orientation=None, name=None):
    """A real image made with Pillow, as an uploaded file; `orientation` sets the EXIF orientation tag."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 200, 30), (0, 0, size[0] // 2, size[1] // 4))  # a mark to tell the turn by
    buffer = BytesIO()
    options = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        options["exif"] = exif
    image.save(buffer, image_format, **options)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[image_format]
    return SimpleUploadedFile(name or f"foto.{extension}", buffer.getvalue(), content_type=content_type)
