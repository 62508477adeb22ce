import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from accounts.models import User
from market.models import Application, ApplicationStatus, Commodity, Market, Region
from portal.demo_data import DEMO_LOGINS, DEMO_PHOTOS, PENDING_STALLS, local_form, traders_without_an_app
from portal.management.commands.seed_demo import DemoSeeder, login_table
from vendors.models import Product, Trader, TraderStatus
from vendors.services.products import derived_factor

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


README = Path(__file__).resolve().parents[2] / "README.md"


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out, **options)
    return out.getvalue()


def test_seeding_twice_changes_no_row_count():
    seed()
    first = row_counts()
    seed()
    assert row_counts() == first


def test_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Region.objects.exists()

    seed()
    assert Region.objects.count() == 2


def test_prints_the_demo_logins_the_readme_lists():
    output = seed()

    for login in DEMO_LOGINS:
        assert local_form(login["phone"]) in output
    assert login_table() in output
    assert login_table() in README.read_text(encoding="utf-8"), (
        "README.md's demo logins are out of date: paste the table seed_demo prints"
    )


def test_the_readme_lists_the_applicants_numbers_and_who_has_no_app():
    output = seed()
    readme = README.read_text(encoding="utf-8")

    for _market, _number, owner, _stall, phone_suffix, _goods in PENDING_STALLS:
        assert f"| {owner} " in readme and f"| 0812000{phone_suffix:05d} |" in readme, owner
    [karsih] = traders_without_an_app()
    assert karsih.startswith("Karsih (Sayur Mbah Karsih, stall A-03, Pasar Batang) has no phone app")
    assert "Sri Wahyuni" in karsih
    assert karsih in output
    assert karsih in readme


def test_every_stall_applied_with_its_goods():
    seed()

    pending = Trader.objects.filter(status=TraderStatus.PENDING).prefetch_related("categories")
    goods = {stall.stall_name: {category.name for category in stall.categories.all()} for stall in pending}
    assert goods == {
        "Kue dan Jajan Pasar Yuli": {"Kue dan jajanan pasar"},
        "Kelontong Rahmat": {"Sembako", "Telur"},
        "Canang dan Bunga Sekar": {"Bunga dan canang", "Buah"},
    }
    slamet = Trader.objects.get(stall_number="A-02", market__slug="pasar-batang")
    assert set(slamet.categories.values_list("slug", flat=True)) == {"bumbu"}


def test_every_approved_application_carries_the_approval_of_its_regions_staff():
    seed()
    approved = Application.objects.filter(status=ApplicationStatus.APPROVED).prefetch_related("decisions")
    assert approved.count() >= 30
    for application in approved:
        [decision] = application.decisions.all()
        assert decision.action == "approve"
        assert decision.actor.staff_assignments.filter(region=application.region).exists()


def test_seeds_the_programmes_markets_and_enough_approved_traders():
    seed()
    assert set(Region.objects.values_list("name", "timezone")) == {
        ("Kabupaten Batang", "Asia/Jakarta"),
        ("Kabupaten Karangasem", "Asia/Makassar"),
    }
    karangasem_markets = set(
        Market.objects.filter(region__slug="kabupaten-karangasem").values_list("name", flat=True)
    )
    assert {"Pasar Amlapura Barat", "Pasar Amlapura Timur", "Pasar Subagan"} <= karangasem_markets
    assert Market.objects.filter(region__slug="kabupaten-batang").exists()
    assert Trader.objects.filter(status=TraderStatus.ACTIVE, application__status="approved").count() >= 30
    assert Application.objects.filter(status=ApplicationStatus.PENDING, kind="trader").exists()
    assert Application.objects.filter(status=ApplicationStatus.PENDING, kind="courier").exists()
    assert Trader.objects.filter(user__isnull=True, group__coordinator__isnull=False).exists()
    assert Region.objects.get(slug="kabupaten-batang").tariff_per_km == 2500


def test_every_demo_account_has_a_verified_fake_number():
    seed()
    for login in DEMO_LOGINS:
        user = User.objects.get(phone=login["phone"])
        assert user.phone_verified
        assert user.check_password(login["password"])
        assert str(user.phone).startswith("+62812000")


def test_staples_are_priced_in_whole_rupiah_per_realistic_unit():
    seed()
    rice = Product.objects.get(name="Beras medium", trader__stall_number="B-01")
    assert (rice.unit, rice.price, rice.commodity.slug) == ("kg", 13500, "beras-medium")
    kangkung = Product.objects.filter(name="Kangkung").first()
    assert kangkung.unit == "ikat"
    assert not Product.objects.filter(price__lt=500).exists()


def test_seeded_factors_are_the_ones_the_product_services_derive():
    seed()
    for product in Product.objects.exclude(commodity=None).select_related("commodity"):
        derived = derived_factor(product.unit, product.commodity.standard_unit)
        assert derived is None or product.commodity_factor == derived, product.name

    # The one table of weights: grams of a staple priced per ons are hundredths, not thousandths.
    seeder = DemoSeeder()
    seeder.commodities = {"cengkeh": Commodity(slug="cengkeh", standard_unit="ons")}
    assert seeder._commodity_factor("gram", "cengkeh", None) == Decimal("0.01")
    assert seeder._commodity_factor("ikat", "cengkeh", "2") == Decimal("2")


def test_some_demo_products_have_real_photos_and_thumbnails_and_keep_them_on_a_second_seed(client):
    seed()
    photographed = Product.objects.exclude(photo="").exclude(photo__isnull=True)
    files = {product.name: (product.photo.name, product.thumbnail.name) for product in photographed}
    seed()

    assert set(files) == {name for _number, name, _colour, _shape in DEMO_PHOTOS}
    chili = photographed.get(name="Cabai rawit merah")
    assert (chili.photo_width, chili.photo_height, chili.thumbnail_width, chili.thumbnail_height) == (
        640,
        480,
        320,
        240,
    )
    with chili.thumbnail.open() as thumbnail:
        assert Image.open(thumbnail).format == "JPEG"
    again = Product.objects.exclude(photo="").exclude(photo__isnull=True)
    assert {product.name: (product.photo.name, product.thumbnail.name) for product in again} == files
    stall = client.get(reverse("vendors:stall_detail", args=[chili.trader_id])).content.decode()
    assert f'src="{chili.thumbnail.url}"' in stall


def test_demo_products_without_a_photo_show_their_staples_or_categorys_illustration(client):
    seed()
    garlic = Product.objects.filter(name="Bawang putih").select_related("commodity", "category").first()
    ginger = Product.objects.filter(name="Jahe").select_related("commodity", "category").first()

    assert garlic.illustration.path == "img/illustrations/garlic.svg"
    assert ginger.illustration.path == "img/illustrations/hot-pepper.svg"  # Cabai dan bumbu's
    page = client.get(reverse("vendors:product_detail", args=[garlic.pk])).content.decode()
    assert 'src="/static/img/illustrations/garlic.svg"' in page


def test_every_demo_market_has_delivery_windows_batangs_as_its_app_offered():
    seed()

    batang = Market.objects.get(slug="pasar-batang")
    starts = [f"{window.starts:%H.%M}" for window in batang.delivery_windows.all()]
    assert starts == ["07.00", "09.00", "11.00", "13.00"]
    assert not Market.objects.filter(delivery_windows__isnull=True).exists()
