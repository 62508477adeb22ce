"""Applying to sell, from the page to the trade office's decision and what shoppers then see."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from market.models import Application
from market.services import application_reject, application_suspend
from tests.factories import (
    CategoryFactory,
    MarketFactory,
    ProductFactory,
    RegionFactory,
    RegionStaffFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
    photo_upload,
)
from vendors.errors import VendorError
from vendors.models import Product, Trader
from vendors.services.applications import trader_application_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    return MarketFactory(region=RegionFactory(name="Kabupaten Batang"), name="Pasar Batang")


@pytest.fixture
def staff(market):
    return RegionStaffFactory(region=market.region).user


@pytest.fixture
def sayur():
    return CategoryFactory(name="Sayur", slug="sayur")


def form_data(market_, category, **changes):
    data = {
        "market": market_.pk,
        "stall_number": "B-12",
        "stall_name": "Sayur Bu Tini",
        "group": "",
        "whatsapp": "0812-3456-7890",
        "categories": [category.pk],
        "description": "Sayur segar tiap pagi",
    }
    return {**data, **changes}


def submit(user, market, category, **changes):
    fields = {
        "stall_number": "B-12",
        "stall_name": "Sayur Bu Tini",
        "whatsapp": "+6281234567890",
        "categories": [category],
        **changes,
    }
    return trader_application_submit(user=user, market=market, **fields)


def test_submitting_creates_a_pending_application_and_stall_for_the_markets_region(market, sayur):
    user = UserFactory(name="Tini")
    group = TraderGroupFactory(market=market)

    stall = submit(user, market, sayur, group=group, description="Sayur segar")

    assert (stall.status, stall.user, stall.group, stall.owner_name) == ("pending", user, group, "Tini")
    assert list(stall.categories.all()) == [sayur]
    application = stall.application
    assert (application.kind, application.status, application.region) == ("trader", "pending", market.region)
    assert (application.applicant, application.submitted_by) == (user, user)


def test_a_second_open_application_in_the_same_market_is_refused(market, sayur):
    user = UserFactory()
    submit(user, market, sayur)

    with pytest.raises(VendorError) as refused:
        submit(user, market, sayur, stall_number="B-13")

    assert refused.value.code == "already_applied"
    assert (Trader.objects.count(), Application.objects.count()) == (1, 1)


def test_the_same_user_may_apply_in_another_market(market, sayur):
    user = UserFactory()
    submit(user, market, sayur)

    submit(user, MarketFactory(region=market.region), sayur)

    assert Trader.objects.filter(user=user).count() == 2


def test_a_group_of_another_market_is_refused(market, sayur):
    with pytest.raises(VendorError):
        submit(UserFactory(), market, sayur, group=TraderGroupFactory())

    assert Trader.objects.count() == 0


def test_the_apply_page_sends_an_application(client, market, sayur):
    user = UserFactory(phone="+6281234567890")
    client.force_login(user)

    page = client.get(reverse("vendors:apply"))
    assert page.status_code == 200
    assert page.context["form"]["whatsapp"].value() == "081234567890"

    response = client.post(reverse("vendors:apply"), form_data(market, sayur))

    assert response.status_code == 302
    stall = Trader.objects.get(user=user)
    assert (str(stall.whatsapp), stall.status, stall.stall_number) == ("+6281234567890", "pending", "B-12")
    assert "Sayur Bu Tini" in client.get(response.url).text


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"whatsapp": "12345"}, "whatsapp"),
        ({"stall_number": ""}, "stall_number"),
        ({"categories": []}, "categories"),
        ({"market": ""}, "market"),
        ({"group": "999999"}, "group"),
    ],
)
def test_bad_input_shows_a_message_and_saves_nothing(client, market, sayur, changes, field):
    client.force_login(UserFactory())

    response = client.post(reverse("vendors:apply"), form_data(market, sayur, **changes))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Trader.objects.count() == 0


def test_a_second_application_from_the_page_says_why(client, market, sayur):
    user = UserFactory()
    submit(user, market, sayur)
    client.force_login(user)

    response = client.post(reverse("vendors:apply"), form_data(market, sayur, stall_number="B-14"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Trader.objects.count() == 1


def stored_stall_files() -> list[str]:
    folders, files = default_storage.listdir("stalls") if default_storage.exists("stalls") else ([], [])
    thumbs = default_storage.listdir("stalls/thumbs")[1] if "thumbs" in folders else []
    return files + thumbs


def test_a_stall_photo_is_stored_resized_and_shown_to_staff_then_to_shoppers(client, market, staff, sayur):
    client.force_login(UserFactory())

    response = client.post(
        reverse("vendors:apply"), form_data(market, sayur, photo=photo_upload("PNG", size=(2000, 1500)))
    )

    assert response.status_code == 302
    stall = Trader.objects.get()
    assert (stall.photo_width, stall.photo_height) == (1024, 768)
    assert (stall.thumbnail_width, stall.thumbnail_height) == (320, 240)
    assert stall.photo.name.startswith("stalls/") and stall.photo.name.endswith(".jpg")
    assert "foto" not in stall.photo.name  # a generated name, not the uploader's
    assert default_storage.exists(stall.thumbnail.name)
    thumbnail = f'<img src="{stall.thumbnail.url}" width="320" height="240"'

    client.force_login(staff)
    review_page = client.get(reverse("market:review_detail", args=[stall.application_id])).text
    assert thumbnail in review_page and 'loading="lazy"' in review_page
    client.post(reverse("market:review_decide", args=[stall.application_id, "approve"]))

    assert thumbnail in client.get(reverse("vendors:stall_detail", args=[stall.pk])).text


def test_a_stall_without_a_photo_shows_none(client, market, sayur):
    stall = TraderFactory(market=market)

    page = client.get(reverse("vendors:stall_detail", args=[stall.pk])).text

    assert "<img" not in page.split("<main", 1)[1]


def test_a_non_image_renamed_jpg_is_refused_with_a_message_and_nothing_is_saved(client, market, sayur):
    client.force_login(UserFactory())
    script = SimpleUploadedFile("lapak.jpg", b"#!/bin/sh\nrm -rf /\n", content_type="image/jpeg")

    response = client.post(reverse("vendors:apply"), form_data(market, sayur, photo=script))

    assert response.status_code == 200
    assert "bukan foto JPEG, PNG, atau WebP" in " ".join(response.context["form"].errors["photo"])
    assert "bukan foto JPEG, PNG, atau WebP" in response.text
    assert (Application.objects.count(), Trader.objects.count()) == (0, 0)


def test_a_refused_application_leaves_no_photo_behind(market, sayur):
    user = UserFactory()
    submit(user, market, sayur)
    files_before = stored_stall_files()

    with pytest.raises(VendorError):
        submit(user, market, sayur, stall_number="B-13", photo=photo_upload())

    assert stored_stall_files() == files_before
    assert not Trader.objects.get().photo


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("vendors:apply"))

    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_application_then_approval_puts_the_stall_on_its_market_page_and_in_the_catalogue(
    client, market, staff, sayur
):
    applicant = UserFactory()
    client.force_login(applicant)
    client.post(reverse("vendors:apply"), form_data(market, sayur))
    stall = Trader.objects.get(user=applicant)
    market_page = reverse("vendors:market_detail", args=[market.slug])
    assert "Sayur Bu Tini" not in client.get(market_page).text

    client.force_login(staff)
    client.post(reverse("market:review_decide", args=[stall.application_id, "approve"]))
    client.force_login(applicant)
    ProductFactory(trader=stall, name="Bayam hijau")

    assert "Sayur Bu Tini" in client.get(market_page).text
    assert [row["name"] for row in client.get("/api/v1/products/").json()["results"]] == ["Bayam hijau"]
    inbox = client.get(reverse("notifications:inbox"))
    assert str(stall.application_id) in inbox.text


def test_a_rejected_applicant_reads_the_reason_and_may_apply_again(client, market, staff, sayur):
    applicant = UserFactory()
    stall = submit(applicant, market, sayur)
    application_reject(application_id=stall.application_id, actor=staff, reason="Nomor los salah")
    client.force_login(applicant)

    assert "Nomor los salah" in client.get(reverse("vendors:apply")).text
    response = client.post(reverse("vendors:apply"), form_data(market, sayur, stall_number="B-21"))

    assert response.status_code == 302
    statuses = Trader.objects.filter(user=applicant).order_by("pk").values_list("status", flat=True)
    assert list(statuses) == ["rejected", "pending"]


def test_suspension_takes_the_stall_and_its_products_out_of_browsing_search_and_the_api(
    client, market, staff
):
    stall = TraderFactory(market=market, stall_name="Bumbu Pak Slamet")
    product = ProductFactory(trader=stall, name="Kunyit segar")
    other = ProductFactory(trader=TraderFactory(market=market), name="Kunyit bubuk")
    market_page = reverse("vendors:market_detail", args=[market.slug])
    assert "Bumbu Pak Slamet" in client.get(market_page).text

    application_suspend(application_id=stall.application_id, actor=staff, reason="Keluhan pembeli")

    assert list(Product.objects.on_sale()) == [other]
    page = client.get(market_page).text
    assert "Bumbu Pak Slamet" not in page and "Kunyit segar" not in page
    assert client.get(reverse("vendors:stall_detail", args=[stall.pk])).status_code == 404
    search = client.get(reverse("vendors:product_list"), {"q": "kunyit"})
    assert list(search.context["page"]) == [other]
    api = client.get("/api/v1/products/", {"search": "kunyit"}).json()["results"]
    assert [row["id"] for row in api] == [other.pk]
    assert client.get(f"/api/v1/products/{product.pk}/").status_code == 404
    assert client.get(f"/api/v1/stalls/{stall.pk}/").status_code == 404


def test_an_upload_over_the_limit_shows_a_page_that_says_so(client, market, sayur):
    client.force_login(UserFactory())
    data = form_data(market, sayur, photo=photo_upload("JPEG"))

    response = client.post(
        reverse("vendors:apply"),
        data,
        CONTENT_LENGTH="7000000",
        HTTP_REFERER="http://testserver/saya/buka-lapak/",
    )

    assert response.status_code == 413
    assert "terlalu besar" in response.text
    assert 'href="http://testserver/saya/buka-lapak/"' in response.text
    assert Trader.objects.count() == 0
