"""seed_scale's orders: a year of orders with their stall parts, items, deliveries and pickups, in the
skew of real markets (the busy markets take most orders, a few popular stalls and products most of
each market's), written with bulk inserts a chunk at a time. Only the last days' orders are still on
their way, one in OPEN_JOBS_PER_ORDERS ready in the last hour with its job open for the region's online
couriers; the rest were delivered (their stall parts completed), cancelled or failed. There are no
bargained prices: the orders app has no offers yet."""

import itertools
import random
from bisect import bisect
from datetime import timedelta
from decimal import Decimal

from couriers.models import Courier, Delivery, DeliveryStatus, DeliveryStop
from orders.models import Kelurahan, Order, OrderItem, OrderStatus, TraderOrder, TraderOrderStatus
from vendors.models import TraderStatus

CHUNK = 4000
SHOPPERS_PER_ORDER = 0.05  # 200,000 orders from 10,000 shoppers
COURIERS_PER_REGION = 25
ONLINE_PER_REGION = 10  # of them online now, looking at the job board
OPEN_JOBS_PER_ORDERS = 400  # one order in this many is ready in the last hour, its job open on the board
KELURAHAN_PER_MARKET = 3
DAYS = 365
IN_FLIGHT_DAYS = 2
# How the orders older than IN_FLIGHT_DAYS ended, and where the recent ones are.
ENDED = [(OrderStatus.DELIVERED, 88), (OrderStatus.CANCELLED, 10), (OrderStatus.FAILED, 2)]
ON_THEIR_WAY = [
    (OrderStatus.PLACED, 3),
    (OrderStatus.ACCEPTED, 2),
    (OrderStatus.READY, 1),
    (OrderStatus.ASSIGNED, 1),
    (OrderStatus.PICKED_UP, 1),
    (OrderStatus.DELIVERED, 6),
]
PART_STATUS = {
    OrderStatus.PLACED: TraderOrderStatus.PENDING,
    OrderStatus.ACCEPTED: TraderOrderStatus.ACCEPTED,
    OrderStatus.CANCELLED: TraderOrderStatus.CANCELLED,
    OrderStatus.DELIVERED: TraderOrderStatus.COMPLETED,
}
DELIVERY_STATUS = {
    OrderStatus.READY: DeliveryStatus.OPEN,
    OrderStatus.ASSIGNED: DeliveryStatus.ASSIGNED,
    OrderStatus.PICKED_UP: DeliveryStatus.PICKED_UP,
    OrderStatus.DELIVERED: DeliveryStatus.DELIVERED,
    OrderStatus.FAILED: DeliveryStatus.FAILED,
}


class Zipf:
    """Picks from `items`, the first most often, the n-th 1/n as often."""

    def __init__(self, items, exponent: float = 1.0):
        self.items = list(items)
        self.cumulative = list(
            itertools.accumulate(1 / rank**exponent for rank in range(1, len(self.items) + 1))
        )

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


class OrderSeeder:
    """`count` orders over the markets, stalls and products seed_scale made (`products`: stall pk ->
    products on sale, the stall's best sellers first)."""

    def __init__(self, seeder, count: int, products: dict):
        self.seeder, self.count, self.rng, self.now = seeder, count, seeder.rng, seeder.now
        self.products = products
        selling = {stall.pk for stall in seeder.stalls if products.get(stall.pk)}
        by_market = {}
        for stall in seeder.stalls:
            if stall.pk in selling and stall.status == TraderStatus.ACTIVE:
                by_market.setdefault(stall.market_id, []).append(stall)
        self.markets = Zipf([market for market in seeder.markets if market.pk in by_market])
        self.stalls = {market: Zipf(stalls) for market, stalls in by_market.items()}
        self.best_sellers = {pk: Zipf(rows, 1.2) for pk, rows in products.items() if rows}
        self.counts = dict.fromkeys(["orders", "stall orders", "order items", "deliveries", "pickups"], 0)

    def seed(self) -> dict[str, int]:
        if not self.count:
            return self.counts
        self._kelurahan()
        self._couriers()
        self.shoppers = self.seeder._users(
            [self.seeder._name() for _ in range(max(1, int(self.count * SHOPPERS_PER_ORDER)))]
        )
        self.open_jobs = max(1, self.count // OPEN_JOBS_PER_ORDERS)
        for start in range(0, self.count, CHUNK):
            self._chunk(min(CHUNK, self.count - start))
        return self.counts

    def _kelurahan(self):
        """A few kelurahan around each market (within a few kilometres), in the market's region."""
        rows = [
            Kelurahan(
                region_id=market.region_id,
                district=f"Kecamatan {market.name}",
                name=f"Kelurahan {market.name} {number + 1}",
                latitude=market.latitude - Decimal(number) / 200,
                longitude=market.longitude + Decimal(number) / 200,
            )
            for market in self.seeder.markets
            for number in range(KELURAHAN_PER_MARKET)
        ]
        self.kelurahan = {}
        for market, row in zip(
            (m for m in self.seeder.markets for _ in range(KELURAHAN_PER_MARKET)),
            Kelurahan.objects.bulk_create(rows),
            strict=True,
        ):
            self.kelurahan.setdefault(market.pk, []).append(row)

    def _couriers(self):
        regions = [region for region in self.seeder.regions for _ in range(COURIERS_PER_REGION)]
        users = self.seeder._users([self.seeder._name() for _ in regions])
        couriers = Courier.objects.bulk_create(
            Courier(
                user=user,
                region=region,
                plate_number=f"G {1000 + index} SK",
                status="active",
                is_online=index % COURIERS_PER_REGION < ONLINE_PER_REGION,
            )
            for index, (user, region) in enumerate(zip(users, regions, strict=True))
        )
        self.couriers = {}
        for courier in couriers:
            self.couriers.setdefault(courier.region_id, []).append(courier)

    # --- one chunk of orders --------------------------------------------------------------------

    def _chunk(self, size: int):
        plans = [self._plan() for _ in range(size)]
        orders = Order.objects.bulk_create([plan["order"] for plan in plans])
        parts = [part for plan in plans for part, _ in plan["parts"]]
        for plan, order in zip(plans, orders, strict=True):
            for part, _ in plan["parts"]:
                part.order = order
        TraderOrder.objects.bulk_create(parts)
        items = []
        for plan in plans:
            for part, lines in plan["parts"]:
                for item in lines:
                    item.trader_order = part
                    items.append(item)
        OrderItem.objects.bulk_create(items)
        deliveries = [
            (plan, self._delivery(plan["order"])) for plan in plans if plan["order"].status in DELIVERY_STATUS
        ]
        Delivery.objects.bulk_create([delivery for _, delivery in deliveries])
        stops = [self._stop(delivery, part) for plan, delivery in deliveries for part, _ in plan["parts"]]
        DeliveryStop.objects.bulk_create(stops)
        for name, rows in zip(self.counts, (orders, parts, items, deliveries, stops), strict=True):
            self.counts[name] += len(rows)

    def _plan(self) -> dict:
        rng = self.rng
        market = self.markets.pick(rng)
        age = timedelta(days=rng.uniform(0, DAYS))
        choices = ON_THEIR_WAY if age < timedelta(days=IN_FLIGHT_DAYS) else ENDED
        status = rng.choices([s for s, _ in choices], weights=[w for _, w in choices])[0]
        if self.open_jobs:
            self.open_jobs -= 1
            age, status = timedelta(minutes=rng.uniform(30, 60)), OrderStatus.READY
        placed = self.now - age
        stalls = {self.stalls[market.pk].pick(rng) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))}
        parts = [self._part(stall, status, placed) for stall in sorted(stalls, key=lambda s: s.pk)]
        items_total = sum(part.items_total for part, _ in parts)
        fee = rng.randrange(8000, 25001, 1000)
        order = Order(
            market=market,
            shopper=rng.choice(self.shoppers),
            status=status,
            kelurahan=rng.choice(self.kelurahan[market.pk]),
            street=f"Jl. Melati No. {rng.randint(1, 200)}",
            recipient_name=self.seeder._name(),
            recipient_whatsapp=self.seeder.staff[market.region_id].phone,
            acceptable_at=placed,
            distance_km=Decimal(fee - 3000) / 2500,
            delivery_fee=fee,
            items_total=items_total,
            total=items_total + fee,
            confirmation_code=f"{rng.randrange(10000):04d}",
            placed_at=placed,
        )
        self._timestamps(order, placed)
        for part, _ in parts:
            if part.status == TraderOrderStatus.COMPLETED:
                part.closed_at = order.delivered_at
        return {"order": order, "parts": parts}

    def _timestamps(self, order: Order, placed):
        minutes = itertools.accumulate(self.rng.randint(3, 40) for _ in range(5))
        accepted, ready, assigned, picked_up, delivered = (placed + timedelta(minutes=m) for m in minutes)
        status = order.status
        if status == OrderStatus.CANCELLED:
            order.cancelled_at, order.cancel_reason = accepted, "Dibatalkan pembeli"
            return
        reached = [s for s, _ in ON_THEIR_WAY] + [OrderStatus.FAILED]
        step = (
            reached.index(status)
            if status != OrderStatus.FAILED
            else reached.index(OrderStatus.PICKED_UP) + 1
        )
        for index, (field, moment) in enumerate(
            zip(
                ["accepted_at", "ready_at", "assigned_at", "picked_up_at", "delivered_at"],
                (accepted, ready, assigned, picked_up, delivered),
                strict=True,
            ),
            start=1,
        ):
            if index <= step:
                setattr(order, field, moment)
        if status == OrderStatus.FAILED:
            order.delivered_at, order.failed_at = None, delivered

    def _part(self, stall, status, placed) -> tuple[TraderOrder, list[OrderItem]]:
        best = self.best_sellers[stall.pk]
        products = {best.pick(self.rng) for _ in range(self.rng.choice((1, 2, 2, 3, 4)))}
        items = []
        for pk, name, unit, step, price in sorted(products):
            quantity = step * self.rng.randint(1, 8)
            items.append(
                OrderItem(
                    product_id=pk,
                    name=name,
                    unit=unit,
                    step=step,
                    price=price,
                    quantity_ordered=quantity,
                    quantity=quantity,
                    line_total=int(price * quantity),
                )
            )
        part = TraderOrder(
            trader=stall,
            status=PART_STATUS.get(status, TraderOrderStatus.READY),
            items_total=sum(item.line_total for item in items),
        )
        if status == OrderStatus.CANCELLED:
            part.closed_at = placed + timedelta(minutes=10)
        elif part.status in (TraderOrderStatus.READY, TraderOrderStatus.COMPLETED):
            part.accepted_at, part.ready_at = placed + timedelta(minutes=5), placed + timedelta(minutes=30)
        elif part.status == TraderOrderStatus.ACCEPTED:
            part.accepted_at = placed + timedelta(minutes=5)
        return part, items

    def _delivery(self, order: Order) -> Delivery:
        status = DELIVERY_STATUS[order.status]
        courier = (
            None if status == DeliveryStatus.OPEN else self.rng.choice(self.couriers[order.market.region_id])
        )
        return Delivery(
            order=order,
            region_id=order.market.region_id,
            market=order.market,
            status=status,
            courier=courier,
            fee=order.delivery_fee,
            cash_to_carry=order.items_total,
            opened_at=order.ready_at,
            assigned_at=order.assigned_at,
            picked_up_at=order.picked_up_at,
            failed_at=order.failed_at,
            finished_at=order.delivered_at or order.failed_at,
        )

    def _stop(self, delivery: Delivery, part: TraderOrder) -> DeliveryStop:
        picked_up = delivery.picked_up_at
        return DeliveryStop(
            delivery=delivery,
            trader_order=part,
            cash_due=part.items_total,
            picked_up_at=picked_up,
            cash_paid=part.items_total if picked_up else None,
        )
