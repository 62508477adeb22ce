"""fuzz/: the helpers `make fuzz` runs on (the fuzzing itself runs in CI's fuzz step, not here)."""

import json
import re
import tomllib
import urllib.request
from pathlib import Path

import pytest

from fuzz.logins import ROLES, LoginFailed, demo_login, session_token
from fuzz.run import server_errors
from tests.factories import PASSWORD, UserFactory

CONFIG = Path(__file__).resolve().parents[2] / "fuzz" / "schemathesis.toml"


@pytest.mark.django_db(transaction=True)
def test_session_token_signs_in_as_an_app_does(live_server):
    user = UserFactory(name="Bu Sri")

    token = session_token(live_server.url, str(user.phone), PASSWORD)

    request = urllib.request.Request(f"{live_server.url}/api/v1/me/", headers={"X-Session-Token": token})
    with urllib.request.urlopen(request) as response:
        assert json.load(response)["name"] == "Bu Sri"


@pytest.mark.django_db(transaction=True)
def test_session_token_refuses_to_go_on_without_a_session(live_server):
    user = UserFactory()

    with pytest.raises(LoginFailed, match="HTTP 400"):
        session_token(live_server.url, str(user.phone), "not-the-password")


def test_every_role_the_fuzzer_plays_has_a_demo_login():
    for role in ROLES:
        login = demo_login(role)
        assert login["role"] == role
        assert login["phone"].startswith("+62")


@pytest.fixture
def api_operations(client, db):
    schema = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"}).json()
    return {(method.upper(), path) for path, operations in schema["paths"].items() for method in operations}


def test_each_role_owns_operations_of_the_schema(api_operations):
    for role, own_paths in ROLES.items():
        assert any(re.match(own_paths, path) for _, path in api_operations), role


def test_the_known_failures_left_out_name_operations_of_the_schema(api_operations):
    """An exclusion in fuzz/schemathesis.toml that no longer names an operation hides nothing: remove it."""
    for block in tomllib.loads(CONFIG.read_text()).get("operations", []):
        for path in block["include-path"]:
            assert (block["include-method"], path) in api_operations


def test_server_errors_keep_the_errors_and_their_tracebacks_only():
    log = "\n".join(
        [
            "[2026-12-01 11:45:58 +0000] [31726] [INFO] Booting worker with pid: 31734",
            '127.0.0.1 - - [01/Dec/2026:18:46:01 +0700] "GET /api/v1/me/ HTTP/1.1" 200 53 "-" "x"',
            "2026-12-01 18:58:37,050 ERROR django.request Internal Server Error: /api/v1/trader/members/",
            "Traceback (most recent call last):",
            "psycopg.DataError: PostgreSQL text fields cannot contain NUL (0x00) bytes",
            '127.0.0.1 - - [01/Dec/2026:18:58:37 +0700] "POST /api/v1/trader/members/ HTTP/1.1" 500 5 "-" ""',
            "2026-12-01 18:58:38,001 WARNING django.request Not Found: /api/v1/stalls/9/",
        ]
    )

    assert server_errors(log).splitlines() == [
        "2026-12-01 18:58:37,050 ERROR django.request Internal Server Error: /api/v1/trader/members/",
        "Traceback (most recent call last):",
        "psycopg.DataError: PostgreSQL text fields cannot contain NUL (0x00) bytes",
    ]
