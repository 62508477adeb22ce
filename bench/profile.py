"""Where one page's time goes: cProfile over a few requests through the whole middleware stack, on the
bench database with the bench settings (run `make bench` once first, to create and seed it).

    .venv/bin/python -m bench.profile /pasar/skala-pasar-1/ [--requests 3] [--top 25] [--as trader|staff]

Prints the SQL queries per request and the functions with the most cumulative and own time.
"""

import argparse
import cProfile
import os
import pstats

from bench.run import DEFAULT_CACHE_URL, DEFAULT_DATABASE_URL, FORWARDED, plan_rows, prepare_environment


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="bench.profile", description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--as", dest="user", choices=["trader", "staff"], help="signed in as the bench's")
    args = parser.parse_args(argv)
    prepare_environment(
        os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL),
    )

    import django

    django.setup()
    from django.test import Client

    headers = {"HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": FORWARDED["X-Forwarded-Proto"]}
    if args.user:
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


if __name__ == "__main__":
    main()
