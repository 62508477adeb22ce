import io
import random

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Prefetch

from couriers.models import Courier, Delivery, DeliveryStatus, DeliveryStop
from market.models import Application, ApplicationStatus, Decision, Market, Region, RegionStaff
from orders.models import Order, OrderItem, OrderStatus, TraderOrder, TraderOrderStatus
from portal.management.commands.seed_scale import SLUG_PREFIX, Sizes, stall_sizes, zipf_split
from portal.scale_orders import DELIVERY_STATUS
from tests.portal.test_seed_demo import row_counts
from vendors.models import Product, Trader, TraderGroup, TraderStatus

pytestmark = pytest.mark.django_db

TINY = {"markets": 3, "stalls": 40, "products": 400, "applications": 15, "largest_stall": 120, "orders": 300}


def seed_scale(**sizes):
    call_command("seed_scale", force=True, stdout=io.StringIO(), **(TINY | sizes))


def scale_stalls():
    return Trader.objects.filter(market__slug__startswith=SLUG_PREFIX)


def test_writes_the_sizes_asked_for():
    seed_scale()

    assert Market.objects.filter(slug__startswith=SLUG_PREFIX).count() == 3
    assert scale_stalls().filter(status=TraderStatus.ACTIVE).count() == 40
    assert Product.objects.filter(trader__in=scale_stalls()).count() == 400
    pending = Application.objects.filter(status=ApplicationStatus.PENDING, trader__in=scale_stalls())
    assert pending.count() == 15
    assert scale_stalls().filter(status=TraderStatus.PENDING).count() == 15


def test_is_skewed_like_real_markets():
    seed_scale()

    per_market = list(
        Market.objects.filter(slug__startswith=SLUG_PREFIX)
        .annotate(stalls=Count("traders"))
        .order_by("-stalls")
        .values_list("stalls", flat=True)
    )
    assert per_market[0] >= 2 * per_market[-1]
    per_stall = sorted(
        scale_stalls()
        .filter(status=TraderStatus.ACTIVE)
        .annotate(n=Count("products"))
        .values_list("n", flat=True)
    )
    assert per_stall[-1] == 120, "the largest stall holds --largest-stall products"
    assert per_stall[len(per_stall) // 2] < 10, "most stalls are small"
    assert per_stall[0] >= 1


def test_every_row_is_whole_and_consistent():
    """Referential integrity beyond the foreign keys: every object passes its model's validation, every
    active stall is public (approved in its market's region, run by someone), every group's coordinator
    is one of its active members with an account, and the region's staff decided the approvals."""
    seed_scale()

    stalls = scale_stalls().select_related("market", "application", "group__coordinator")
    for stall in stalls:
        stall.full_clean()
        assert stall.application.region_id == stall.market.region_id
        assert stall.application.applicant_id == stall.user_id
        if stall.status == TraderStatus.ACTIVE:
            assert stall.application.status == ApplicationStatus.APPROVED
            assert stall.has_runner
            assert stall.categories.exists()
        else:
            assert stall.application.status == ApplicationStatus.PENDING
            assert stall.user_id is not None
    assert Trader.objects.runnable().filter(pk__in=stalls.filter(status=TraderStatus.ACTIVE)).count() == 40
    for product in Product.objects.filter(trader__in=stalls).select_related("commodity"):
        product.full_clean()
        assert product.category in product.trader.categories.all()
    for group in TraderGroup.objects.filter(market__slug__startswith=SLUG_PREFIX).select_related(
        "coordinator"
    ):
        group.full_clean()
        assert group.coordinator.user_id is not None
    staff_regions = dict(RegionStaff.objects.values_list("region_id", "user_id"))
    for decision in Decision.objects.filter(application__trader__in=stalls).select_related("application"):
        assert decision.actor_id == staff_regions[decision.application.region_id]
    assert Decision.objects.filter(application__trader__in=stalls).count() == 40


def test_refuses_to_run_twice_and_changes_nothing():
    seed_scale()
    before = row_counts()

    with pytest.raises(CommandError, match="already"):
        seed_scale()
    assert row_counts() == before


def test_adds_to_the_demo_data():
    call_command("seed_demo", force=True, stdout=io.StringIO())
    seed_scale()

    assert Region.objects.count() == 2 + 3
    assert scale_stalls().filter(status=TraderStatus.ACTIVE).count() == 40


def test_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_scale", stdout=io.StringIO(), **TINY)
    assert not Region.objects.exists()


def test_sizes_split_exactly():
    markets = zipf_split(2000, 20)
    assert sum(markets) == 2000
    assert markets == sorted(markets, reverse=True)
    assert markets[0] > 10 * markets[-1]
    defaults = Sizes(
        markets=20, stalls=2000, products=50000, applications=0, largest_stall=2000, orders=0, seed=1
    )
    sizes = stall_sizes(defaults, random.Random(1))
    assert sizes[0] == 2000
    assert sum(sizes) == 50000
    assert max(sizes[1:]) < 2000
    assert min(sizes) >= 1


def test_writes_a_year_of_orders_with_their_parts_items_and_deliveries():
    seed_scale()

    orders = Order.objects.filter(market__slug__startswith=SLUG_PREFIX)
    assert orders.count() == 300
    assert OrderItem.objects.count() >= TraderOrder.objects.count() >= 300
    placed = sorted(orders.values_list("placed_at", flat=True))
    assert (placed[-1] - placed[0]).days > 300, "spread over the year"
    by_market = sorted(orders.values("market").annotate(n=Count("pk")).values_list("n", flat=True))
    assert by_market[-1] > 2 * by_market[0], "the busy market takes most orders"
    statuses = set(orders.values_list("status", flat=True))
    assert {OrderStatus.DELIVERED, OrderStatus.CANCELLED} <= statuses


def test_orders_hang_together():
    """Each part is a stall of the order's market selling the items' products, adding up to the totals;
    an order that got as far as a courier has one delivery in its region, one pickup per part."""
    seed_scale()

    orders = Order.objects.filter(market__slug__startswith=SLUG_PREFIX).select_related("market", "kelurahan")
    parts = TraderOrder.objects.select_related("trader").prefetch_related("items__product")
    deliveries = {d.order_id: d for d in Delivery.objects.select_related("courier")}
    stops = dict(DeliveryStop.objects.values_list("trader_order_id", "delivery_id"))
    for order in orders.prefetch_related(Prefetch("trader_orders", queryset=parts)):
        order.full_clean()
        assert order.kelurahan.region_id == order.market.region_id
        assert order.items_total == sum(part.items_total for part in order.trader_orders.all())
        for part in order.trader_orders.all():
            assert part.trader.market_id == order.market_id
            items = part.items.all()
            assert items and part.items_total == sum(item.line_total for item in items)
            assert all(item.product.trader_id == part.trader_id for item in items)
        delivery = deliveries.get(order.pk)
        assert (delivery is not None) == (order.status in DELIVERY_STATUS)
        if delivery is not None:
            assert (delivery.market_id, delivery.fee) == (order.market_id, order.delivery_fee)
            assert delivery.courier is None or delivery.courier.region_id == order.market.region_id
            assert all(stops[part.pk] == delivery.pk for part in order.trader_orders.all())
    assert len(stops) == sum(1 for part in TraderOrder.objects.filter(order_id__in=deliveries))


def test_leaves_open_jobs_for_online_couriers_of_their_region_and_completes_delivered_parts():
    seed_scale(orders=800)

    open_jobs = Delivery.objects.filter(status=DeliveryStatus.OPEN, courier=None)
    assert open_jobs.count() >= 2, "one order in 400 is ready, its job open"
    for job in open_jobs.select_related("order"):
        assert job.order.status == OrderStatus.READY
        online = Courier.objects.filter(region=job.region_id, status="active", is_online=True)
        assert online.count() == 10
    delivered_parts = TraderOrder.objects.filter(order__status=OrderStatus.DELIVERED)
    assert delivered_parts.exists()
    assert set(delivered_parts.values_list("status", flat=True)) == {TraderOrderStatus.COMPLETED}
    assert not delivered_parts.filter(closed_at=None).exists()
