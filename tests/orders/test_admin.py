import pytest
from django.urls import reverse

from tests.orders.conftest import place

pytestmark = pytest.mark.django_db


def test_the_admin_edits_kelurahan_but_only_reads_orders(client, shop):
    order = place(shop.shopper, shop.kauman, (shop.product, 1))
    client.force_login(shop.admin)

    assert client.get(reverse("admin:orders_kelurahan_change", args=[shop.kauman.pk])).status_code == 200
    page = client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:orders_order_add")).status_code == 403
