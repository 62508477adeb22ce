"""`make bench`: every hot page under fixed load against bare yardsticks, in one run, on PostgreSQL.

    .venv/bin/python -m bench.run [--connections 16] [--duration 6] [--rounds 3] [--only home,bare] ...

Creates and seeds its own database (BENCH_DATABASE_URL, default pasar_bench: the demo data, then
seed_scale at the sizes given), starts gunicorn with the production settings plus bench/settings.py (DEBUG
off, plain http on 127.0.0.1 behind the proxy header X-Forwarded-Proto), probes each row once (status,
SQL queries, bytes), then loads the rows in interleaved rounds with wrk and reads the workers' CPU time
from /proc. Prints the table (bench/report.py) and writes it to bench/results/latest.md.
"""

import argparse
import contextlib
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.report import (
    BARE,
    BARE_PRODUCTS,
    BARE_SIGNED_IN,
    Probe,
    Result,
    Round,
    Row,
    Verdict,
    check_budgets,
    first_load_assets,
    parse_proc_stat,
    parse_wrk,
    render,
    ticks_between,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_pasar"
# The fragment cache and its versions, shared by the workers as Redis shares them in production; flushed
# at the start of each run.
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/6"
# The notifications' queue, with a Celery worker beside gunicorn as in production (Procfile): a request
# publishes its outbox rows and the worker sends them; flushed at the start of each run.
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/7"
FORWARDED = {"X-Forwarded-Proto": "https"}
COMPRESSED = {"Accept-Encoding": "gzip, deflate, br"}
TICK = os.sysconf("SC_CLK_TCK")
SEARCH_TERM = "cabai"
COMPARE_TERM = "beras medium"
# Pages the other issues are building; their rows join the table as they land.
NOT_YET = ["the price board (Catalogue issue)"]
CHECKOUTS = 1500  # shoppers with a cart each, more than the checkout row places in a run
SCARCE_ORDERS = 30  # orders the scarce product's stock is enough for: the rest answer 409
BENCH_SHOPPER_PREFIX = "+628137"  # the numbers of the shoppers the bench adds (seed_scale's are +628139…)
JOBS = 600  # open jobs added to the busy market's region, more than the accept row takes in a run
COURIERS_PER_JOB = 2  # couriers sent to take each job: the second one's 409 "taken" is expected


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections per row")
    parser.add_argument("--duration", type=float, default=6, help="seconds per row per round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds over all rows")
    parser.add_argument("--warmup", type=float, default=1, help="seconds of load per row before round 1")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    parser.add_argument("--timeout", type=int, default=30, help="seconds before wrk gives up on an answer")
    parser.add_argument(
        "--slow-ms",
        type=float,
        default=1000,
        help="a row whose single answer takes longer is loaded with one connection per worker",
    )
    parser.add_argument("--only", default="", help="comma-separated row keys (the baselines always run)")
    parser.add_argument("--save", default="", help="also write bench/results/NAME.md")
    parser.add_argument("--fresh", action="store_true", help="drop and re-create the bench database first")
    sizes = parser.add_argument_group("scale data (seed_scale, when the database has none)")
    sizes.add_argument("--markets", type=int, default=20)
    sizes.add_argument("--stalls", type=int, default=2000)
    sizes.add_argument("--products", type=int, default=50000)
    sizes.add_argument("--applications", type=int, default=1000)
    sizes.add_argument("--largest-stall", type=int, default=2000)
    sizes.add_argument("--orders", type=int, default=200000)
    return parser.parse_args(argv)


# --- database and data --------------------------------------------------------------------------------


def prepare_environment(database_url: str, cache_url: str) -> None:
    os.environ.update(
        CACHE_URL=cache_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=os.environ.get("BENCH_BROKER_URL", DEFAULT_BROKER_URL),
        # One connection per worker for the whole run, so the database backends' CPU can be read.
        DATABASE_CONN_MAX_AGE="3600",
        DJANGO_LOG_LEVEL="WARNING",
    )


def ensure_database(database_url: str, *, fresh: bool) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        if fresh:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare_data(args) -> None:
    from django.conf import settings
    from django.core.management import call_command

    from market.models import Region
    from portal.management.commands.seed_scale import SLUG_PREFIX

    call_command("migrate", interactive=False, verbosity=0)
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    newest = max(path.stat().st_mtime for path in (ROOT / "static").rglob("*") if path.is_file())
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        print("collectstatic...", flush=True)
        call_command("collectstatic", interactive=False, verbosity=0)
    if Region.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        print("The bench database already holds the scale data (--fresh to seed it anew).", flush=True)
        return
    print("Seeding the demo and scale data...", flush=True)
    started = time.monotonic()
    call_command("seed_demo", force=True, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    names = ("markets", "stalls", "products", "applications", "orders")
    sizes = {name: getattr(args, name) for name in names}
    call_command("seed_scale", force=True, largest_stall=args.largest_stall, **sizes)
    print(f"seeded in {time.monotonic() - started:.0f} s", flush=True)


def forget_earlier_runs() -> None:
    """Delete the orders earlier runs placed (their checkouts and open jobs, all of bench shoppers) and
    their notifications: no beat cancels or delivers them here, so each run would add a thousand open
    orders to the largest stall's list and the region's board, and as many unread notices to its
    trader's inbox. Each run measures the seeded data plus its own orders."""
    from couriers.models import Delivery
    from notifications.models import Notification
    from orders.models import Order, TraderOrder

    orders = Order.objects.filter(shopper__phone__startswith=BENCH_SHOPPER_PREFIX)
    numbers = [Order.number_of(pk) for pk in orders.values_list("pk", flat=True)]
    Notification.objects.filter(params__order__in=numbers).delete()  # "PD-…: a new order", unread
    # Their deliveries and parts first: the order is a protected key of both.
    for rows in (
        Delivery.objects.filter(order__in=orders),
        TraderOrder.objects.filter(order__in=orders),
        orders,
    ):
        rows.delete()


def vacuum_database() -> None:
    """Vacuum and analyze the whole database, as autovacuum would between two runs: the rows this run
    just wrote (shoppers, carts, jobs) and those the last runs wrote (orders, sessions, outbox rows)
    would otherwise leave pages no index can answer from alone (this machine's PostgreSQL runs without
    autovacuum). A second or two."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def data_sizes() -> str:
    from market.models import Application, ApplicationStatus, Market
    from orders.models import Order
    from vendors.models import Product, Trader, TraderStatus

    return (
        f"{Market.objects.count()} markets, {Trader.objects.filter(status=TraderStatus.ACTIVE).count()} "
        f"active stalls, {Product.objects.count()} products, "
        f"{Application.objects.filter(status=ApplicationStatus.PENDING).count()} pending applications, "
        f"{Order.objects.count()} orders"
    )


# --- rows ---------------------------------------------------------------------------------------------


def plan_rows(work_dir: Path | None) -> tuple[list[Row], dict[str, str], list[str], dict]:
    """The rows over this database's data, the session cookie of each signed-in role, notes, and the
    checks to run after the load (row key -> a function giving a Verdict). Without a scratch directory,
    no order rows (they add shoppers and carts)."""
    from django.db.models import Count, Q
    from django.urls import NoReverseMatch, reverse

    from market.models import ApplicationKind, ApplicationStatus, Market, Region, RegionStaff
    from vendors.models import Product, Trader, TraderStatus

    def on_sale(**filters) -> int:
        return Product.objects.on_sale().filter(**filters).count()

    markets = Market.objects.filter(is_active=True).annotate(n=Count("traders__products"))
    big_market = markets.order_by("-n", "pk").first()
    demo_market = markets.filter(slug="pasar-batang").first() or markets.order_by("n", "pk").first()
    stalls = Trader.objects.runnable().filter(status=TraderStatus.ACTIVE).annotate(n=Count("products"))
    large = stalls.filter(user__isnull=False).order_by("-n", "pk").first()
    small = stalls.filter(market=demo_market, n__gte=3).order_by("n", "pk").first()
    waiting = Q(applications__status=ApplicationStatus.PENDING, applications__kind=ApplicationKind.TRADER)
    region = Region.objects.annotate(n=Count("applications", filter=waiting)).order_by("-n", "pk").first()
    staff = RegionStaff.objects.filter(region=region).select_related("user").first().user
    cookies = {"trader": session_cookie(large.user), "staff": session_cookie(staff)}

    def products(query: dict) -> str:
        return reverse("vendors:product_list") + "?" + urlencode(query)

    rows = [
        Row(BARE, "bare view (ceiling)", reverse("bench-bare")),
        Row(BARE_PRODUCTS, "bare 50-product page", reverse("bench-products")),
        Row(BARE_SIGNED_IN, "signed-in bare page", reverse("bench-signed-in"), user="trader"),
        Row("home", "home", reverse("market:home"), hot=True, shopper=True),
        Row(
            "market-small",
            f"market page, {demo_market.name} ({on_sale(trader__market=demo_market)} products)",
            reverse("vendors:market_detail", args=[demo_market.slug]),
            listing=True,
            hot=True,
            shopper=True,
            pair="market page",
        ),
        Row(
            "market-large",
            f"market page, {big_market.name} ({on_sale(trader__market=big_market)} products)",
            reverse("vendors:market_detail", args=[big_market.slug]),
            listing=True,
            hot=True,
            shopper=True,
            pair="market page",
        ),
        Row(
            "stall-small",
            f"stall page, {on_sale(trader=small)} products",
            reverse("vendors:stall_detail", args=[small.pk]),
            listing=True,
            hot=True,
            shopper=True,
            pair="stall page",
        ),
        Row(
            "stall-large",
            f"stall page, {on_sale(trader=large)} products",
            reverse("vendors:stall_detail", args=[large.pk]),
            listing=True,
            hot=True,
            shopper=True,
            pair="stall page",
        ),
        Row(
            "search-market",
            f"search “{SEARCH_TERM}” in {big_market.name}",
            products({"q": SEARCH_TERM, "market": big_market.slug}),
            listing=True,
            shopper=True,
        ),
        Row(
            "search-region",
            f"search “{SEARCH_TERM}” across the region",
            products({"q": SEARCH_TERM}),
            listing=True,
            shopper=True,
        ),
        Row(
            "compare",
            f"compare “{COMPARE_TERM}”, cheapest first",
            products({"q": COMPARE_TERM, "sort": "price"}),
            listing=True,
            shopper=True,
        ),
        Row(
            "api-products",
            f"catalogue API, {big_market.name}",
            reverse("api:product-list") + "?" + urlencode({"market": big_market.slug}),
            listing=True,
        ),
        Row("schema", "/api/schema/", reverse("api-schema"), schema=True),
        Row("login", "login page", reverse("account_login"), shopper=True),
        Row(
            "trader-products",
            f"trader's products page, {large.n} products",
            reverse("vendors:manage_products", args=[large.pk]),
            user="trader",
            listing=True,
        ),
        Row(
            "quick-update",
            f"quick update, {large.n} products",
            reverse("vendors:manage_quick_update", args=[large.pk]),
            user="trader",
            listing=True,
        ),
        Row(
            "staff-queue",
            f"staff review queue, {region.n} pending",
            reverse("market:review_queue"),
            user="staff",
            listing=True,
        ),
        Row(
            "staff-traders",
            f"staff trader list, {region.name}",
            reverse("vendors:staff_traders"),
            user="staff",
            listing=True,
        ),
    ]
    with contextlib.suppress(NoReverseMatch):  # the Catalogue issue's product page, once it lands
        product = Product.objects.on_sale().filter(trader=small).first()
        path = reverse("vendors:product_detail", args=[product.pk])
        rows.insert(8, Row("product", "product page", path, hot=True, shopper=True))
    checks = {}
    if work_dir is not None:
        rows += order_rows(big_market, large, cookies, work_dir, checks)
        rows += courier_rows(big_market, large, cookies, work_dir, checks)
    return rows, cookies, ["Not built yet, so not measured: " + "; ".join(NOT_YET) + "."], checks


# Each function gives its app's rows: (the big market, its largest stall, cookies by role to add to, a
# scratch directory, checks by row key to add to) -> rows.


def order_rows(market, stall, cookies: dict[str, str], work_dir: Path, checks: dict) -> list[Row]:
    """The cart of a shopper with three lines, the largest stall's incoming orders, and checkout: new
    shoppers each placing their own cart through the API with a fresh Idempotency-Key, half of the
    carts holding a product whose stock runs out (their 409 "stock short" is expected)."""
    from django.urls import reverse

    plenty, scarce = checkout_products(stall)
    shoppers = bench_shoppers(CHECKOUTS + 1)
    carts = fill_carts(shoppers, market, plenty, scarce)
    cookies["shopper"] = session_cookie(shoppers[0])
    stock_before = scarce.stock
    checks["checkout"] = lambda: oversold(scarce, stock_before, shoppers)
    kelurahan = bench_kelurahan(market)
    requests = work_dir / "checkouts.tsv"
    with requests.open("w") as out:
        for shopper, cart in zip(shoppers[1:], carts[1:], strict=True):
            body = {
                "cart": cart.pk,
                "kelurahan": kelurahan.pk,
                "street": "Jl. Mawar No. 1",
                "recipient_name": shopper.name,
                "recipient_whatsapp": str(shopper.phone),
            }
            token = session_cookie(shopper).split("=", 1)[1]
            path = reverse("api:order-list")
            out.write("\t".join(["POST", path, token, secrets.token_hex(8), json.dumps(body)]) + "\n")
    return [
        Row("cart", "cart, 3 stalls", reverse("orders:cart"), user="shopper"),
        Row(
            "checkout",
            "checkout (API, Idempotency-Key)",
            reverse("api:order-list"),
            checkout=True,
            requests=str(requests),
        ),
        Row(
            "stall-orders",
            f"the stall's order list, {stall.trader_orders.count()} orders",
            reverse("orders:stall_orders"),
            user="trader",
            listing=True,
        ),
    ]


def courier_rows(market, stall, cookies: dict[str, str], work_dir: Path, checks: dict) -> list[Row]:
    """The job board of an online courier of the busy market's region (its page and the API) with JOBS
    new open jobs of the market besides what seed_scale left, and accept: COURIERS_PER_JOB new online
    couriers sent to take each of those jobs through the API, so one wins (200) and the others' 4xx
    are expected (409 "taken" when they raced the winner, 404 once the job left their board); after
    the run, no job has two couriers and no courier two jobs."""
    from django.urls import reverse

    from vendors.models import Product

    couriers = bench_couriers(market.region, JOBS * COURIERS_PER_JOB + 1)
    # Another stall's orders, so the largest stall's order list stays the same size from run to run.
    other = Product.objects.on_sale().filter(trader__market=market).exclude(trader=stall).first().trader
    jobs = bench_jobs(other, JOBS)
    cookies["courier"] = session_cookie(couriers[0].user)
    checks["accept"] = lambda: one_winner(jobs)
    requests = work_dir / "accepts.tsv"
    lines = accept_lines(jobs, couriers[1:], reverse("api:courier-job-accept", args=[0]))
    requests.write_text("".join(lines))
    board = f"the job board, {open_job_count(market.region)} open jobs"
    return [
        Row("job-board", board, reverse("couriers:board"), user="courier", listing=True),
        Row("api-jobs", f"{board} (API)", reverse("api:courier-job-list"), user="courier", listing=True),
        Row("accept", "take a job (API, 2 couriers a job)", lines[0].split("\t")[1], requests=str(requests)),
    ]


def accept_lines(jobs, couriers, path_of_0: str) -> list[str]:
    """One accept request a line (bench/wrk.lua's format): courier n takes job n // COURIERS_PER_JOB,
    so the couriers of one job follow each other and race for it."""
    lines = []
    for number, courier in enumerate(couriers):
        job = jobs[number // COURIERS_PER_JOB]
        token = session_cookie(courier.user).split("=", 1)[1]
        path = path_of_0.replace("/0/", f"/{job.pk}/")
        lines.append("\t".join(["POST", path, token, "", "{}"]) + "\n")
    return lines


def open_job_count(region) -> int:
    from couriers.models import Delivery, DeliveryStatus

    return Delivery.objects.filter(region=region, status=DeliveryStatus.OPEN).count()


def bench_couriers(region, count: int) -> list:
    """`count` new active couriers of `region`, online, each with a verified number (+62 813 8…)."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from couriers.models import Courier, ProfileStatus

    start = User.objects.filter(phone__startswith="+628138").count()
    password = make_password(None)
    users = User.objects.bulk_create(
        User(name=f"Kurir Bench {n}", phone=f"+628138{n:07d}", phone_verified=True, password=password)
        for n in range(start, start + count)
    )
    return Courier.objects.bulk_create(
        Courier(
            user=user,
            region=region,
            plate_number=f"H {n % 10000} BN",
            status=ProfileStatus.ACTIVE,
            is_online=True,
        )
        for n, user in enumerate(users, start=start)
    )


def bench_jobs(stall, count: int) -> list:
    """`count` orders of one product of `stall`, ready now, each with its open job (one pickup)."""
    from django.utils import timezone

    from couriers.models import Delivery, DeliveryStop
    from orders.models import Order, OrderItem, OrderStatus, TraderOrder, TraderOrderStatus
    from vendors.models import Product

    product = Product.objects.on_sale().filter(trader=stall).order_by("pk").first()
    shopper = bench_shoppers(1)[0]
    kelurahan, market, now, fee = bench_kelurahan(stall.market), stall.market, timezone.now(), 10000
    price = int(product.price * product.step)
    orders = Order.objects.bulk_create(
        Order(
            market=market,
            shopper=shopper,
            status=OrderStatus.READY,
            kelurahan=kelurahan,
            street="Jl. Mawar No. 1",
            recipient_name=shopper.name,
            recipient_whatsapp=str(shopper.phone),
            acceptable_at=now,
            delivery_fee=fee,
            items_total=price,
            total=price + fee,
            confirmation_code="1234",
            placed_at=now,
            accepted_at=now,
            ready_at=now,
        )
        for _ in range(count)
    )
    parts = TraderOrder.objects.bulk_create(
        TraderOrder(
            order=order,
            trader=stall,
            status=TraderOrderStatus.READY,
            items_total=price,
            accepted_at=now,
            ready_at=now,
        )
        for order in orders
    )
    OrderItem.objects.bulk_create(
        OrderItem(
            trader_order=part,
            product=product,
            name=product.name,
            unit=product.unit,
            step=product.step,
            price=product.price,
            quantity_ordered=product.step,
            quantity=product.step,
            line_total=price,
        )
        for part in parts
    )
    jobs = Delivery.objects.bulk_create(
        Delivery(
            order=order, region=market.region, market=market, fee=fee, cash_to_carry=price, opened_at=now
        )
        for order in orders
    )
    DeliveryStop.objects.bulk_create(
        DeliveryStop(delivery=job, trader_order=part, cash_due=price)
        for job, part in zip(jobs, parts, strict=True)
    )
    return jobs


def one_winner(jobs) -> Verdict:
    """Each job went to at most one courier, no courier holds two, and the order of each taken job is
    assigned to its courier."""
    from django.db.models import Count

    from couriers.models import Delivery, DeliveryEvent, DeliveryStatus
    from orders.models import OrderStatus

    taken = Delivery.objects.filter(pk__in=[job.pk for job in jobs]).exclude(status=DeliveryStatus.OPEN)
    twice = DeliveryEvent.objects.filter(delivery__in=taken, kind="taken").values("delivery")
    twice = twice.annotate(n=Count("pk")).filter(n__gt=1).count()
    holders = taken.values("courier").annotate(n=Count("pk")).filter(n__gt=1).count()
    unassigned = taken.exclude(order__status=OrderStatus.ASSIGNED).count()
    exact = not (twice or holders or unassigned)
    detail = (
        f"{taken.count()} taken; {twice} twice, {holders} couriers with two, {unassigned} orders not assigned"
    )
    return Verdict("one winner per job", "accept", exact, detail)


def checkout_products(stall):
    """Two products of the stall on sale: one with stock to spare, one with stock for SCARCE_ORDERS."""
    from vendors.models import Product

    plenty, scarce = Product.objects.on_sale().filter(trader=stall).order_by("pk")[:2]
    Product.objects.filter(pk=plenty.pk).update(stock=plenty.step * 100_000)
    Product.objects.filter(pk=scarce.pk).update(stock=scarce.step * SCARCE_ORDERS)
    plenty.refresh_from_db()
    scarce.refresh_from_db()
    return plenty, scarce


def bench_shoppers(count: int) -> list:
    """`count` new shoppers with verified numbers (+62 813 7…, after those of earlier runs)."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    start = User.objects.filter(phone__startswith=BENCH_SHOPPER_PREFIX).count()
    password = make_password(None)
    return User.objects.bulk_create(
        User(
            name=f"Pembeli Bench {n}",
            phone=f"{BENCH_SHOPPER_PREFIX}{n:07d}",
            phone_verified=True,
            password=password,
        )
        for n in range(start, start + count)
    )


def fill_carts(shoppers, market, plenty, scarce) -> list:
    from orders.models import Cart, CartItem
    from vendors.models import Product

    carts = Cart.objects.bulk_create(Cart(shopper=shopper, market=market) for shopper in shoppers)
    items = [CartItem(cart=cart, product=plenty, quantity=plenty.step) for cart in carts]
    items += [CartItem(cart=cart, product=scarce, quantity=scarce.step) for cart in carts[1::2]]
    others = Product.objects.on_sale().filter(trader__market=market).exclude(trader=plenty.trader_id)
    items += [CartItem(cart=carts[0], product=product, quantity=product.step) for product in others[:2]]
    CartItem.objects.bulk_create(items)
    return carts


def bench_kelurahan(market):
    from orders.models import Kelurahan

    kelurahan, _ = Kelurahan.objects.get_or_create(
        region=market.region,
        district="Kecamatan Bench",
        name=f"Kelurahan {market.name}",
        defaults={"latitude": market.latitude, "longitude": market.longitude},
    )
    return kelurahan


def oversold(product, stock_before, shoppers) -> Verdict:
    """No oversell: the scarce product's stock went down by exactly what the run's orders took, never
    below 0."""
    from django.db.models import Sum

    from orders.models import OrderItem

    product.refresh_from_db()
    items = OrderItem.objects.filter(product=product, trader_order__order__shopper__in=shoppers)
    taken = items.aggregate(n=Sum("quantity"))["n"] or 0
    exact = product.stock >= 0 and stock_before - product.stock == taken
    detail = f"stock {stock_before} -> {product.stock}, {taken} ordered"
    return Verdict("no oversell", "checkout", exact, detail)


def session_cookie(user) -> str:
    """A signed-in session for `user`, as a Cookie header value."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


# --- the server ---------------------------------------------------------------------------------------


@dataclass
class Snapshot:
    server_ticks: int
    db_ticks: dict[int, int] | None
    served: int


class Server:
    """gunicorn with the bench settings, its CPU time and the requests it answered, and the Celery worker
    that sends the notifications the requests queue."""

    def __init__(self, args, log_dir: Path):
        self.args = args
        self.requests_log = log_dir / "requests"
        self.requests_log.touch()
        self.error_log = log_dir / "gunicorn.log"
        self.process = None
        self.worker = None
        self.db = None

    def __enter__(self):
        import psycopg

        env = {
            **os.environ,
            "BENCH_REQUEST_LOG": str(self.requests_log),
            "WEB_CONCURRENCY": str(self.args.workers),
            "WEB_TIMEOUT_SECONDS": str(self.args.timeout + 5),
        }
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            "config/gunicorn.py",
            "--no-control-socket",
            "--bind",
            f"127.0.0.1:{self.args.port}",
            "--workers",
            str(self.args.workers),
            "--max-requests",
            "0",
            "--access-logfile",
            os.devnull,
            "--error-logfile",
            str(self.error_log),
            "config.wsgi",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
        self._wait_until_up()
        # Once gunicorn answers: a start that fails leaves no worker behind.
        self.worker = start_worker(self.error_log.with_name("celery.log"))
        self.db = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
        return self

    def __exit__(self, *exc):
        if self.db is not None:
            self.db.close()
        for process in (self.process, self.worker):
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _wait_until_up(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"gunicorn exited; see {self.error_log}:\n{self.error_log.read_text()[-3000:]}"
                )
            with contextlib.suppress(OSError):
                if request(self.args.port, "/_bench/bare/")[0] == 200:
                    return
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer in 60 s; see {self.error_log}")

    def snapshot(self) -> Snapshot:
        return Snapshot(self._server_ticks(), self._db_ticks(), self._served())

    def _server_ticks(self) -> int:
        """The master's and live workers' CPU ticks plus those of workers that exited (reaped)."""
        master = self.process.pid
        _, own, reaped = parse_proc_stat(Path(f"/proc/{master}/stat").read_text())
        total = own + reaped
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError):
                ppid, ticks, _ = parse_proc_stat(stat.read_text())
                if ppid == master:
                    total += ticks
        return total

    def _db_ticks(self) -> dict[int, int] | None:
        """CPU ticks of each database backend serving the bench database (None if not on this machine)."""
        pids = self.db.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        try:
            return {pid: parse_proc_stat(Path(f"/proc/{pid}/stat").read_text())[1] for (pid,) in pids}
        except OSError:
            return None

    def drain(self, limit: float = 180) -> float:
        """Wait until the workers have answered what wrk left queued and sit idle; returns the time of
        the last answer (time.monotonic())."""
        deadline = time.monotonic() + limit
        served, last_answer = self._served(), time.monotonic()
        ticks, quiet_since = self._server_ticks(), last_answer
        while time.monotonic() < deadline:
            time.sleep(0.02)
            now = time.monotonic()
            if self._served() != served:
                served, last_answer, quiet_since = self._served(), now, now
            elif now - quiet_since > 0.5:
                if self._server_ticks() - ticks <= 1:  # no worker is still on a request
                    break
                ticks, quiet_since = self._server_ticks(), now
        return last_answer

    def _served(self) -> int:
        return self.requests_log.stat().st_size


def start_worker(log: Path) -> subprocess.Popen:
    """One Celery worker process on the bench's queue (emptied first: no message of an earlier run)."""
    import redis

    redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).flushdb()
    command = [
        str(Path(sys.executable).parent / "celery"),
        "--app",
        "config",
        "worker",
        "--pool",
        "solo",
        "--loglevel",
        "WARNING",
        "--logfile",
        str(log),
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def request(port: int, path: str, headers=None, method="GET", body=None) -> tuple[int, dict, bytes, float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    started = time.monotonic()
    try:
        connection.request(method, path, body=body, headers={**FORWARDED, **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        return (
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            body,
            time.monotonic() - started,
        )
    finally:
        connection.close()


def probe(port: int, row: Row, cookie: str | None) -> Probe:
    """The row's page twice, as it is (status, queries, size, assets) and as sent compressed; a row of
    requests (checkout) sends its first one twice, the second time a repeat of the same key."""
    headers = {"Cookie": cookie} if cookie else {}
    path, method, payload = row.path, "GET", None
    if row.requests:
        method, path, token, key, payload = Path(row.requests).read_text().splitlines()[0].split("\t")
        headers = {"X-Session-Token": token, "Idempotency-Key": key, "Content-Type": "application/json"}
    identity = {**headers, "Accept-Encoding": "identity"}
    status, response_headers, body, _ = request(port, path, identity, method, payload)
    _, _, sent, seconds = request(port, path, {**headers, **COMPRESSED}, method, payload)
    content_type = response_headers.get("content-type", "")
    first_load = None
    if content_type.startswith("text/html"):
        assets = first_load_assets(body.decode("utf-8", "replace"))
        first_load = len(sent) + sum(len(request(port, url, COMPRESSED)[2]) for url in assets)
    queries = response_headers.get("x-bench-queries")
    return Probe(
        status=status,
        queries=int(queries) if queries is not None else None,
        content_type=content_type,
        body_bytes=len(body),
        served_bytes=len(sent),
        first_load_bytes=first_load,
        seconds=seconds,
    )


def wrk(args, row: Row, cookie: str | None, connections: int, seconds: float) -> str:
    threads = min(2, connections)
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(seconds, 1):.0f}s",
        f"--timeout={args.timeout}s",
        "--script",
        str(ROOT / "bench" / "wrk.lua"),
        "--header",
        "X-Forwarded-Proto: https",
        "--header",
        f"Accept-Encoding: {COMPRESSED['Accept-Encoding']}",
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{args.port}{row.path}")
    env = {**os.environ, "BENCH_REQUESTS": row.requests or "", "BENCH_THREADS": str(threads)}
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    if row.requests:
        drop_sent(Path(row.requests), parse_wrk(output).requests)
    return output


def drop_sent(requests: Path, sent: int) -> None:
    """Each checkout is a new one: the next wrk run starts after the lines this one sent."""
    lines = requests.read_text().splitlines(keepends=True)
    requests.write_text("".join(lines[sent:]) if sent < len(lines) else "")


def measure_round(args, server: Server, row: Row, cookie, connections: int) -> Round:
    before = server.snapshot()
    started = time.monotonic()
    output = wrk(args, row, cookie, connections, args.duration)
    # What wrk left in flight is answered and counted too: CPU and requests are both the server's.
    last_answer = server.drain()
    after = server.snapshot()
    db = (
        None
        if after.db_ticks is None or before.db_ticks is None
        else ticks_between(before.db_ticks, after.db_ticks) / TICK
    )
    return Round(
        wrk=parse_wrk(output),
        seconds=last_answer - started,
        served=after.served - before.served,
        server_cpu_s=(after.server_ticks - before.server_ticks) / TICK,
        db_cpu_s=db,
        connections=connections,
    )


def measure(args, rows: list[Row], cookies: dict[str, str], log_dir: Path) -> dict[str, Result]:
    with Server(args, log_dir) as server:
        results, connections = {}, {}
        for row in rows:
            cookie = cookies.get(row.user)
            result = results[row.key] = Result(row, probe(args.port, row, cookie))
            print(
                f"probed {row.key}: {result.probe.status}, {result.probe.seconds * 1000:.0f} ms", flush=True
            )
            slow = result.probe.seconds * 1000 > args.slow_ms
            connections[row.key] = args.workers if slow else args.connections
        for row in rows:
            if results[row.key].probe.ok and args.warmup:
                wrk(args, row, cookies.get(row.user), connections[row.key], args.warmup)
                server.drain()
        for number in range(1, args.rounds + 1):
            for row in rows:
                if not results[row.key].probe.ok:
                    continue
                round_ = measure_round(args, server, row, cookies.get(row.user), connections[row.key])
                results[row.key].rounds.append(round_)
                print(f"round {number}/{args.rounds} {row.key}: {round_.served} answers", flush=True)
    return results


# --- main ---------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(argv)
    args.port = args.port or free_port()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    prepare_environment(database_url, os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL))
    ensure_database(database_url, fresh=args.fresh)

    import django

    django.setup()
    from django.db import connections

    prepare_data(args)
    from django.core.cache import cache

    cache.clear()  # no fragment of an earlier run's code or data
    with tempfile.TemporaryDirectory(prefix="pasar-bench-") as work_dir:
        forget_earlier_runs()
        rows, cookies, notes, checks = plan_rows(Path(work_dir))
        vacuum_database()
        if args.only:
            wanted = {BARE, BARE_PRODUCTS, BARE_SIGNED_IN, *args.only.split(",")}
            rows = [row for row in rows if row.key in wanted]
        sizes = data_sizes()
        connections.close_all()
        estimate = len(rows) * (args.rounds * args.duration + args.warmup)
        print(
            f"{len(rows)} rows × {args.rounds} rounds × {args.duration:g} s: about {estimate / 60:.0f} min",
            flush=True,
        )
        load_before = os.getloadavg()[0]
        results = measure(args, rows, cookies, Path(work_dir))
    verdicts = check_budgets(results)
    verdicts += [check() for key, check in checks.items() if key in results]
    notes = [
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, revision {revision()}; data: {sizes}.",
        f"gunicorn {args.workers} sync workers, DEBUG off, PostgreSQL; wrk {args.connections} connections, "
        f"{args.rounds} interleaved rounds of {args.duration:g} s per row; load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after.",
        *notes,
    ]
    if any(result.connections not in (None, args.connections) for result in results.values()):
        notes.append(
            f"(c={args.workers}): a single answer took over {args.slow_ms:g} ms, so the row ran with one "
            "connection per worker (the same saturation, without minutes of queued requests)."
        )
    text = render(results, verdicts, heading="Benchmark", connections=args.connections, notes=notes)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    if args.save:
        (RESULTS / f"{args.save}.md").write_text(text, encoding="utf-8")
    return 0 if all(verdict.passed for verdict in verdicts) else 1


def free_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return probe_socket.getsockname()[1]


def revision() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
