import pytest
from django.contrib.auth import get_user_model
from django.db.models import Exists, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from core.sql import KeptRows, OneRow, RowsOf
from market.models import RegionStaff
from tests.factories import RegionStaffFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def staff_row(pk: int):
    return (
        User.objects.filter(pk=pk)
        .annotate(staff=Exists(RegionStaff.objects.filter(user_id=pk)), shout=Concat("name", Value("!")))
        .values("staff", "shout")
    )


def test_the_row_is_built_once_and_answers_for_each_key(django_assert_num_queries):
    staff, shopper = RegionStaffFactory().user, UserFactory()
    row = OneRow(staff_row)

    assert row.get(staff.pk) == {"staff": True, "shout": f"{staff.name}!"}
    with django_assert_num_queries(1):
        assert row.get(shopper.pk) == {"staff": False, "shout": f"{shopper.name}!"}
    assert row.get(0) is None


def test_a_key_the_sql_inlines_fails_loudly():
    inlined = OneRow(lambda pk: User.objects.annotate(key=RawSQL(f"{pk} + 1", [])).values("key")[:1])

    with pytest.raises(ValueError, match="parameter"):
        inlined.get(1)


def names_by_keys(keys):
    return User.objects.filter(pk__in=keys).annotate(shout=Concat("name", Value("!"))).values("id", "shout")


def test_kept_rows_are_built_once_and_answer_for_each_page_of_keys(django_assert_num_queries):
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    rows = KeptRows(names_by_keys, 3)

    assert rows.get([first.pk, third.pk]) == {
        first.pk: {"id": first.pk, "shout": f"{first.name}!"},
        third.pk: {"id": third.pk, "shout": f"{third.name}!"},
    }
    with django_assert_num_queries(1):
        assert rows.get([second.pk]) == {second.pk: {"id": second.pk, "shout": f"{second.name}!"}}
    with django_assert_num_queries(0):
        assert rows.get([]) == {}
    with pytest.raises(ValueError, match="At most 3"):
        rows.get([1, 2, 3, 4])


def test_kept_rows_whose_keys_the_sql_inlines_fail_loudly():
    inlined = KeptRows(lambda keys: User.objects.extra(where=[f"id IN ({','.join(map(str, keys))})"]), 2)

    with pytest.raises(ValueError, match="parameter"):
        inlined.get([1])


def test_rows_of_a_key_are_built_once_and_answer_every_row_in_order(django_assert_num_queries):
    staff, shopper = UserFactory(), UserFactory()
    first, second = (
        RegionStaffFactory(user=staff, region__name="B"),
        RegionStaffFactory(user=staff, region__name="A"),
    )
    rows = RowsOf(lambda pk: RegionStaff.objects.filter(user_id=pk).order_by("region__name").values("id"))

    assert rows.get(staff.pk) == [{"id": second.pk}, {"id": first.pk}]
    with django_assert_num_queries(1):
        assert rows.get(shopper.pk) == []
