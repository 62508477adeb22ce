"""`make fuzz`: schemathesis against a live server of the demo data, as every kind of caller.

Creates a throwaway PostgreSQL database, migrates it, seeds it with `seed_demo`, serves it with gunicorn
(the Procfile's configuration, DEBUG off) on a free loopback port, signs in the demo shopper, courier,
trader, coordinator and staff member through allauth's app API, and runs schemathesis (fuzz/
schemathesis.toml) against /api/schema/ anonymously and per role (fuzz_stages), then against allauth's
own /_allauth/openapi.json. Exits non-zero if any run found a failure; schemathesis prints each with
a curl command that reproduces it. Traffic only ever goes to 127.0.0.1.

Environment: FUZZ_EXAMPLES (test cases per operation and phase, default 10), FUZZ_SEED (schemathesis'
seed, default random), FUZZ_PARALLEL (runs at a time, default 2), FUZZ_POSTGRES_URL (server to create
the database on, default postgres://postgres@127.0.0.1:5432), FUZZ_SCHEMATHESIS (the executable,
default .venv-fuzz's; relative to the project).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path

from fuzz.logins import DECIDES_FOR_OTHERS, ROLES, demo_login, session_token

BASE_DIR = Path(__file__).resolve().parent.parent
CONFIG = BASE_DIR / "fuzz" / "schemathesis.toml"
HOST = "127.0.0.1"
PYTHON = sys.executable


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with closing(socket.socket()) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def log(message: str) -> None:
    print(f"fuzz: {message}", flush=True)


@contextmanager
def throwaway_database(server_url: str):
    """A new, empty PostgreSQL database on `server_url`, dropped afterwards; yields its URL."""
    import psycopg

    name = f"pasar_fuzz_{os.getpid()}"
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server_url}/{name}"
    finally:
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_environment(database_url: str, media_root: str, port: int, workers: int) -> dict:
    environment = {
        key: value for key, value in os.environ.items() if key not in ("CELERY_BROKER_URL", "CACHE_URL")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="fuzz.settings",
        DATABASE_URL=database_url,
        DJANGO_MEDIA_ROOT=media_root,
        PORT=str(port),
        WEB_CONCURRENCY=str(workers),
    )
    return environment


def manage(environment: dict, *arguments: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextmanager
def live_server(environment: dict, base_url: str, log_path: Path):
    """gunicorn as the Procfile starts it, until the block ends; the log goes to `log_path`."""
    gunicorn = Path(PYTHON).with_name("gunicorn")
    with open(log_path, "w") as server_log:
        server = subprocess.Popen(
            [str(gunicorn), "config.wsgi", "-c", "config/gunicorn.py"],
            cwd=BASE_DIR,
            env=environment,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(base_url, server)
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_up(base_url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/api/schema/", timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer within {seconds:.0f} s")


# The first line of each entry in gunicorn's log: Django's logging, gunicorn's own, the access log.
_LOG_ENTRY = re.compile(r"^(\d{4}-\d\d-\d\d |\[\d{4}-|\d+\.\d+\.\d+\.\d+ - )")


def server_errors(server_log: str, limit: int = 300) -> str:
    """The entries logged at ERROR level or above, tracebacks included, without the rest of the log."""
    lines, inside = [], False
    for line in server_log.splitlines():
        if _LOG_ENTRY.match(line):
            head = line[:60]
            inside = "ERROR" in head or "CRITICAL" in head
        if inside:
            lines.append(line)
    return "\n".join(lines[:limit])


def schemathesis_command(spec_url: str, base_url: str, *options: str) -> list[str]:
    executable = str(BASE_DIR / os.environ.get("FUZZ_SCHEMATHESIS", ".venv-fuzz/bin/schemathesis"))
    command = [executable, "--config-file", str(CONFIG), "run", spec_url, "--url", base_url, "--no-color"]
    command += ["--max-examples", os.environ.get("FUZZ_EXAMPLES", "10")]
    if os.environ.get("FUZZ_SEED"):
        command += ["--seed", os.environ["FUZZ_SEED"]]
    return command + list(options)


def fuzz_stages(base_url: str) -> list[list[tuple[str, list[str]]]]:
    """(caller, schemathesis command) of every run, in two stages: first the anonymous caller (who also
    sends made-up session tokens) on every operation, each role on its own operations and each role in
    the fuzzing phase on the others (fuzz.logins.ROLES); then staff on their own operations, and
    allauth's own API."""
    api_schema = f"{base_url}/api/schema/"
    own_runs, other_runs = [], []
    for role, own_paths in ROLES.items():
        login = demo_login(role)
        token = session_token(base_url, login["phone"], login["password"])
        signed_in = ["--header", f"X-Session-Token: {token}", "--generation-with-security-parameters=false"]
        own = [*signed_in, "--include-path-regex", own_paths]
        others = [*signed_in, "--exclude-path-regex", own_paths, "--phases", "examples,fuzzing"]
        own_runs.append((role, schemathesis_command(api_schema, base_url, *own)))
        other_runs.append((f"{role}, other operations", schemathesis_command(api_schema, base_url, *others)))
    anonymous = ("anonymous", schemathesis_command(api_schema, base_url))
    deciding = [run for run in own_runs if run[0] == DECIDES_FOR_OTHERS]
    first = [anonymous, *(run for run in own_runs if run not in deciding), *other_runs]
    allauth_schema = f"{base_url}/_allauth/openapi.json"
    # allauth's own spec is loose (docs/decisions.md): its statuses and bodies are not held to it
    allauth_checks = ["--checks", "not_a_server_error,content_type_conformance"]
    allauth = ("allauth", schemathesis_command(allauth_schema, base_url, *allauth_checks))
    return [first, [*deciding, allauth]]


def run_one(caller: str, command: list[str], workdir: Path) -> tuple[str, bool, str]:
    """Runs one schemathesis command; answers (caller, passed, what it printed)."""
    started = time.monotonic()
    result = subprocess.run(command, cwd=workdir, capture_output=True, text=True, errors="replace")
    report = f"{result.stdout}{result.stderr}\nfuzz: {caller}: {time.monotonic() - started:.0f} s\n"
    return caller, result.returncode == 0, report


def run_all(base_url: str, workdir: Path, parallel: int) -> list[str]:
    """Every run, stage after stage, `parallel` at a time, each one's report printed whole as it ends;
    answers the callers whose run found failures."""
    failed = []
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        for stage in fuzz_stages(base_url):
            runs = [pool.submit(run_one, caller, command, workdir) for caller, command in stage]
            for finished in as_completed(runs):
                caller, passed, report = finished.result()
                print(f"\nfuzz: === {caller}\n{report}", flush=True)
                if not passed:
                    failed.append(caller)
    return failed


def main() -> int:
    started = time.monotonic()
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    server_url = os.environ.get("FUZZ_POSTGRES_URL", f"postgres://postgres@{HOST}:5432")
    parallel = int(os.environ.get("FUZZ_PARALLEL", "2"))
    with ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="pasar-fuzz-"))
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        database_url = stack.enter_context(throwaway_database(server_url))
        environment = server_environment(database_url, str(workdir / "media"), port, workers=parallel + 1)
        log("migrating and seeding a throwaway database")
        manage(environment, "migrate", "--noinput", "-v0")
        manage(environment, "seed_demo", "--force")
        stack.enter_context(live_server(environment, base_url, workdir / "server.log"))
        log(f"server up at {base_url} ({time.monotonic() - started:.0f} s)")
        failed = run_all(base_url, workdir, parallel)
        if failed:
            log("errors the server logged:")
            print(server_errors((workdir / "server.log").read_text(errors="replace")))
    outcome = f"failures for: {'; '.join(failed)}" if failed else "no failures"
    log(f"done in {time.monotonic() - started:.0f} s, {outcome}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
