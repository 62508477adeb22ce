import json
import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from config.celery import app
from notifications.transports import whatsapp


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
    """Answers like the Cloud API; the test sets `answer` (status, body) and `delay` on the server."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.requests.append(
            {"path": self.path, "headers": dict(self.headers), "json": json.loads(self.rfile.read(length))}
        )
        time.sleep(self.server.delay)
        status, body = self.server.answer
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
    server.answer = (200, {"messaging_product": "whatsapp", "messages": [{"id": "wamid.HBgN"}]})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
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
