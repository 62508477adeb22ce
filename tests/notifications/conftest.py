import json
import shutil
import socket
import subprocess
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from config.celery import app
from notifications.models import Notification
from notifications.transports import whatsapp

# The event most tests send: two parameters, a WhatsApp template, texts in both languages.
EVENT = "stall.linked"
PARAMS = {"stall": "Sayur Bu Siti", "market": "Pasar Batang"}
TEXT_ID = "Lapak Sayur Bu Siti di Pasar Batang sekarang ada di akun Anda."
TEXT_EN = "The stall Sayur Bu Siti at Pasar Batang is now in your account."
SENT = (200, {"messaging_product": "whatsapp", "messages": [{"id": "wamid.HBgN"}]})


def meta_error(code: int, status: int = 400, message: str = "error") -> tuple[int, dict]:
    """An error answer as the Cloud API sends it."""
    return status, {"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "A1"}}


def time_passes(**kwargs) -> None:
    """Move every row's timestamps into the past, as if `kwargs` (timedelta arguments) went by."""
    delta = timedelta(**kwargs)
    for notification in Notification.objects.all():
        for field in ("created_at", "next_attempt_at", "claimed_at"):
            if getattr(notification, field) is not None:
                setattr(notification, field, getattr(notification, field) - delta)
        notification.save(update_fields=["created_at", "next_attempt_at", "claimed_at"])


@pytest.fixture
def whatsapp_sent(monkeypatch):
    """Records every WhatsApp template handed to the transport, then lets the console transport send it."""
    sent = []
    console = whatsapp.send_template

    def record(**message):
        sent.append(message)
        return console(**message)

    monkeypatch.setattr(whatsapp, "send_template", record)
    return sent


@pytest.fixture
def unused_tcp_port():
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FakeWhatsAppAPI(BaseHTTPRequestHandler):
    """Answers like the Cloud API. The test sets `answer` (status, body) and `delay` on the server, or
    queues one-off `answers` (and `delays`) that are used first, in order."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.requests.append(
            {"path": self.path, "headers": dict(self.headers), "json": json.loads(self.rfile.read(length))}
        )
        time.sleep(self.server.delays.pop(0) if self.server.delays else self.server.delay)
        status, body = self.server.answers.pop(0) if self.server.answers else self.server.answer
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def cloud_api(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeWhatsAppAPI)
    server.requests = []
    server.delay = 0
    server.delays = []
    server.answer = SENT
    server.answers = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    settings.WHATSAPP_TRANSPORT = "cloud"
    settings.WHATSAPP_API_URL = f"http://127.0.0.1:{server.server_port}/v21.0"
    settings.WHATSAPP_PHONE_NUMBER_ID = "1098765"
    settings.WHATSAPP_ACCESS_TOKEN = "test-token"
    settings.WHATSAPP_TIMEOUT_SECONDS = 0.5
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def tasks_through_broker(monkeypatch):
    """`with tasks_through_broker(url):` publishes tasks to that broker instead of running them in-process."""
    # Celery reads these variables before its configuration (CI sets CELERY_BROKER_URL).
    for name in ("CELERY_BROKER_URL", "CELERY_BROKER_READ_URL", "CELERY_BROKER_WRITE_URL"):
        monkeypatch.delenv(name, raising=False)

    @contextmanager
    def through(url: str):
        saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
        app.conf.update(broker_url=url, task_always_eager=False)
        app._pool = app.amqp._producer_pool = None  # connections made for the old URL
        try:
            yield
        finally:
            app.conf.update(saved)
            app._pool = app.amqp._producer_pool = None

    return through


@pytest.fixture
def silent_port():
    """A local port that accepts connections and never answers; `.accepted` counts the connections."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []

    def accept():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    port = listener.getsockname()[1]
    yield type("SilentPort", (), {"port": port, "accepted": accepted})
    listener.close()
    for connection in accepted:
        connection.close()


class ThrowawayRedis:
    """A redis-server of the test's own on a free port, which the test may stop and start again."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def throwaway_redis(unused_tcp_port):
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server on PATH")
    server = ThrowawayRedis(unused_tcp_port)
    server.start()
    yield server
    if server.process is not None:
        server.stop()
