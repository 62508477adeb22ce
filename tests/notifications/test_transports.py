import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail

from notifications.transports import TransportError
from notifications.transports.email import send_email
from notifications.transports.whatsapp import send_template

ROOT = Path(__file__).resolve().parents[2]


def test_console_prints_and_logs_the_rendered_text(capsys, caplog):
    with caplog.at_level(logging.INFO, logger="notifications.transports.whatsapp"):
        message_id = send_template(
            to="+6281398765432", template="verification_code", language="id", params=["4829"]
        )

    printed = capsys.readouterr().out
    assert "4829 adalah kode Pasar Daring Anda" in printed
    assert "+6281398765432" in printed
    assert "4829 adalah kode Pasar Daring Anda" in caplog.text
    assert message_id.startswith("console-")


def test_console_shows_the_parameters_of_a_template_it_does_not_know(capsys):
    send_template(to="+6281398765432", template="someone_elses_template", language="en", params=["A-17"])

    assert "someone_elses_template" in capsys.readouterr().out


def test_cloud_posts_the_template_message(cloud_api):
    message_id = send_template(
        to="+6281398765432", template="pasar_stall_linked", language="en", params=["Sayur", "Pasar Batang"]
    )

    assert message_id == "wamid.HBgN"
    (request,) = cloud_api.requests
    assert request["path"] == "/v21.0/1098765/messages"
    assert request["headers"]["Authorization"] == "Bearer test-token"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["json"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281398765432",
        "type": "template",
        "template": {
            "name": "pasar_stall_linked",
            "language": {"code": "en"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "Sayur"},
                        {"type": "text", "text": "Pasar Batang"},
                    ],
                }
            ],
        },
    }


def test_cloud_sends_the_code_of_an_authentication_template_for_its_copy_button_too(cloud_api):
    send_template(to="+6281398765432", template="verification_code", language="id", params=["482913"])

    (request,) = cloud_api.requests
    code = [{"type": "text", "text": "482913"}]
    assert request["json"]["template"]["components"] == [
        {"type": "body", "parameters": code},
        {"type": "button", "sub_type": "url", "index": "0", "parameters": code},
    ]


def test_cloud_http_error_is_a_transport_error_with_the_answer(cloud_api):
    cloud_api.answer = (500, {"error": {"message": "Service temporarily unavailable", "code": 131016}})

    with pytest.raises(
        TransportError, match="HTTP 500, error 131016: Service temporarily unavailable"
    ) as error:
        send_template(to="+6281398765432", template="verification_code", language="id", params=["1"])
    assert (error.value.final, error.value.code, error.value.answer_lost) == (False, 131016, False)


def test_cloud_4xx_without_a_known_code_is_final(cloud_api):
    cloud_api.answer = (400, {"error": {"message": "Unsupported post request", "code": 999999}})

    with pytest.raises(TransportError) as error:
        send_template(to="+6281398765432", template="verification_code", language="id", params=["1"])
    assert error.value.final


def test_cloud_timeout_is_a_transport_error_whose_answer_was_lost(cloud_api):
    cloud_api.delay = 1.5

    started = time.monotonic()
    with pytest.raises(TransportError) as error:
        send_template(to="+6281398765432", template="verification_code", language="id", params=["1"])
    assert time.monotonic() - started < 1.4
    assert error.value.answer_lost and not error.value.final


def test_cloud_answer_without_message_id_is_a_transport_error(cloud_api):
    cloud_api.answer = (200, {"unexpected": True})

    with pytest.raises(TransportError, match="no message id"):
        send_template(to="+6281398765432", template="verification_code", language="id", params=["1"])


def test_cloud_unreachable_is_a_transport_error(settings, unused_tcp_port):
    settings.WHATSAPP_TRANSPORT = "cloud"
    settings.WHATSAPP_API_URL = f"http://127.0.0.1:{unused_tcp_port}/v21.0"
    settings.WHATSAPP_PHONE_NUMBER_ID = "1098765"
    settings.WHATSAPP_ACCESS_TOKEN = "test-token"

    with pytest.raises(TransportError, match="unreachable") as error:
        send_template(to="+6281398765432", template="verification_code", language="id", params=["1"])
    assert not (error.value.answer_lost or error.value.final)


def test_email_is_sent_through_the_default_mailer():
    message_id = send_email(to="siti@example.test", subject="Halo", body="Pesanan Anda siap.")

    (message,) = mail.outbox
    assert message.to == ["siti@example.test"]
    assert (message.subject, message.body) == ("Halo", "Pesanan Anda siap.")
    assert message.extra_headers["Message-ID"] == message_id


def test_email_to_an_unreachable_smtp_server_is_a_transport_error(settings, unused_tcp_port):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": unused_tcp_port, "timeout": 1},
        }
    }

    with pytest.raises(TransportError):
        send_email(to="siti@example.test", subject="Halo", body="x")


SEND_ONE_CODE = """
import django
django.setup()
from notifications.transports.whatsapp import send_template
send_template(to="+6281398765432", template="verification_code", language="id", params=["482913"])
"""


@pytest.mark.parametrize("log_level", ["INFO", "WARNING"])
def test_the_console_shows_each_message_once_whatever_the_log_level(log_level):
    """As in `make run`: the development settings, the console transport, the real logging config."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "true",
        "DJANGO_LOG_LEVEL": log_level,
        "WHATSAPP_TRANSPORT": "console",
        "PYTHONPATH": str(ROOT),
    }

    run = subprocess.run(
        [sys.executable, "-c", SEND_ONE_CODE], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )

    assert (run.stdout + run.stderr).count("482913 adalah kode Pasar Daring Anda") == 1
