"""Trader groups run by the trade office: the services and the staff pages."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from market.services import application_suspend
from notifications.models import Channel, Notification
from tests.factories import (
    MarketFactory,
    RegionStaffFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
    coordinated_group,
)
from vendors.errors import VendorError
from vendors.models import TraderGroup, TraderStatus
from vendors.permissions import can_act_for
from vendors.selectors import group_list_for_staff
from vendors.services import groups

pytestmark = pytest.mark.django_db

LOST = "group.coordinator_lost"


@pytest.fixture
def staff(batang):
    return RegionStaffFactory(region=batang.region, user__name="Retno").user


@pytest.fixture
def colleague(batang):
    """Another staff member of the same region: the one told when a group loses its coordinator."""
    return RegionStaffFactory(region=batang.region, user__name="Agus").user


@pytest.fixture
def group(batang):
    """Kelompok Mawar of Pasar Batang: coordinator Sri, member Slamet."""
    group = coordinated_group(batang)
    group.name = "Kelompok Mawar"
    group.save(update_fields=["name"])
    return group


def coordinator_of(group):
    return TraderGroup.objects.get(pk=group.pk).coordinator


def member_of(group, owner_name):
    return group.members.get(owner_name=owner_name)


def lost_notices():
    return Notification.objects.filter(event=LOST)


# --- Services ---------------------------------------------------------------------------------------


def test_staff_create_a_group_of_their_market_with_a_trimmed_name(staff, batang):
    group = groups.group_create(actor=staff, market=batang, name="  Kelompok 3 — sayur dan bumbu ")

    assert group.market == batang
    assert group.name == "Kelompok 3 — sayur dan bumbu"
    assert group.coordinator is None


@pytest.mark.parametrize("name", ["Kelompok Mawar", "kelompok mawar", " KELOMPOK MAWAR "])
def test_a_name_the_market_already_has_is_refused_with_a_message(staff, group, name):
    with pytest.raises(ValidationError) as refused:
        groups.group_create(actor=staff, market=group.market, name=name)

    assert refused.value.message_dict == {
        "name": ["Pasar Batang sudah punya kelompok bernama “Kelompok Mawar”."]
    }
    assert TraderGroup.objects.count() == 1


def test_another_market_may_use_the_same_name(staff, group):
    other_market = MarketFactory(region=group.market.region)

    assert groups.group_create(actor=staff, market=other_market, name="Kelompok Mawar").pk


def test_a_blank_or_too_long_name_is_refused(staff, batang):
    for name in ["   ", "x" * 151]:
        with pytest.raises(ValidationError) as refused:
            groups.group_create(actor=staff, market=batang, name=name)
        assert list(refused.value.message_dict) == ["name"]
    assert not TraderGroup.objects.exists()


def test_rename_checks_the_name_like_create(staff, group):
    TraderGroupFactory(market=group.market, name="Kelompok Melati")

    with pytest.raises(ValidationError):
        groups.group_rename(actor=staff, group_id=group.pk, name="kelompok melati")
    renamed = groups.group_rename(actor=staff, group_id=group.pk, name="Kelompok Mawar Merah")

    assert renamed.name == TraderGroup.objects.get(pk=group.pk).name == "Kelompok Mawar Merah"


def test_appointing_an_active_member_lets_them_act_for_every_member(staff, group):
    slamet = member_of(group, "Slamet")
    sri = coordinator_of(group)

    groups.group_set_coordinator(actor=staff, group_id=group.pk, trader_id=slamet.pk)

    assert coordinator_of(group) == slamet
    assert can_act_for(slamet.user, sri)
    assert not can_act_for(sri.user, slamet)


@pytest.mark.parametrize("status", [TraderStatus.SUSPENDED, TraderStatus.PENDING])
def test_only_an_active_member_can_be_appointed(staff, group, status):
    inactive = TraderFactory(market=group.market, group=group, status=status)

    with pytest.raises(ValidationError) as refused:
        groups.group_set_coordinator(actor=staff, group_id=group.pk, trader_id=inactive.pk)

    assert list(refused.value.message_dict) == ["coordinator"]
    assert coordinator_of(group).owner_name == "Sri"


def test_a_stall_of_another_group_cannot_be_appointed(staff, group):
    elsewhere = TraderFactory(market=group.market, group=TraderGroupFactory(market=group.market))

    with pytest.raises(ValidationError) as refused:
        groups.group_set_coordinator(actor=staff, group_id=group.pk, trader_id=elsewhere.pk)

    assert refused.value.message_dict == {"coordinator": ["Pilih anggota kelompok ini."]}
    assert coordinator_of(group).owner_name == "Sri"


def test_clearing_the_coordinator_ends_their_reach(staff, group):
    sri, slamet = coordinator_of(group), member_of(group, "Slamet")

    groups.group_set_coordinator(actor=staff, group_id=group.pk, trader_id=None)

    assert coordinator_of(group) is None
    assert not can_act_for(sri.user, slamet)
    assert not lost_notices().exists()  # staff cleared it themselves


def test_a_suspended_coordinator_stops_at_once_and_the_other_staff_are_told(staff, colleague, group):
    sri, slamet = coordinator_of(group), member_of(group, "Slamet")
    assert can_act_for(sri.user, slamet)

    application_suspend(application_id=sri.application_id, actor=staff, reason="Data palsu")

    assert coordinator_of(group) is None
    assert not can_act_for(sri.user, slamet)
    notice = lost_notices().get(channel=Channel.IN_APP)
    assert notice.user == colleague
    assert notice.params == {"group": "Kelompok Mawar", "market": "Pasar Batang", "coordinator": "Sri"}
    assert not lost_notices().filter(user=staff).exists()


def test_a_suspended_member_leaves_the_coordinator_in_place(staff, colleague, group):
    slamet = member_of(group, "Slamet")

    application_suspend(application_id=slamet.application_id, actor=staff, reason="Tutup")

    assert coordinator_of(group).owner_name == "Sri"
    assert not lost_notices().exists()


def test_moving_the_coordinator_out_clears_the_group_and_tells_the_other_staff(staff, colleague, group):
    sri, slamet = coordinator_of(group), member_of(group, "Slamet")
    other = TraderGroupFactory(market=group.market, name="Kelompok Melati")

    move = groups.trader_move(actor=staff, trader_id=sri.pk, group_id=other.pk)

    assert move.trader.group == other
    assert move.released == [group]
    assert coordinator_of(group) is None
    assert not can_act_for(sri.user, slamet)
    assert set(lost_notices().values_list("user", flat=True)) == {colleague.pk}


def test_moving_a_member_keeps_the_coordinator(staff, colleague, group):
    slamet = member_of(group, "Slamet")

    move = groups.trader_move(actor=staff, trader_id=slamet.pk, group_id=None)

    assert move.trader.group is None and move.released == []
    assert coordinator_of(group).owner_name == "Sri"
    assert not lost_notices().exists()


def test_a_stall_cannot_join_a_group_of_another_market(staff, group):
    slamet = member_of(group, "Slamet")
    other_market_group = TraderGroupFactory(market=MarketFactory(region=group.market.region))

    with pytest.raises(VendorError) as refused:
        groups.trader_move(actor=staff, trader_id=slamet.pk, group_id=other_market_group.pk)

    assert refused.value.code == "other_market"
    slamet.refresh_from_db()
    assert slamet.group == group


def test_staff_of_another_region_find_neither_groups_nor_stalls(amlapura, group):
    karangasem_staff = RegionStaffFactory(region=amlapura.region).user
    sri = coordinator_of(group)
    calls = [
        lambda: groups.group_create(actor=karangasem_staff, market=group.market, name="Kelompok Baru"),
        lambda: groups.group_rename(actor=karangasem_staff, group_id=group.pk, name="Kelompok Baru"),
        lambda: groups.group_set_coordinator(actor=karangasem_staff, group_id=group.pk, trader_id=None),
        lambda: groups.trader_move(actor=karangasem_staff, trader_id=sri.pk, group_id=None),
        lambda: groups.group_member_remove(actor=karangasem_staff, group_id=group.pk, trader_id=sri.pk),
    ]

    for call in calls:
        with pytest.raises(VendorError) as refused:
            call()
        assert refused.value.code == "not_found"
    assert coordinator_of(group) == sri
    assert group_list_for_staff(user=karangasem_staff).count() == 0


def test_the_list_counts_members_and_active_members(staff, group, amlapura):
    TraderFactory(market=group.market, group=group, status=TraderStatus.SUSPENDED)
    TraderFactory(market=group.market, group=group, status=TraderStatus.REJECTED)
    TraderGroupFactory(market=amlapura)

    [listed] = group_list_for_staff(user=staff)

    assert (listed, listed.member_count, listed.active_count) == (group, 3, 2)


# --- Pages ------------------------------------------------------------------------------------------


def group_urls(group, stall) -> list[tuple[str, str, dict]]:
    return [
        ("get", reverse("vendors:staff_group_detail", args=[group.pk]), {}),
        ("post", reverse("vendors:staff_group_rename", args=[group.pk]), {"name": "Kelompok Baru"}),
        ("post", reverse("vendors:staff_group_coordinator", args=[group.pk]), {"coordinator": ""}),
        ("post", reverse("vendors:staff_group_move", args=[group.pk]), {"trader": stall.pk, "group": ""}),
    ]


def test_the_staff_home_links_to_the_groups(client, staff):
    client.force_login(staff)

    page = client.get(reverse("portal:staff")).text

    assert reverse("vendors:staff_groups") in page


def test_the_groups_page_shows_coordinators_and_counts_in_indonesian(client, staff, group, amlapura):
    TraderGroupFactory(market=group.market, name="Kelompok Melati")
    TraderGroupFactory(market=amlapura, name="Kelompok Canang")
    client.force_login(staff)

    response = client.get(reverse("vendors:staff_groups"))

    assert response.status_code == 200
    assert "Kelompok Mawar" in response.text and "Koordinator: Sri" in response.text
    assert "2 anggota, 2 aktif" in response.text
    assert "Kelompok Melati" in response.text and "Tidak ada koordinator" in response.text
    assert "Kelompok Canang" not in response.text


def test_a_group_is_created_from_the_groups_page(client, staff, batang):
    client.force_login(staff)

    response = client.post(reverse("vendors:staff_groups"), {"market": batang.slug, "name": "Kelompok 3"})

    created = TraderGroup.objects.get(name="Kelompok 3")
    assert response.status_code == 302
    assert response.url == reverse("vendors:staff_group_detail", args=[created.pk])


def test_a_duplicate_name_shows_the_message_and_creates_nothing(client, staff, group):
    client.force_login(staff)

    response = client.post(
        reverse("vendors:staff_groups"), {"market": group.market.slug, "name": "KELOMPOK MAWAR"}
    )

    assert response.status_code == 200
    assert "Pasar Batang sudah punya kelompok bernama “Kelompok Mawar”." in response.text
    assert TraderGroup.objects.count() == 1


def test_the_group_page_appoints_an_active_member(client, staff, group):
    slamet = member_of(group, "Slamet")
    client.force_login(staff)
    url = reverse("vendors:staff_group_coordinator", args=[group.pk])

    response = client.post(url, {"coordinator": slamet.pk}, follow=True)

    assert coordinator_of(group) == slamet
    assert f"{slamet.owner_name} sekarang menjadi koordinator Kelompok Mawar." in response.text


def test_the_group_page_refuses_a_pending_member_with_the_reason(client, staff, group):
    pending = TraderFactory(market=group.market, group=group, status=TraderStatus.PENDING, stall_name="Baru")
    client.force_login(staff)
    url = reverse("vendors:staff_group_coordinator", args=[group.pk])

    response = client.post(url, {"coordinator": pending.pk})

    assert response.status_code == 200
    assert (
        "Hanya lapak aktif yang bisa menjadi koordinator; status Baru “Menunggu pemeriksaan”."
        in response.text
    )
    assert coordinator_of(group).owner_name == "Sri"


def test_moving_the_coordinator_from_the_page_warns_that_the_group_has_none(client, staff, colleague, group):
    sri = coordinator_of(group)
    client.force_login(staff)

    response = client.post(
        reverse("vendors:staff_group_move", args=[group.pk]), {"trader": sri.pk, "group": ""}, follow=True
    )

    assert coordinator_of(group) is None
    assert "Kelompok Mawar sekarang tidak punya koordinator" in response.text
    assert "Kelompok ini tidak punya koordinator." in response.text
    assert set(lost_notices().values_list("user", flat=True)) == {colleague.pk}


def test_a_stall_of_the_market_is_added_from_the_page(client, staff, group):
    newcomer = TraderFactory(market=group.market, stall_name="Lapak Bu Tini")
    client.force_login(staff)
    page = client.get(reverse("vendors:staff_group_detail", args=[group.pk])).text
    assert "Lapak Bu Tini" in page

    client.post(
        reverse("vendors:staff_group_move", args=[group.pk]), {"trader": newcomer.pk, "group": group.pk}
    )

    newcomer.refresh_from_db()
    assert newcomer.group == group


def test_a_blank_rename_shows_the_message_and_keeps_the_name(client, staff, group):
    client.force_login(staff)

    response = client.post(reverse("vendors:staff_group_rename", args=[group.pk]), {"name": "  "})

    assert response.status_code == 200
    assert "field-error" in response.text
    assert TraderGroup.objects.get(pk=group.pk).name == "Kelompok Mawar"


def test_staff_of_another_region_get_404_for_the_group_and_its_stalls(client, group, amlapura):
    client.force_login(RegionStaffFactory(region=amlapura.region).user)
    sri = coordinator_of(group)

    for method, url, data in group_urls(group, sri):
        assert getattr(client, method)(url, data).status_code == 404, url
    own_group = TraderGroupFactory(market=amlapura)
    move = reverse("vendors:staff_group_move", args=[own_group.pk])
    assert client.post(move, {"trader": sri.pk, "group": own_group.pk}).status_code == 404
    assert coordinator_of(group) == sri and TraderGroup.objects.get(pk=group.pk).name == "Kelompok Mawar"


@pytest.mark.parametrize("who", ["shopper", "coordinator"])
def test_non_staff_get_403(client, group, who):
    user = UserFactory() if who == "shopper" else coordinator_of(group).user
    client.force_login(user)
    sri = coordinator_of(group)

    assert client.get(reverse("vendors:staff_groups")).status_code == 403
    for method, url, data in group_urls(group, sri):
        assert getattr(client, method)(url, data).status_code == 403, url


def test_the_groups_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("vendors:staff_groups"))

    assert response.status_code == 302 and "login" in response.url


def test_the_group_pages_cost_the_same_queries_for_two_and_six_members(client, staff, batang):
    group = coordinated_group(batang)
    TraderGroupFactory(market=batang)
    TraderFactory(market=batang)
    client.force_login(staff)
    pages = [reverse("vendors:staff_groups"), reverse("vendors:staff_group_detail", args=[group.pk])]

    def queries() -> list[int]:
        counts = []
        for page in pages:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(page).status_code == 200
            counts.append(len(captured))
        return counts

    before = queries()
    for _ in range(4):
        TraderFactory(market=batang, group=group)
    assert queries() == before
