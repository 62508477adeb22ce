"""/api/v1/staff/groups/: the trade office's trader groups for app clients, scoped as the pages are."""

import pytest

from notifications.models import Notification
from tests.factories import (
    MarketFactory,
    RegionStaffFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
    coordinated_group,
)
from vendors.models import TraderGroup, TraderStatus
from vendors.permissions import can_act_for

pytestmark = pytest.mark.django_db

GROUPS = "/api/v1/staff/groups/"


@pytest.fixture
def group(batang):
    """Kelompok Mawar of Pasar Batang: coordinator Sri, member Slamet."""
    group = coordinated_group(batang)
    group.name = "Kelompok Mawar"
    group.save(update_fields=["name"])
    return group


def member(group, owner_name):
    return group.members.get(owner_name=owner_name)


def patch(client, group, body):
    return client.patch(f"{GROUPS}{group.pk}/", body, content_type="application/json")


def add(client, group, trader):
    return client.post(f"{GROUPS}{group.pk}/members/", {"trader": trader.pk}, content_type="application/json")


def test_the_list_holds_the_callers_regions_with_coordinator_and_counts(staff_client, group, amlapura):
    TraderGroupFactory(market=amlapura, name="Kelompok Canang")
    other_market = MarketFactory(region=group.market.region, slug="pasar-batang-baru")
    TraderGroupFactory(market=other_market, name="Kelompok Baru")

    everything = staff_client.get(GROUPS).json()["results"]
    one_market = staff_client.get(GROUPS, {"market": "pasar-batang"}).json()["results"]

    assert {row["name"] for row in everything} == {"Kelompok Mawar", "Kelompok Baru"}
    assert [row["name"] for row in one_market] == ["Kelompok Mawar"]
    assert one_market[0]["coordinator"]["owner_name"] == "Sri"
    assert (one_market[0]["member_count"], one_market[0]["active_count"]) == (2, 2)
    assert staff_client.get(GROUPS, {"market": amlapura.slug}).status_code == 400


def test_a_group_is_created_and_a_taken_name_is_refused_per_field(staff_client, group):
    created = staff_client.post(
        GROUPS,
        {"market": "pasar-batang", "name": "Kelompok 3 — sayur dan bumbu"},
        content_type="application/json",
    )
    taken = staff_client.post(
        GROUPS, {"market": "pasar-batang", "name": "kelompok mawar"}, content_type="application/json"
    )
    blank = staff_client.post(
        GROUPS, {"market": "pasar-batang", "name": " "}, content_type="application/json"
    )

    assert created.status_code == 201
    assert created.json()["coordinator"] is None and created.json()["members"] == []
    assert taken.status_code == 400
    assert taken.json() == {"name": ["Pasar Batang sudah punya kelompok bernama “Kelompok Mawar”."]}
    assert blank.status_code == 400 and list(blank.json()) == ["name"]
    assert TraderGroup.objects.count() == 2


def test_a_market_of_another_region_is_refused(staff_client, amlapura):
    response = staff_client.post(
        GROUPS, {"market": amlapura.slug, "name": "Kelompok Canang"}, content_type="application/json"
    )

    assert response.status_code == 400 and list(response.json()) == ["market"]
    assert not TraderGroup.objects.exists()


def test_a_group_shows_its_coordinator_and_members(staff_client, group):
    TraderFactory(market=group.market, group=group, status=TraderStatus.REJECTED)

    body = staff_client.get(f"{GROUPS}{group.pk}/").json()

    assert body["coordinator"]["owner_name"] == "Sri"
    assert {(row["owner_name"], row["status"]) for row in body["members"]} == {
        ("Sri", "active"),
        ("Slamet", "active"),
    }


def test_patch_renames_and_appoints_an_active_member(staff_client, group):
    slamet = member(group, "Slamet")

    response = patch(staff_client, group, {"name": "Kelompok Mawar Merah", "coordinator": slamet.pk})

    assert response.status_code == 200
    assert response.json()["name"] == "Kelompok Mawar Merah"
    assert response.json()["coordinator"]["id"] == slamet.pk
    assert can_act_for(slamet.user, member(group, "Sri"))


@pytest.mark.parametrize("who", ["suspended", "pending", "other group"])
def test_patch_refuses_a_coordinator_who_is_not_an_active_member_and_changes_nothing(
    staff_client, group, who
):
    if who == "other group":
        stall = TraderFactory(market=group.market, group=TraderGroupFactory(market=group.market))
    else:
        stall = TraderFactory(market=group.market, group=group, status=who)

    response = patch(staff_client, group, {"name": "Kelompok Baru", "coordinator": stall.pk})

    assert response.status_code == 400
    assert list(response.json()) == ["coordinator"]
    group.refresh_from_db()
    assert (group.name, group.coordinator.owner_name) == ("Kelompok Mawar", "Sri")


def test_patch_null_clears_the_coordinator(staff_client, group):
    response = patch(staff_client, group, {"coordinator": None})

    assert response.status_code == 200 and response.json()["coordinator"] is None
    assert not can_act_for(member(group, "Sri").user, member(group, "Slamet"))


def test_adding_the_coordinator_elsewhere_leaves_the_group_without_one_and_tells_staff(staff_client, group):
    colleague = RegionStaffFactory(region=group.market.region).user
    sri = member(group, "Sri")
    other = TraderGroupFactory(market=group.market, name="Kelompok Melati")

    response = add(staff_client, other, sri)

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["members"]] == [sri.pk]
    assert staff_client.get(f"{GROUPS}{group.pk}/").json()["coordinator"] is None
    assert not can_act_for(sri.user, member(group, "Slamet"))
    assert set(
        Notification.objects.filter(event="group.coordinator_lost").values_list("user", flat=True)
    ) == {colleague.pk}


def test_a_stall_of_another_market_is_refused_per_field(staff_client, group):
    stranger = TraderFactory(market=MarketFactory(region=group.market.region))

    response = add(staff_client, group, stranger)

    assert response.status_code == 400
    assert response.json() == {"trader": ["Lapak hanya bisa masuk kelompok di pasarnya sendiri."]}
    stranger.refresh_from_db()
    assert stranger.group is None


def test_a_member_is_taken_out_of_the_group(staff_client, group):
    slamet = member(group, "Slamet")

    response = staff_client.delete(f"{GROUPS}{group.pk}/members/{slamet.pk}/")
    again = staff_client.delete(f"{GROUPS}{group.pk}/members/{slamet.pk}/")

    assert response.status_code == 200
    assert [row["owner_name"] for row in response.json()["members"]] == ["Sri"]
    assert again.status_code == 404
    slamet.refresh_from_db()
    assert slamet.group is None


def test_another_regions_group_or_stall_answers_404(staff_client, group, amlapura):
    theirs = coordinated_group(amlapura)
    their_stall = theirs.members.first()

    assert staff_client.get(f"{GROUPS}{theirs.pk}/").status_code == 404
    assert patch(staff_client, theirs, {"name": "Kelompok Baru"}).status_code == 404
    assert add(staff_client, theirs, member(group, "Slamet")).status_code == 404
    assert add(staff_client, group, their_stall).status_code == 404
    assert staff_client.delete(f"{GROUPS}{theirs.pk}/members/{their_stall.pk}/").status_code == 404
    theirs.refresh_from_db()
    their_stall.refresh_from_db()
    assert theirs.name != "Kelompok Baru" and their_stall.group == theirs


def test_callers_who_are_not_staff_get_403(client, group):
    client.force_login(member(group, "Sri").user)

    assert client.get(GROUPS).status_code == 403
    assert client.get(f"{GROUPS}{group.pk}/").status_code == 403
    assert patch(client, group, {"coordinator": None}).status_code == 403
    client.force_login(UserFactory())
    assert add(client, group, member(group, "Slamet")).status_code == 403
    assert TraderGroup.objects.get(pk=group.pk).coordinator is not None
