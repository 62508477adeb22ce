"""The benchmark's parsing, adding up and budgets (bench/report.py), on made-up measurements."""

from dataclasses import replace

import pytest

from bench.report import (
    BARE,
    BARE_PRODUCTS,
    BARE_SIGNED_IN,
    KB,
    Probe,
    Result,
    Round,
    Row,
    WrkRun,
    check_budgets,
    first_load_assets,
    parse_proc_stat,
    parse_wrk,
    render,
    ticks_between,
)

WRK_OUTPUT = """Running 6s test @ http://127.0.0.1:8765/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    34.10ms    9.23ms  80.11ms   70.00%
  2915 requests in 6.00s, 1.20MB read
  Non-2xx or 3xx responses: 12
Requests/sec:    485.71
Transfer/sec:    204.88KB
BENCH {"duration_us": 6001234, "requests": 2915, "bytes": 1258291, "ok": 2900, "client_errors": 12, \
"server_errors": 3, "connect_errors": 1, "read_errors": 2, "write_errors": 0, "timeouts": 4, \
"p50_us": 34400, "p95_us": 54900, "p99_us": 62900, "max_us": 80110}
"""


def test_parses_wrk_output_from_the_lua_script():
    run = parse_wrk(WRK_OUTPUT)

    assert run.requests == 2915
    assert run.duration_s == pytest.approx(6.001234)
    assert (run.ok, run.client_errors, run.server_errors) == (2900, 12, 3)
    assert (run.socket_errors, run.timeouts) == (3, 4)
    assert (run.p50_ms, run.p95_ms, run.p99_ms) == (34.4, 54.9, 62.9)


def test_wrk_output_without_the_line_is_an_error():
    with pytest.raises(ValueError, match="no BENCH line"):
        parse_wrk("unable to connect to 127.0.0.1:8765 Connection refused")


def test_parses_proc_stat_even_with_spaces_and_parentheses_in_the_name():
    fields = ["S", "41", "1", "1", "0", "-1", "4194560", "9", "0", "0", "0", "250", "31", "700", "45"]
    text = "1234 (gunicorn: worker (x) [config]) " + " ".join(fields + ["20", "0", "1"]) + "\n"

    assert parse_proc_stat(text) == (41, 281, 745)


def test_cpu_between_readings_survives_processes_that_come_and_go():
    before = {10: 500, 11: 300, 12: 900}
    after = {10: 520, 11: 300, 13: 7}  # 12 closed, 13 opened

    assert ticks_between(before, after) == 20 + 0 + 7


def test_first_load_counts_styles_icons_scripts_and_images_but_not_product_photos():
    html = """<html><head>
      <link rel="icon" href="/static/img/favicon.svg"><link rel="stylesheet" href="/static/app.css">
      <link rel="preconnect" href="https://example.org"><script src="/static/app.js" defer></script>
      <script>inline()</script></head>
      <body><img src="/media/products/thumbs/cabai.jpg"><img src="/static/img/logo.svg">
      <img src="data:image/gif;base64,R0lGOD"><link rel="stylesheet" href="/static/app.css"></body></html>"""

    assert first_load_assets(html) == [
        "/static/img/favicon.svg",
        "/static/app.css",
        "/static/app.js",
        "/static/img/logo.svg",
    ]


def probe(status=200, queries=3, html=True, size=10 * KB, first_load=40 * KB) -> Probe:
    return Probe(
        status=status,
        queries=queries,
        content_type="text/html; charset=utf-8" if html else "application/json",
        body_bytes=size,
        served_bytes=size,
        first_load_bytes=first_load if html else None,
        seconds=0.01,
    )


def measured(row: Row, rps: float, *, probe_=None, server_errors=0, timeouts=0, rounds=2) -> Result:
    """A result whose rounds add up to `rps` requests a second and 5 ms of CPU per request."""
    result = Result(row, probe_ or probe())
    for _ in range(rounds):
        run = WrkRun(
            duration_s=10,
            requests=int(rps * 10),
            ok=int(rps * 10),
            client_errors=0,
            server_errors=server_errors,
            socket_errors=0,
            timeouts=timeouts,
            p50_ms=10,
            p95_ms=20,
            p99_ms=30,
        )
        result.rounds.append(
            Round(
                run,
                seconds=10,
                served=int(rps * 10),
                server_cpu_s=rps * 10 * 0.005,
                db_cpu_s=None,
                connections=16,
            )
        )
    return result


def baselines(bare=1000, bare50=100, signed_in=800) -> dict[str, Result]:
    return {
        BARE: measured(Row(BARE, "bare", "/b/"), bare, probe_=probe(queries=0, html=False, size=2)),
        BARE_PRODUCTS: measured(Row(BARE_PRODUCTS, "bare 50", "/p/"), bare50, probe_=probe(queries=1)),
        BARE_SIGNED_IN: measured(
            Row(BARE_SIGNED_IN, "signed in", "/s/", user="trader"),
            signed_in,
            probe_=probe(queries=2, html=False),
        ),
    }


def verdicts_of(results, row_key) -> dict[str, bool]:
    return {verdict.budget: verdict.passed for verdict in check_budgets(results) if verdict.row == row_key}


def test_adds_up_rounds_into_throughput_and_cpu_per_request():
    result = measured(Row("home", "home", "/"), 250)

    assert result.served == 5000
    assert result.rps == 250
    assert result.cpu_ms == pytest.approx(5)
    assert result.latency("p95_ms") == 20
    assert result.db_ms is None


def test_throughput_is_the_servers_answers_so_a_page_slower_than_a_round_still_counts():
    result = measured(Row("big", "big market", "/pasar/big/"), 1)
    # wrk saw none of the answers finish within its 10 s; the server answered 2 in 10 s plus 2 queued
    # ones by 16 s, using 3.5 s of CPU each.
    result.rounds = [
        replace(r, wrk=replace(r.wrk, requests=0), seconds=16, served=4, server_cpu_s=14)
        for r in result.rounds
    ]

    assert result.rps == pytest.approx(0.25)
    assert result.cpu_ms == pytest.approx(3500)
    assert result.latency("p50_ms") is None


def test_a_listing_page_passes_at_0_8_of_the_bare_50_product_page_and_fails_below():
    listing = Row("market", "market page", "/pasar/x/", listing=True)

    assert verdicts_of(baselines() | {"market": measured(listing, 80)}, "market")[
        "listing ≥ 0.8× bare 50-product page"
    ]
    assert not verdicts_of(baselines() | {"market": measured(listing, 79)}, "market")[
        "listing ≥ 0.8× bare 50-product page"
    ]


def test_a_hot_page_is_held_to_0_3_of_the_bare_view():
    hot = Row("home", "home", "/", hot=True)

    assert verdicts_of(baselines() | {"home": measured(hot, 300)}, "home")["hot page ≥ 0.3× bare view"]
    assert not verdicts_of(baselines() | {"home": measured(hot, 299)}, "home")["hot page ≥ 0.3× bare view"]


def test_html_over_60_kb_and_a_shopper_first_load_over_100_kb_fail():
    page = Row("stall", "stall page", "/lapak/1/", shopper=True)
    heavy = probe(size=60 * KB + 1, first_load=100 * KB + 1)
    light = probe(size=60 * KB, first_load=100 * KB)

    heavy_verdicts = verdicts_of(baselines() | {"stall": measured(page, 100, probe_=heavy)}, "stall")
    light_verdicts = verdicts_of(baselines() | {"stall": measured(page, 100, probe_=light)}, "stall")

    assert not heavy_verdicts["HTML ≤ 60 KB"]
    assert not heavy_verdicts["first load ≤ 100 KB compressed"]
    assert light_verdicts["HTML ≤ 60 KB"] and light_verdicts["first load ≤ 100 KB compressed"]


def test_the_schema_must_cost_no_more_than_a_listing_page():
    schema = Row("schema", "/api/schema/", "/api/schema/", schema=True)
    json_probe = probe(html=False, size=92 * KB)

    fast = verdicts_of(baselines() | {"schema": measured(schema, 90, probe_=json_probe)}, "schema")
    slow = verdicts_of(baselines() | {"schema": measured(schema, 30, probe_=json_probe)}, "schema")

    assert fast["schema once per process (≥ 0.8× bare 50)"]
    assert not slow["schema once per process (≥ 0.8× bare 50)"]
    assert "HTML ≤ 60 KB" not in fast, "JSON is not held to the HTML budget"


def test_5xx_timeouts_and_a_page_that_does_not_answer_200_fail():
    page = Row("home", "home", "/")

    assert not verdicts_of(baselines() | {"home": measured(page, 100, server_errors=1)}, "home")[
        "no 5xx or timeouts"
    ]
    assert not verdicts_of(baselines() | {"home": measured(page, 100, timeouts=1)}, "home")[
        "no 5xx or timeouts"
    ]
    missing = Result(page, probe(status=404))
    assert verdicts_of(baselines() | {"home": missing}, "home") == {"answers 200": False}


def test_the_same_page_at_two_data_sizes_must_run_as_many_queries():
    small = Row("stall-small", "stall, 5 products", "/lapak/1/", pair="stall page")
    large = Row("stall-large", "stall, 2000 products", "/lapak/2/", pair="stall page")
    same = baselines() | {
        "stall-small": measured(small, 100, probe_=probe(queries=2)),
        "stall-large": measured(large, 100, probe_=probe(queries=2)),
    }
    grows = same | {"stall-large": measured(large, 100, probe_=probe(queries=2002))}

    assert verdicts_of(same, "stall page") == {"queries constant in data size": True}
    assert verdicts_of(grows, "stall page") == {"queries constant in data size": False}


def test_the_table_shows_ratios_to_both_baselines_and_each_rows_verdict():
    results = baselines() | {
        "market": measured(Row("market", "market page", "/pasar/x/", listing=True), 50),
        "queue": measured(Row("queue", "staff queue", "/dinas/", user="staff", listing=True), 200),
    }
    slow = measured(Row("big", "big market", "/pasar/big/", listing=True), 1)
    slow.rounds = [replace(r, connections=2) for r in slow.rounds]
    results["big"] = slow

    table = render(results, check_budgets(results), heading="Benchmark", connections=16, notes=["a note"])
    lines = {
        line.split(" | ")[0].lstrip("| "): line.split(" | ")
        for line in table.splitlines()
        if line.startswith("| ")
    }

    market = lines["market page"]
    assert market[1:4] == ["50.0", "0.05", "0.50"], "req/s, × bare view, × bare 50-product page"
    assert market[-1].startswith("FAIL: listing ≥ 0.8× bare 50-product page")
    queue = lines["staff queue"]
    assert queue[2:4] == ["0.25", "2.00"], "a signed-in row is held against the signed-in bare page"
    assert queue[-1].rstrip(" |") == "PASS"
    assert "big market (c=2)" in lines, "a row loaded with fewer connections says so"
    assert "FAIL listing ≥ 0.8× bare 50-product page: market (0.50×)" in table
    assert "- a note" in table


def test_checkout_answers_201_and_its_p95_is_held_to_ten_times_the_signed_in_bare_page():
    checkout = Row("checkout", "checkout", "/api/v1/orders/", checkout=True, requests="/tmp/lines")
    placed = probe(status=201, html=False)
    quick = measured(checkout, 20, probe_=placed)
    slow = measured(checkout, 20, probe_=placed)
    slow.rounds = [replace(r, wrk=replace(r.wrk, p95_ms=201)) for r in slow.rounds]

    assert verdicts_of(baselines() | {"checkout": quick}, "checkout") == {
        "no 5xx or timeouts": True,
        "checkout p95 ≤ 10× signed-in bare p95": True,
    }
    assert not verdicts_of(baselines() | {"checkout": slow}, "checkout")[
        "checkout p95 ≤ 10× signed-in bare p95"
    ]
