"""staff/traders/, trader/members/ and trader/stall-claims/: assisted registration in the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from market.models import Decision
from tests.factories import (
    CategoryFactory,
    MarketFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
)
from vendors.models import StallClaim, Trader
from vendors.services.registration import trader_register

pytestmark = pytest.mark.django_db

STAFF_TRADERS = "/api/v1/staff/traders/"
MEMBERS = "/api/v1/trader/members/"
CLAIMS = "/api/v1/trader/stall-claims/"
NUMBER = "+6281399990001"


def body(**changes):
    CategoryFactory(slug="bumbu")
    data = {
        "owner_name": "Mbah Karsih",
        "stall_name": "Bumbu Mbah Karsih",
        "stall_number": "C-07",
        "whatsapp": "0813 9999 0001",
        "categories": ["bumbu"],
    }
    return {**data, **changes}


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_staff_register_a_trader_approved_at_once(client, market, staff, group):
    client.force_login(staff)

    response = post(client, STAFF_TRADERS, body(market=market.slug, group=group.pk))

    assert response.status_code == 201
    created = response.json()
    assert (created["status"], created["has_account"], created["group"]) == ("active", False, group.pk)
    assert Decision.objects.get(application_id=created["application"]).actor == staff
    assert created["id"] in [stall["id"] for stall in client.get(STAFF_TRADERS).json()["results"]]


def test_staff_may_register_only_in_markets_of_their_regions(client, staff):
    client.force_login(staff)

    response = post(client, STAFF_TRADERS, body(market=MarketFactory().slug))

    assert response.status_code == 400 and "market" in response.json()
    assert not Trader.objects.filter(stall_number="C-07").exists()


def test_bad_fields_answer_per_field(client, market, staff):
    client.force_login(staff)

    response = post(client, STAFF_TRADERS, body(market=market.slug, whatsapp="12", owner_name=""))

    assert response.status_code == 400
    assert set(response.json()) == {"whatsapp", "owner_name"}


def test_staff_suspend_and_reinstate_a_stall_with_a_reason(client, market, staff):
    stall = TraderFactory(market=market)
    client.force_login(staff)

    no_reason = post(client, f"{STAFF_TRADERS}{stall.pk}/suspend/")
    suspended = post(client, f"{STAFF_TRADERS}{stall.pk}/suspend/", {"reason": "Timbangan tidak ditera"})
    again = post(client, f"{STAFF_TRADERS}{stall.pk}/suspend/", {"reason": "lagi"})
    reinstated = post(client, f"{STAFF_TRADERS}{stall.pk}/reinstate/", {"reason": "Sudah ditera"})

    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    assert (suspended.status_code, suspended.json()["status"]) == (200, "suspended")
    assert again.status_code == 409
    assert (reinstated.status_code, reinstated.json()["status"]) == (200, "active")


def test_another_regions_stall_is_not_found_and_non_staff_are_forbidden(client, market, staff):
    elsewhere = TraderFactory()
    client.force_login(staff)

    assert post(client, f"{STAFF_TRADERS}{elsewhere.pk}/suspend/", {"reason": "x"}).status_code == 404
    client.force_login(UserFactory())
    assert client.get(STAFF_TRADERS).status_code == 403
    elsewhere.refresh_from_db()
    assert elsewhere.status == "active"


def test_a_coordinator_registers_a_member_who_waits_for_review(client, market, group):
    client.force_login(group.coordinator.user)

    response = post(client, MEMBERS, body(group=group.pk))

    assert response.status_code == 201
    assert (response.json()["status"], response.json()["market"]) == ("pending", market.slug)
    assert response.json()["id"] in [member["id"] for member in client.get(MEMBERS).json()["results"]]


def test_a_coordinator_may_register_only_into_their_groups(client, market, group):
    client.force_login(group.coordinator.user)

    response = post(client, MEMBERS, body(group=TraderGroupFactory(market=market).pk))

    assert response.status_code == 400 and "group" in response.json()


def test_someone_coordinating_no_group_is_forbidden(client, market):
    client.force_login(TraderFactory(market=market).user)

    assert post(client, MEMBERS, body()).status_code == 403


def test_the_numbers_owner_links_the_stall_with_the_code(
    client, market, staff, whatsapp_codes, django_capture_on_commit_callbacks
):
    owner = UserFactory(phone=NUMBER)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        created = post(client, STAFF_TRADERS, body(market=market.slug)).json()
    assert created["awaiting_code"] is True

    client.force_login(owner)
    [claim] = client.get(CLAIMS).json()["results"]
    wrong = post(client, f"{CLAIMS}{claim['id']}/confirm/", {"code": "00000"})
    linked = post(client, f"{CLAIMS}{claim['id']}/confirm/", {"code": whatsapp_codes(NUMBER)})

    assert wrong.status_code == 400 and "code" in wrong.json()
    assert (linked.status_code, linked.json()["has_account"]) == (200, True)
    assert Trader.objects.get(pk=created["id"]).user == owner
    assert client.get(CLAIMS).json()["results"] == []


def test_a_wrong_code_answers_with_its_code_and_a_stranger_gets_404(
    client, market, staff, whatsapp_codes, django_capture_on_commit_callbacks
):
    UserFactory(phone=NUMBER)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, STAFF_TRADERS, body(market=market.slug))
    claim = StallClaim.objects.get()
    wrong_code = f"{(int(whatsapp_codes(NUMBER)) + 1) % 1_000_000:06d}"

    wrong = post(client, f"{CLAIMS}{claim.pk}/confirm/", {"code": wrong_code})
    client.force_login(UserFactory())
    stranger = post(client, f"{CLAIMS}{claim.pk}/confirm/", {"code": whatsapp_codes(NUMBER)})

    assert (wrong.status_code, wrong.json()["code"]) == (400, "wrong_code")
    assert stranger.status_code == 404
    assert Trader.objects.get(pk=claim.trader_id).user is None


@pytest.mark.parametrize("url", [STAFF_TRADERS, MEMBERS, CLAIMS])
def test_the_lists_cost_the_same_queries_for_one_and_five_stalls(client, market, staff, group, url):
    client.force_login(group.coordinator.user if url == MEMBERS else staff)
    categories = [CategoryFactory(), CategoryFactory()]

    def queries_with(stalls: int) -> int:
        while StallClaim.objects.count() < stalls:
            number = StallClaim.objects.count()
            phone = f"+628139999{number:04d}"
            UserFactory(phone=phone)
            fields = body(stall_number=f"D-{number}", whatsapp=phone, categories=categories)
            trader_register(actor=staff, market=market, group=group, **fields)
        with CaptureQueriesContext(connection) as queries:
            listed = client.get(url).json()["results"]
        assert len(listed) >= stalls
        return len(queries)

    assert queries_with(1) == queries_with(5)
