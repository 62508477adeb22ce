import logging
import re

import pytest

from tests.factories import PASSWORD, UserFactory

WHATSAPP_LOGGER = "notifications.transports.whatsapp"


@pytest.fixture(autouse=True)
def _login_lands_on_home(settings):
    """These tests check who is signed in, not the role landing page (tests/portal covers that)."""
    settings.LOGIN_REDIRECT_URL = "/"


@pytest.fixture
def whatsapp_codes(caplog):
    """Codes sent over WhatsApp, read from what the console transport logs: code_for(phone) -> str."""
    caplog.set_level(logging.INFO, logger=WHATSAPP_LOGGER)

    def code_for(phone: str) -> str:
        sent = [
            record.getMessage()
            for record in caplog.records
            if record.name == WHATSAPP_LOGGER and phone in record.getMessage()
        ]
        assert sent, f"no WhatsApp message to {phone}"
        return re.search(r"\b(\d{6})\b", sent[-1].split(phone, 1)[1]).group(1)

    return code_for


@pytest.fixture
def trader():
    """A phone-only account with a verified number."""
    return UserFactory(email=None, phone="+6281200000001", phone_verified=True, name="Bu Sri")


@pytest.fixture
def shopper():
    """An email-only account."""
    return UserFactory(email="pembeli@example.test", phone=None, phone_verified=False, name="Pak Budi")


__all__ = ["PASSWORD"]
