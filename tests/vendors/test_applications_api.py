"""/api/v1/trader/applications/: apply to sell and follow one's own applications."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from market.models import Application
from market.services import application_reject
from tests.factories import (
    CategoryFactory,
    MarketFactory,
    RegionStaffFactory,
    TraderGroupFactory,
    UserFactory,
    photo_upload,
)
from vendors.models import Trader

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/trader/applications/"


@pytest.fixture
def market():
    return MarketFactory(name="Pasar Batang")


def body(market_, **changes):
    CategoryFactory(slug="sayur")
    data = {
        "market": market_.slug,
        "stall_number": "B-12",
        "stall_name": "Sayur Bu Tini",
        "whatsapp": "0812 3456 7890",
        "categories": ["sayur"],
    }
    return {**data, **changes}


def test_applying_creates_a_pending_application(client, market):
    user = UserFactory()
    client.force_login(user)

    response = client.post(APPLICATIONS, body(market), content_type="application/json")

    assert response.status_code == 201
    created = response.json()
    assert (created["status"], created["market"], created["whatsapp"]) == (
        "pending",
        market.slug,
        "+6281234567890",
    )
    stall = Trader.objects.get(user=user)
    assert (created["id"], created["stall"]) == (stall.application_id, stall.pk)


def test_the_list_holds_the_callers_own_applications_with_the_reasons(client, market):
    user = UserFactory()
    client.force_login(user)
    first = client.post(APPLICATIONS, body(market), content_type="application/json").json()
    staff = RegionStaffFactory(region=market.region).user
    application_reject(application_id=first["id"], actor=staff, reason="Nomor los salah")
    client.force_login(UserFactory())
    client.post(APPLICATIONS, body(market), content_type="application/json")
    client.force_login(user)

    again = client.post(APPLICATIONS, body(market, stall_number="B-21"), content_type="application/json")
    rows = client.get(APPLICATIONS).json()["results"]

    assert again.status_code == 201
    assert [row["status"] for row in rows] == ["pending", "rejected"]
    assert rows[1]["decisions"][0]["reason"] == "Nomor los salah"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"whatsapp": "021 555 1234"}, "whatsapp"),
        ({"categories": []}, "categories"),
        ({"market": "tidak-ada"}, "market"),
        ({"stall_number": ""}, "stall_number"),
    ],
)
def test_bad_input_answers_per_field_and_saves_nothing(client, market, changes, field):
    client.force_login(UserFactory())

    response = client.post(APPLICATIONS, body(market, **changes), content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()
    assert Trader.objects.count() == 0


def test_a_group_of_another_market_is_refused(client, market):
    client.force_login(UserFactory())

    response = client.post(
        APPLICATIONS, body(market, group=TraderGroupFactory().pk), content_type="application/json"
    )

    assert response.status_code == 400
    assert "group" in response.json()


def test_a_second_open_application_is_refused(client, market):
    client.force_login(UserFactory())
    client.post(APPLICATIONS, body(market), content_type="application/json")

    response = client.post(APPLICATIONS, body(market, stall_number="B-13"), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "already_applied"
    assert Trader.objects.count() == 1


def test_anonymous_callers_must_sign_in(client, market):
    assert client.get(APPLICATIONS).status_code == 401
    assert client.post(APPLICATIONS, body(market), content_type="application/json").status_code == 401


def test_an_application_sent_as_multipart_carries_a_resized_stall_photo(client, market):
    client.force_login(UserFactory())

    response = client.post(APPLICATIONS, body(market, photo=photo_upload("WEBP", size=(3000, 1500))))

    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["photo_width"], created["photo_height"]) == (1024, 512)
    assert (created["thumbnail_width"], created["thumbnail_height"]) == (320, 160)
    stall = Trader.objects.get()
    assert created["thumbnail"].endswith(stall.thumbnail.url)
    assert stall.photo.name.endswith(".jpg")


def test_a_non_image_renamed_jpg_answers_on_the_photo_field_and_saves_nothing(client, market):
    client.force_login(UserFactory())
    script = SimpleUploadedFile("lapak.jpg", b"#!/bin/sh\nrm -rf /\n", content_type="image/jpeg")

    response = client.post(APPLICATIONS, body(market, photo=script))

    assert response.status_code == 400
    assert list(response.json()) == ["photo"]
    assert "bukan foto JPEG, PNG, atau WebP" in response.json()["photo"][0]
    assert (Application.objects.count(), Trader.objects.count()) == (0, 0)


def test_a_repeat_application_with_a_photo_is_answered_before_the_photo_is_decoded(
    client, market, monkeypatch
):
    client.force_login(UserFactory())
    client.post(APPLICATIONS, body(market), content_type="application/json")
    monkeypatch.setattr(
        "vendors.services.applications.process_photo",
        lambda photo: pytest.fail("decoded the photo of a repeat"),
    )

    response = client.post(APPLICATIONS, body(market, stall_number="B-13", photo=photo_upload("PNG")))

    assert response.status_code == 400
    assert response.json()["code"] == "already_applied"


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, market):
    client.force_login(UserFactory())

    # The declared length alone decides: the few bytes actually sent are never parsed.
    response = client.post(APPLICATIONS, body(market, photo=photo_upload("PNG")), CONTENT_LENGTH="7000000")

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "6 MB" in response.json()["detail"]
    assert Trader.objects.count() == 0
