"""`manage.py seed_scale`: a regency-sized data set for the benchmark (`make bench`).

Markets, stalls, products and pending applications in the skew of real markets: a few busy markets and
many quiet ones, many small stalls and a few very large ones (the largest holds `--largest-stall`
products), written with bulk inserts. It adds to whatever is in the database (the bench seeds the demo
first) and refuses to run twice. Its accounts have no usable password: the benchmark signs them in
directly.

Then a year of orders (`--orders`) with their stall parts, items, deliveries and pickups, drawn from
those products with Zipf-like popularity (portal/scale_orders.py).
"""

import math
import random
from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from couriers.models import Courier, Delivery, DeliveryStop
from market.models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Decision,
    DecisionAction,
    Market,
    MarketHours,
    Region,
    RegionStaff,
)
from orders.models import Kelurahan, Order, OrderItem, TraderOrder
from portal import demo_data as demo
from portal.management.commands.seed_demo import DemoSeeder, round_to_500
from portal.scale_orders import OrderSeeder
from vendors.models import Product, Trader, TraderGroup, TraderStatus

SLUG_PREFIX = "skala-"
BATCH = 2000
STALLS_PER_GROUP = 30
# Share of stalls whose trader has no phone app (their group's coordinator runs them).
WITHOUT_APP = 0.1
REGIONS = 4
# What a stall sells, by kind (demo.GOODS), and how often a stall of that kind is met.
KIND_WEIGHTS = {
    "sayur": 6,
    "bumbu": 5,
    "beras": 3,
    "sembako": 4,
    "daging": 2,
    "ikan": 2,
    "telur": 2,
    "buah": 2,
    "bali": 1,
}
KIND_LABELS = {
    "sayur": "Sayur",
    "bumbu": "Bumbu",
    "beras": "Beras",
    "sembako": "Sembako",
    "daging": "Ayam",
    "ikan": "Ikan",
    "telur": "Telur",
    "buah": "Buah",
    "bali": "Bumbu Bali",
}
# How a large stall tells apart several kinds of the same goods.
VARIANTS = ["super", "pilihan", "lokal", "curah", "kemasan", "grosir", "segar", "kecil", "besar", "organik"]
# The demo stalls' owners lend their names to the scale traders (first name and second name mixed).
NAMES = sorted({row[3] for row in demo.STALLS} | {row[2] for row in demo.PENDING_STALLS})


@dataclass(frozen=True)
class Sizes:
    markets: int
    stalls: int
    products: int
    applications: int
    largest_stall: int
    orders: int
    seed: int


def scale_phone(number: int) -> str:
    """A fake mobile number outside the demo's range: +62 813 9 followed by seven digits."""
    return f"+628139{number:07d}"


def zipf_split(total: int, parts: int, exponent: float = 1.0) -> list[int]:
    """`total` split over `parts` shares falling off as 1/rank**exponent, each at least 1 (when total
    allows), summing to `total` exactly; the largest share first."""
    weights = [1 / (rank**exponent) for rank in range(1, parts + 1)]
    return _split(total, weights)


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` in proportion to `weights`, each at least 1 when total allows (largest remainders)."""
    floor = 1 if total >= len(weights) else 0
    spare = total - floor * len(weights)
    exact = [spare * weight / sum(weights) for weight in weights]
    shares = [floor + int(share) for share in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for index in by_remainder[: total - sum(shares)]:
        shares[index] += 1
    return shares


def stall_sizes(sizes: Sizes, rng: random.Random) -> list[int]:
    """Products per stall: the largest stall first, then log-normal sizes (many small stalls, a few
    hundred-product ones), none above the largest, summing to `sizes.products`."""
    largest = min(sizes.largest_stall, sizes.products - (sizes.stalls - 1))
    rest = [min(rng.lognormvariate(0, 1), 40) for _ in range(sizes.stalls - 1)]
    shares = _split(sizes.products - largest, rest) if rest else []
    overflow = sum(max(share - largest, 0) for share in shares)
    shares = [min(share, largest) for share in shares]
    for index in range(len(shares)):
        if overflow == 0:
            break
        room = min(largest - shares[index], overflow)
        shares[index] += room
        overflow -= room
    return [largest, *shares]


class Command(BaseCommand):
    help = (
        "Add a regency-sized data set (markets, stalls, products, pending applications, a year of orders) "
        "for the benchmark. "
        "Refuses to run twice and, with DEBUG off, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--markets", type=int, default=20)
        parser.add_argument("--stalls", type=int, default=2000, help="active stalls")
        parser.add_argument("--products", type=int, default=50000)
        parser.add_argument("--applications", type=int, default=1000, help="pending trader applications")
        parser.add_argument("--largest-stall", type=int, default=2000, help="products of the largest stall")
        parser.add_argument("--orders", type=int, default=200000, help="orders over the past year")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
        parser.add_argument("--force", action="store_true", help="seed even with DEBUG off")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: seed_scale fills the database with made-up data. Use --force.")
        sizes = Sizes(**{field: options[field] for field in Sizes.__dataclass_fields__})
        if sizes.markets < 1 or sizes.stalls < sizes.markets or sizes.products < sizes.stalls:
            raise CommandError("Need at least one market, a stall per market and a product per stall.")
        if Region.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise CommandError(
                "The scale data is already in this database; seed a fresh database to change its sizes."
            )
        with transaction.atomic():
            counts = ScaleSeeder(sizes).seed()
        vacuum_analyze()
        self.stdout.write(self.style.SUCCESS("Scale data ready: " + ", ".join(f"{n} {k}" for k, n in counts)))


def vacuum_analyze():
    """Vacuum and analyze the tables just filled, as autovacuum would some time later: planned with no
    statistics every join looks one row long, and with no page marked all-visible no index answers on
    its own, so the pages would measure plans and reads no live site has. Inside a transaction (the
    suite's) only ANALYZE can run."""
    if connection.vendor != "postgresql":
        return
    models = [User, Region, RegionStaff, Market, Application, Decision, TraderGroup, Trader, Product]
    models += [Kelurahan, Order, TraderOrder, OrderItem, Courier, Delivery, DeliveryStop]
    tables = [model._meta.db_table for model in models] + [Trader.categories.through._meta.db_table]
    command = "ANALYZE " if connection.in_atomic_block else "VACUUM (ANALYZE) "
    with connection.cursor() as cursor:
        cursor.execute(command + ", ".join(connection.ops.quote_name(table) for table in tables))


class ScaleSeeder:
    def __init__(self, sizes: Sizes):
        self.sizes = sizes
        self.rng = random.Random(sizes.seed)
        self.now = timezone.now()
        self.password = make_password(None)  # unusable: the benchmark signs these accounts in itself
        self.phones = 0
        self.catalogue = DemoSeeder()
        self.catalogue.seed_catalogue()

    def seed(self) -> list[tuple[str, int]]:
        self._regions()
        self._markets()
        self._stalls()
        self._products()
        self._pending()
        orders = OrderSeeder(self, self.sizes.orders, self.on_sale).seed()
        return [
            ("markets", len(self.markets)),
            ("stalls", len(self.stalls)),
            ("products", self.sizes.products),
            ("pending applications", self.sizes.applications),
            *orders.items(),
        ]

    # --- accounts ---------------------------------------------------------------

    def _users(self, names: list[str]) -> list[User]:
        users = []
        for name in names:
            self.phones += 1
            users.append(
                User(name=name, phone=scale_phone(self.phones), phone_verified=True, password=self.password)
            )
        return User.objects.bulk_create(users, batch_size=BATCH)

    def _name(self) -> str:
        first, second = self.rng.sample(NAMES, 2)
        return f"{first.split()[0]} {second.split()[-1]}"

    # --- regions and markets ----------------------------------------------------

    def _regions(self):
        count = min(REGIONS, self.sizes.markets)
        demo_regions = demo.REGIONS
        self.regions = Region.objects.bulk_create(
            Region(
                slug=f"{SLUG_PREFIX}{number}",
                name=f"Kabupaten Skala {number}",
                province=demo_regions[number % 2]["province"],
                timezone=demo_regions[number % 2]["timezone"],
                tariff_base=3000,
                tariff_per_km=2500,
                tariff_min=8000,
                tariff_max=40000,
            )
            for number in range(1, count + 1)
        )
        self.price_factor = {
            region.pk: list(demo.REGION_PRICE_FACTOR.values())[index % 2]
            for index, region in enumerate(self.regions)
        }
        staff = self._users([f"Petugas Skala {number}" for number in range(1, count + 1)])
        RegionStaff.objects.bulk_create(
            RegionStaff(user=user, region=region, title="Petugas Disperindag")
            for user, region in zip(staff, self.regions, strict=True)
        )
        self.staff = {region.pk: user for region, user in zip(self.regions, staff, strict=True)}

    def _markets(self):
        """Markets by activity, busiest first; the busiest ones of each region come first in turn."""
        self.markets = Market.objects.bulk_create(
            Market(
                region=self.regions[index % len(self.regions)],
                slug=f"{SLUG_PREFIX}pasar-{index + 1}",
                name=f"Pasar Skala {index + 1}",
                address=f"Jl. Pasar No. {index + 1}",
                latitude=Decimal("-6.9") - Decimal(index) / 100,
                longitude=Decimal("109.7") + Decimal(index) / 100,
            )
            for index in range(self.sizes.markets)
        )
        MarketHours.objects.bulk_create(
            MarketHours(market=market, weekday=day, opens=time(5), closes=time(13))
            for market in self.markets
            for day in range(7)
        )
        self.market_weights = [1 / rank for rank in range(1, len(self.markets) + 1)]

    # --- stalls -----------------------------------------------------------------

    def _stalls(self):
        per_market = zipf_split(self.sizes.stalls, len(self.markets))
        self.product_counts = stall_sizes(self.sizes, self.rng)
        plan = []  # (market, number within it, owner, kind, with an app)
        for market, count in zip(self.markets, per_market, strict=True):
            for number in range(1, count + 1):
                # A group's first stall has an app: it coordinates the group.
                with_app = (number - 1) % STALLS_PER_GROUP == 0 or self.rng.random() >= WITHOUT_APP
                plan.append((market, number, self._name(), self._kind(), with_app))
        # The largest stall (products first in product_counts) is the first of the busiest market.
        users = iter(self._users([owner for _, _, owner, _, with_app in plan if with_app]))
        owners = [next(users) if with_app else None for *_, with_app in plan]
        applications = Application.objects.bulk_create(
            (
                Application(
                    kind=ApplicationKind.TRADER,
                    applicant=user,
                    submitted_by=user or self.staff[market.region_id],
                    region_id=market.region_id,
                    status=ApplicationStatus.APPROVED,
                    created_at=self.now - timedelta(days=400),
                    decided_at=self.now - timedelta(days=399),
                )
                for (market, *_), user in zip(plan, owners, strict=True)
            ),
            batch_size=BATCH,
        )
        Decision.objects.bulk_create(
            (
                Decision(
                    application=application,
                    action=DecisionAction.APPROVE,
                    actor=self.staff[application.region_id],
                    created_at=application.decided_at,
                )
                for application in applications
            ),
            batch_size=BATCH,
        )
        groups = self._groups(per_market)
        self.stalls = Trader.objects.bulk_create(
            (
                Trader(
                    user=user,
                    market=market,
                    group=groups[(market.pk, (number - 1) // STALLS_PER_GROUP)],
                    application=application,
                    stall_name=f"{KIND_LABELS[kind]} {owner.split()[0]}",
                    owner_name=owner,
                    stall_number=f"{chr(ord('A') + (number - 1) // 100 % 26)}-{number:03d}",  # B-101
                    whatsapp=user.phone if user else scale_phone(self.phones + index + 1),
                    status=TraderStatus.ACTIVE,
                )
                for index, ((market, number, owner, kind, _), user, application) in enumerate(
                    zip(plan, owners, applications, strict=True)
                )
            ),
            batch_size=BATCH,
        )
        self.phones += len(plan)
        self.kinds = {stall.pk: kind for stall, (*_, kind, _) in zip(self.stalls, plan, strict=True)}
        self._coordinators(groups)
        self._categories(
            self.stalls,
            [
                [kind] if count <= len(demo.GOODS[kind]) else list(demo.GOODS)
                for (*_, kind, _), count in zip(plan, self.product_counts, strict=True)
            ],
        )

    def _kind(self) -> str:
        return self.rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]

    def _groups(self, per_market) -> dict:
        keys = [
            (market, index)
            for market, count in zip(self.markets, per_market, strict=True)
            for index in range(math.ceil(count / STALLS_PER_GROUP))
        ]
        groups = TraderGroup.objects.bulk_create(
            TraderGroup(market=market, name=f"Kelompok {index + 1}") for market, index in keys
        )
        return {(market.pk, index): group for (market, index), group in zip(keys, groups, strict=True)}

    def _coordinators(self, groups):
        """Each group's first member with a phone app coordinates it (and runs the members without)."""
        by_pk = {group.pk: group for group in groups.values()}
        for stall in self.stalls:
            group = by_pk[stall.group_id]
            if group.coordinator_id is None and stall.user_id is not None:
                group.coordinator = stall
        TraderGroup.objects.bulk_update(list(groups.values()), ["coordinator"], batch_size=BATCH)

    def _categories(self, stalls, kinds):
        through = Trader.categories.through
        categories = self.catalogue.categories
        through.objects.bulk_create(
            (
                through(trader_id=stall.pk, category_id=categories[slug].pk)
                for stall, stall_kinds in zip(stalls, kinds, strict=True)
                for slug in sorted({row[1] for kind in stall_kinds for row in demo.GOODS[kind]})
            ),
            batch_size=BATCH,
        )

    # --- products ---------------------------------------------------------------

    def _products(self):
        markets = {market.pk: market for market in self.markets}
        batch = []
        self.on_sale = {}  # stall pk -> (pk, name, unit, step, price) of its products on sale, for orders
        for stall, count in zip(self.stalls, self.product_counts, strict=True):
            factor = self.price_factor[markets[stall.market_id].region_id]
            for name, goods in self._assortment(self.kinds[stall.pk], count):
                batch.append(self._product(stall, name, goods, factor))
            if len(batch) >= BATCH:
                self._save_products(batch)
                batch = []
        self._save_products(batch)

    def _save_products(self, batch):
        for product in Product.objects.bulk_create(batch):
            if product.available and product.archived_at is None:
                row = (product.pk, product.name, product.unit, product.step, product.price)
                self.on_sale.setdefault(product.trader_id, []).append(row)

    def _assortment(self, kind: str, count: int):
        """`count` differently named goods: the stall's kind first, then (for a large stall) every kind,
        each again under variant names."""
        rows = demo.GOODS[kind]
        if count > len(rows):
            every_kind = rows + [row for goods in demo.GOODS.values() for row in goods]
            rows = list({row[0]: row for row in every_kind}.values())
        for index in range(count):
            name, *goods = rows[index % len(rows)]
            lap = index // len(rows)
            if lap:
                name = f"{name} {VARIANTS[(lap - 1) % len(VARIANTS)]}"
            if lap > len(VARIANTS):
                name = f"{name} {(lap - 1) // len(VARIANTS) + 1}"
            yield name, goods

    def _product(self, stall, name, goods, factor) -> Product:
        fields = self.catalogue.product_fields(*goods, price_factor=factor)
        fields["price"] = max(round_to_500(fields["price"] * Decimal(self.rng.uniform(0.85, 1.2))), 500)
        fields["stock"] = fields["step"] * self.rng.randint(0, 400)
        roll = self.rng.random()
        return Product(
            trader=stall,
            name=name,
            available=roll >= 0.05,
            archived_at=self.now - timedelta(days=3) if roll < 0.02 else None,
            created_at=self.now - timedelta(days=self.rng.randint(1, 365)),
            **fields,
        )

    # --- pending applications ---------------------------------------------------

    def _pending(self):
        count = self.sizes.applications
        markets = self.rng.choices(self.markets, weights=self.market_weights, k=count)
        owners = [self._name() for _ in range(count)]
        kinds = [self._kind() for _ in range(count)]
        users = self._users(owners)
        applications = Application.objects.bulk_create(
            (
                Application(
                    kind=ApplicationKind.TRADER,
                    applicant=user,
                    submitted_by=user,
                    region_id=market.region_id,
                    created_at=self.now - timedelta(minutes=self.rng.randint(5, 60 * 24 * 30)),
                )
                for user, market in zip(users, markets, strict=True)
            ),
            batch_size=BATCH,
        )
        stalls = Trader.objects.bulk_create(
            (
                Trader(
                    user=user,
                    market=market,
                    application=application,
                    stall_name=f"{KIND_LABELS[kind]} {owner.split()[0]}",
                    owner_name=owner,
                    stall_number=f"P-{index + 1:04d}",
                    whatsapp=user.phone,
                    status=TraderStatus.PENDING,
                )
                for index, (user, market, application, owner, kind) in enumerate(
                    zip(users, markets, applications, owners, kinds, strict=True)
                )
            ),
            batch_size=BATCH,
        )
        self._categories(stalls, [[kind] for kind in kinds])
