import pytest

from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _login_lands_on_home(settings):
    """These tests check who is signed in, not the role landing page (tests/portal covers that)."""
    settings.LOGIN_REDIRECT_URL = "/"


@pytest.fixture
def trader():
    """A phone-only account with a verified number."""
    return UserFactory(email=None, phone="+6281200000001", phone_verified=True, name="Bu Sri")


@pytest.fixture
def shopper():
    """An email-only account."""
    return UserFactory(email="pembeli@example.test", phone=None, phone_verified=False, name="Pak Budi")


__all__ = ["PASSWORD"]
