import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from portal.context_processors import header
from portal.roles import roles_for_request, roles_for_user
from tests.factories import (
    CourierCompanyFactory,
    CourierFactory,
    RegionStaffFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def role_keys(user) -> list[str]:
    return [role.key for role in roles_for_user(user)]


def role_keys_for_request(request) -> list[str]:
    return [role.key for role in roles_for_request(request)]


@pytest.fixture
def everything():
    """A user holding every role at once."""
    user = RegionStaffFactory().user
    group = TraderGroupFactory()
    group.coordinator = TraderFactory(user=user, market=group.market, group=group)
    group.save()
    CourierFactory(user=user)
    CourierCompanyFactory().admins.add(user)
    return user


def test_roles_come_in_priority_order(everything):
    assert role_keys(everything) == ["staff", "coordinator", "trader", "courier", "company", "shopper"]


def test_everyone_signed_in_shops_and_anonymous_visitors_have_no_role():
    assert role_keys(UserFactory()) == ["shopper"]
    assert role_keys(AnonymousUser()) == []


@pytest.mark.parametrize(
    ("make_profile", "keys"),
    [
        (lambda user: TraderFactory(user=user, status="pending"), ["shopper"]),
        (lambda user: TraderFactory(user=user, status="rejected"), ["shopper"]),
        (lambda user: TraderFactory(user=user, status="suspended"), ["trader", "shopper"]),
        (lambda user: CourierFactory(user=user, status="pending"), ["shopper"]),
        (lambda user: CourierFactory(user=user, status="suspended"), ["courier", "shopper"]),
        (lambda user: CourierCompanyFactory(status="pending").admins.add(user), ["shopper"]),
        (lambda user: CourierCompanyFactory(status="suspended").admins.add(user), ["company", "shopper"]),
        (lambda user: CourierCompanyFactory(status="rejected").admins.add(user), ["shopper"]),
    ],
    ids=[
        "pending trader",
        "rejected trader",
        "suspended trader",
        "pending courier",
        "suspended courier",
        "pending company",
        "suspended company",
        "rejected company",
    ],
)
def test_a_role_comes_from_an_approved_profile(make_profile, keys):
    user = UserFactory()
    make_profile(user)
    assert role_keys(user) == keys


def test_navigation_is_empty_for_anonymous_visitors(django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert "nav" not in header(request)


def test_the_header_asks_one_query_once_per_request(everything, django_assert_num_queries, client):
    request = RequestFactory().get("/")
    request.user = everything
    request.session = client.session

    with django_assert_num_queries(1):
        first = header(request)
        nav, counts = dict(first["nav"]), dict(first["orders_nav"])
        unread = str(first["unread_notifications"])
    with django_assert_num_queries(0):
        again = header(request)
        assert (dict(again["nav"]), dict(again["orders_nav"]), str(again["unread_notifications"])) == (
            nav,
            counts,
            unread,
        )
        assert role_keys_for_request(request) == [role["key"] for role in nav["roles"]]

    assert [role["key"] for role in nav["roles"]] == [
        "staff",
        "coordinator",
        "trader",
        "courier",
        "company",
        "shopper",
    ]
    assert nav["current"] is None
    assert counts == {"cart_count": 0, "incoming": 0}
    assert unread == "0"


def test_a_page_without_the_header_asks_nothing_for_it(everything, django_assert_num_queries, client):
    request = RequestFactory().get("/")
    request.user = everything
    request.session = client.session

    with django_assert_num_queries(0):
        header(request)


def test_the_roles_are_one_query(everything, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert role_keys(everything)[0] == "staff"


def test_a_user_removed_meanwhile_only_shops():
    request = RequestFactory().get("/")
    request.user = UserFactory()
    request.session = {}
    request.user.delete()

    assert [role["key"] for role in header(request)["nav"]["roles"]] == ["shopper"]
    assert dict(header(request)["orders_nav"]) == {"cart_count": 0, "incoming": None}
