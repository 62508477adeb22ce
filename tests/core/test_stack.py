import django
import pytest

from tests.factories import ProductFactory


def test_django_is_6_1():
    # pip silently installs an older Django when a dependency caps it; this catches that.
    assert django.VERSION[:2] == (6, 1)


@pytest.mark.django_db
def test_factories_build_a_sellable_product():
    product = ProductFactory()
    assert product.trader.market.region == product.trader.application.region
    assert product.trader.user.phone_verified
