import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    # The model checks ask the database its version (generated columns): give them one that exists.
    env["DATABASE_URL"] = f"sqlite:///{tempfile.gettempdir()}/pasar-deploy-check.sqlite3"
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="pasar.batangkab.go.id",
        CACHE_URL="redis://127.0.0.1:6379/1",
        **extra,
    )
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_check_deploy_warns_when_rate_limits_would_live_per_worker_process():
    env = production_env()
    del env["CACHE_URL"]

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "pasar.W001" in result.stderr + result.stdout
    assert "CACHE_URL" in result.stderr + result.stdout


def test_development_needs_no_shared_cache():
    env = production_env()
    env["DJANGO_DEBUG"] = "true"
    del env["CACHE_URL"]

    result = manage("check", "--deploy", env=env)

    assert "pasar.W001" not in result.stderr + result.stdout
