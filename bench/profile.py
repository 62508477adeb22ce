"""Where one page's time goes: cProfile over a few requests through the whole middleware stack, on the
bench database with the bench settings (run `make bench` once first, to create and seed it).

    .venv/bin/python -m bench.profile /pasar/skala-pasar-1/ [--requests 3] [--top 25] [--as ROLE]

ROLE is trader, staff or courier (an online courier of the busy market's region, as the job-board rows).

Prints the SQL queries per request and the functions with the most cumulative and own time.
"""

import argparse
import cProfile
import os
import pstats

from bench.run import (
    DEFAULT_CACHE_URL,
    DEFAULT_DATABASE_URL,
    FORWARDED,
    plan_rows,
    prepare_environment,
    session_cookie,
)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="bench.profile", description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--as", dest="user", choices=["trader", "staff", "courier"], help="signed in as the bench's"
    )
    args = parser.parse_args(argv)
    prepare_environment(
        os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL),
    )

    import django

    django.setup()
    from django.test import Client

    headers = {"HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": FORWARDED["X-Forwarded-Proto"]}
    if args.user == "courier":
        headers["HTTP_COOKIE"] = session_cookie(board_courier().user)
    elif args.user:
        headers["HTTP_COOKIE"] = plan_rows(None)[1][args.user]
    client = Client(**headers)
    response = client.get(args.path)  # warm: templates compiled, connection open
    size = len(response.content) / 1024
    print(f"{response.status_code}, {size:.0f} KB, {response['X-Bench-Queries']} queries")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        client.get(args.path)
    profile.disable()
    stats = pstats.Stats(profile).strip_dirs()
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)


def board_courier():
    """An online active courier of the busy market's region holding no delivery, without a shared
    location: whose board the bench's job-board rows show."""
    from django.db.models import Count

    from couriers.models import ACTIVE_DELIVERY_STATUSES, Courier, ProfileStatus
    from market.models import Market

    markets = Market.objects.filter(is_active=True).annotate(n=Count("traders__products"))
    region_id = markets.order_by("-n", "pk").values_list("region_id", flat=True).first()
    couriers = Courier.objects.filter(
        region_id=region_id, status=ProfileStatus.ACTIVE, is_online=True, latitude__isnull=True
    ).exclude(deliveries__status__in=ACTIVE_DELIVERY_STATUSES)
    return couriers.select_related("user").order_by("pk").first()


if __name__ == "__main__":
    main()
