"""What `make bench` measures, and how it is judged: the rows, wrk's and /proc's output parsed, rounds
added up, the budgets checked and the markdown table written. No Django and no I/O here, so the suite
tests it (tests/bench/test_report.py)."""

import json
import statistics
from dataclasses import dataclass, field
from html.parser import HTMLParser

KB = 1024
# The budgets of the Benchmark issue.
LISTING_MIN_RATIO = 0.8  # × the bare 50-product page's throughput, every listing page and API list
HOT_MIN_RATIO = 0.3  # × the bare view's throughput, anonymous hot pages (served from a cache)
SCHEMA_MIN_RATIO = 0.8  # × the bare 50-product page: the schema is generated once per process
HTML_MAX_BYTES = 60 * KB  # no page's HTML over this
FIRST_LOAD_MAX_BYTES = 100 * KB  # a shopper's first load, compressed as served, without product photos
CHECKOUT_P95_MAX_RATIO = 10  # checkout's p95 latency, × the signed-in bare page's under the same load

BARE, BARE_PRODUCTS, BARE_SIGNED_IN = "bare", "bare50", "bare-signed-in"


@dataclass(frozen=True)
class Row:
    """One page or action under load. `user` signs the row in ("trader", "staff", "shopper"); `pair`
    names rows that are the same page at two data sizes, whose query counts must be equal. `requests`
    names a file of requests that wrk sends in turn instead of GETs of `path` (bench/wrk.lua: one a
    line, tab-separated method, path, session token, Idempotency-Key and JSON body); the probe sends
    the first."""

    key: str
    title: str
    path: str
    user: str | None = None
    listing: bool = False
    hot: bool = False
    shopper: bool = False
    schema: bool = False
    checkout: bool = False
    pair: str | None = None
    requests: str | None = None

    @property
    def bare_key(self) -> str:
        """The bare view this row is held against: the signed-in one for signed-in rows."""
        return BARE_SIGNED_IN if self.user else BARE


@dataclass(frozen=True)
class Probe:
    """One request before the load: what the page is."""

    status: int
    queries: int | None
    content_type: str
    body_bytes: int  # uncompressed
    served_bytes: int  # as sent, compressed if the server compressed it
    first_load_bytes: int | None  # HTML and its static assets as served; None for non-HTML
    seconds: float

    @property
    def ok(self) -> bool:
        return self.status in (200, 201)

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")


@dataclass(frozen=True)
class WrkRun:
    duration_s: float
    requests: int
    ok: int
    client_errors: int
    server_errors: int
    socket_errors: int
    timeouts: int
    p50_ms: float
    p95_ms: float
    p99_ms: float


@dataclass(frozen=True)
class Round:
    """One round of one row: wrk's view and the server's: the requests the workers answered (counted by
    bench.middleware, also those wrk left queued when it stopped) in `seconds`, from wrk's start to the
    last answer, and the CPU seconds of the gunicorn workers and of the database backends meanwhile."""

    wrk: WrkRun
    seconds: float
    served: int
    server_cpu_s: float
    db_cpu_s: float | None
    connections: int


@dataclass
class Result:
    row: Row
    probe: Probe
    rounds: list[Round] = field(default_factory=list)

    @property
    def served(self) -> int:
        return sum(r.served for r in self.rounds)

    @property
    def rps(self) -> float:
        """Answers a second, as the server counted them (a page slower than a round still counts)."""
        seconds = sum(r.seconds for r in self.rounds)
        return self.served / seconds if seconds else 0.0

    @property
    def cpu_ms(self) -> float | None:
        served = self.served
        return 1000 * sum(r.server_cpu_s for r in self.rounds) / served if served else None

    @property
    def db_ms(self) -> float | None:
        served = self.served
        if not served or any(r.db_cpu_s is None for r in self.rounds):
            return None
        return 1000 * sum(r.db_cpu_s for r in self.rounds) / served

    def latency(self, name: str) -> float | None:
        """The median over the rounds of one percentile ("p50_ms", "p95_ms", "p99_ms")."""
        values = [getattr(r.wrk, name) for r in self.rounds if r.wrk.requests]
        return statistics.median(values) if values else None

    def total(self, name: str) -> int:
        return sum(getattr(r.wrk, name) for r in self.rounds)

    @property
    def connections(self) -> int | None:
        return self.rounds[0].connections if self.rounds else None


# --- parsing ------------------------------------------------------------------------------------------


def parse_wrk(output: str) -> WrkRun:
    """wrk's run, from the line bench/wrk.lua prints."""
    for line in output.splitlines():
        if line.startswith("BENCH "):
            data = json.loads(line.removeprefix("BENCH "))
            return WrkRun(
                duration_s=data["duration_us"] / 1e6,
                requests=data["requests"],
                ok=data["ok"],
                client_errors=data["client_errors"],
                server_errors=data["server_errors"],
                socket_errors=data["connect_errors"] + data["read_errors"] + data["write_errors"],
                timeouts=data["timeouts"],
                p50_ms=data["p50_us"] / 1000,
                p95_ms=data["p95_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
            )
    raise ValueError(f"no BENCH line in wrk's output: {output[-500:]!r}")


def parse_proc_stat(text: str) -> tuple[int, int, int]:
    """(parent pid, CPU ticks of the process, CPU ticks of its reaped children) from /proc/PID/stat.
    The command name (field 2) may hold spaces and parentheses: fields are counted after the last ")"."""
    fields = text[text.rindex(")") + 2 :].split()
    # fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17
    ppid, utime, stime, cutime, cstime = (int(fields[i]) for i in (1, 11, 12, 13, 14))
    return ppid, utime + stime, cutime + cstime


def ticks_between(before: dict[int, int], after: dict[int, int]) -> int:
    """CPU ticks that processes (pid -> ticks) used between two readings: a process that started since
    counts from zero; one that exited since is missing from `after` and its last ticks are lost (a
    database backend that closed mid-round), so the total is a lower bound, never negative."""
    return sum(ticks - before.get(pid, 0) for pid, ticks in after.items())


class _AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and {"stylesheet", "icon"} & set((attrs.get("rel") or "").split()):
            self._add(attrs.get("href"))
        elif tag in ("script", "img"):
            self._add(attrs.get("src"))

    def _add(self, url):
        if url and url not in self.urls and "/media/" not in url and not url.startswith("data:"):
            self.urls.append(url)


def first_load_assets(html: str) -> list[str]:
    """The stylesheets, icons, scripts and images a first visit loads with the page, product photos
    (uploads under /media/) left out."""
    parser = _AssetParser()
    parser.feed(html)
    return parser.urls


# --- budgets ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    budget: str
    row: str
    passed: bool
    detail: str


def ratio(result: Result, baseline: Result | None) -> float | None:
    if baseline is None or not baseline.rps or not result.rounds:
        return None
    return result.rps / baseline.rps


def check_budgets(results: dict[str, Result]) -> list[Verdict]:
    verdicts = []
    bare50 = results.get(BARE_PRODUCTS)
    for key, result in results.items():
        row, probe = result.row, result.probe
        if not probe.ok:
            verdicts.append(Verdict("answers 200", key, False, f"answered {probe.status}"))
            continue
        failures = result.total("server_errors") + result.total("timeouts") + result.total("socket_errors")
        verdicts.append(
            Verdict("no 5xx or timeouts", key, failures == 0, f"{failures} 5xx, timeouts or socket errors")
        )
        if row.listing:
            verdicts.append(
                _at_least("listing ≥ 0.8× bare 50-product page", result, bare50, LISTING_MIN_RATIO)
            )
        if row.hot:
            verdicts.append(_at_least("hot page ≥ 0.3× bare view", result, results.get(BARE), HOT_MIN_RATIO))
        if row.schema:
            verdicts.append(
                _at_least("schema once per process (≥ 0.8× bare 50)", result, bare50, SCHEMA_MIN_RATIO)
            )
        if row.checkout:
            verdicts.append(_checkout_latency(result, results.get(BARE_SIGNED_IN)))
        if probe.is_html:
            verdicts.append(
                Verdict(
                    "HTML ≤ 60 KB",
                    key,
                    probe.body_bytes <= HTML_MAX_BYTES,
                    f"{probe.body_bytes / KB:.0f} KB",
                )
            )
        if row.shopper and probe.first_load_bytes is not None:
            verdicts.append(
                Verdict(
                    "first load ≤ 100 KB compressed",
                    key,
                    probe.first_load_bytes <= FIRST_LOAD_MAX_BYTES,
                    f"{probe.first_load_bytes / KB:.0f} KB",
                )
            )
    verdicts.extend(_pairs(results))
    return verdicts


def _at_least(budget: str, result: Result, baseline: Result | None, minimum: float) -> Verdict:
    value = ratio(result, baseline)
    if value is None:
        return Verdict(budget, result.row.key, False, "not measured")
    return Verdict(budget, result.row.key, value >= minimum, f"{value:.2f}×")


def _checkout_latency(result: Result, bare: Result | None) -> Verdict:
    budget = f"checkout p95 ≤ {CHECKOUT_P95_MAX_RATIO}× signed-in bare p95"
    p95, bare_p95 = result.latency("p95_ms"), bare.latency("p95_ms") if bare else None
    if p95 is None or not bare_p95:
        return Verdict(budget, result.row.key, False, "not measured")
    return Verdict(budget, result.row.key, p95 <= CHECKOUT_P95_MAX_RATIO * bare_p95, f"{p95 / bare_p95:.1f}×")


def _pairs(results: dict[str, Result]) -> list[Verdict]:
    """Rows that are one page at two data sizes run the same number of queries."""
    pairs: dict[str, list[Result]] = {}
    for result in results.values():
        if result.row.pair:
            pairs.setdefault(result.row.pair, []).append(result)
    verdicts = []
    for name, members in pairs.items():
        counts = [member.probe.queries for member in members]
        detail = " vs ".join(f"{member.row.key} {member.probe.queries}" for member in members)
        verdicts.append(Verdict("queries constant in data size", name, len(set(counts)) == 1, detail))
    return verdicts


# --- the table ----------------------------------------------------------------------------------------

COLUMNS = [
    "page",
    "req/s",
    "× bare",
    "× bare 50",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "5xx",
    "timeouts",
    "4xx",
    "queries",
    "CPU ms/req",
    "DB ms/req",
    "HTML KB",
    "sent KB",
    "first load KB",
    "budgets",
]


def _number(value, digits=1) -> str:
    """Whole numbers from 100 up, `digits` decimals from 1, two decimals down to 0.01, then two
    significant digits (a ratio of 0.0051)."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1 or value == 0:
        return f"{value:.{digits}f}"
    if value >= 0.01:
        return f"{value:.2f}"
    return f"{value:.2g}" if value >= 0.001 else "<0.001"


def _kb(size: int | None) -> str:
    if size is None:
        return "–"
    return f"{size / KB:.1f}" if size >= KB / 10 else "<0.1"


def render(
    results: dict[str, Result], verdicts: list[Verdict], *, heading: str, connections: int, notes: list[str]
) -> str:
    """The markdown table, one line per row; a row loaded with fewer connections than the others says
    so ("c=2"), and the failed budgets are listed under it."""
    by_row: dict[str, list[Verdict]] = {}
    for verdict in verdicts:
        by_row.setdefault(verdict.row, []).append(verdict)
    lines = [f"# {heading}", "", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for key, result in results.items():
        cells = _cells(result, results, by_row.get(key, []), connections)
        lines.append("| " + " | ".join(cells) + " |")
    failed = [verdict for verdict in verdicts if not verdict.passed]
    lines += ["", f"**Budgets: {len(verdicts) - len(failed)} PASS, {len(failed)} FAIL.**", ""]
    lines += [
        f"- {'PASS' if verdict.passed else 'FAIL'} {verdict.budget}: {verdict.row} ({verdict.detail})"
        for verdict in sorted(verdicts, key=lambda v: (v.passed, v.budget))
        if not verdict.passed or verdict.budget.startswith("queries")
    ]
    if notes:
        lines += [""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def _cells(
    result: Result, results: dict[str, Result], verdicts: list[Verdict], connections: int
) -> list[str]:
    row, probe = result.row, result.probe
    fewer = result.connections is not None and result.connections != connections
    title = row.title + (f" (c={result.connections})" if fewer else "")
    failed = [verdict.budget for verdict in verdicts if not verdict.passed]
    budget_cell = "FAIL: " + "; ".join(failed) if failed else ("PASS" if verdicts else "")
    return [
        title,
        _number(result.rps if result.rounds else None),
        _number(ratio(result, results.get(row.bare_key)), 2),
        _number(ratio(result, results.get(BARE_PRODUCTS)), 2),
        _number(result.latency("p50_ms")),
        _number(result.latency("p95_ms")),
        _number(result.latency("p99_ms")),
        str(result.total("server_errors")),
        str(result.total("timeouts") + result.total("socket_errors")),
        str(result.total("client_errors")),
        _number(probe.queries),
        _number(result.cpu_ms),
        _number(result.db_ms),
        _kb(probe.body_bytes),
        _kb(probe.served_bytes),
        _kb(probe.first_load_bytes),
        budget_cell,
    ]
