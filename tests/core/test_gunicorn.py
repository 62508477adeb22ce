"""config/gunicorn.py: the web workers' timeout and memory ceiling, as the Procfile starts them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WORKER = """
import logging, resource, runpy
config = runpy.run_path("config/gunicorn.py")
worker = type("Worker", (), {"pid": 1, "log": logging.getLogger("worker")})()
config["post_fork"](None, worker)
print(resource.getrlimit(resource.RLIMIT_AS)[0] // (1024 * 1024), config["timeout"])
try:
    bytearray(400 * 1024 * 1024)
    print("allocated")
except MemoryError:
    print("MemoryError")
"""


def run_worker(**env):
    result = subprocess.run(
        [sys.executable, "-c", WORKER], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_procfile_starts_gunicorn_with_this_config():
    assert "-c config/gunicorn.py" in (ROOT / "Procfile").read_text()


def test_a_worker_past_its_memory_ceiling_gets_a_memory_error_not_the_machine():
    assert run_worker(WEB_WORKER_MEMORY_MB="256", WEB_TIMEOUT_SECONDS="20") == ["256", "20", "MemoryError"]


def test_the_default_ceiling_leaves_room_for_the_worst_photo():
    ceiling, timeout, outcome = run_worker()

    assert int(ceiling) >= 1024 and int(timeout) == 30
    assert outcome == "allocated"
