import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_user_list_finds_a_number_typed_the_usual_way(admin_client):
    wanted = UserFactory(name="Bu Sri", phone="+6281234567890")
    UserFactory(name="Pak Budi")

    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "0812 3456 7890"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_user_list_searches_names_and_emails(admin_client):
    wanted = UserFactory(name="Bu Sri", email="sri@example.test")
    UserFactory(name="Pak Budi")

    by_name = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "Sri"})
    by_email = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "sri@example"})

    assert list(by_name.context["cl"].result_list) == [wanted]
    assert list(by_email.context["cl"].result_list) == [wanted]


def change_data(user, **changes):
    data = {
        "name": user.name,
        "email": user.email or "",
        "phone": str(user.phone or ""),
        "language": user.language,
        "is_active": "on",
        "date_joined_0": "2026-11-01",
        "date_joined_1": "08:00:00",
    }
    data.update(changes)
    return data


def test_phone_verified_cannot_be_set_in_the_admin(admin_client):
    user = UserFactory(phone="+6281234567890", phone_verified=False)
    page = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert page.status_code == 200
    assert 'name="phone_verified"' not in page.content.decode()

    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[user.pk]), change_data(user, phone_verified="on")
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone_verified is False


def test_a_number_changed_in_the_admin_must_be_verified_again(admin_client):
    user = UserFactory(phone="+6281234567890", phone_verified=True)

    admin_client.post(
        reverse("admin:accounts_user_change", args=[user.pk]), change_data(user, phone="+6281234567891")
    )

    user.refresh_from_db()
    assert (str(user.phone), user.phone_verified) == ("+6281234567891", False)


def test_an_emptied_email_is_stored_as_null(admin_client):
    user = UserFactory(email="lama@example.test", phone="+6281234567890")

    admin_client.post(reverse("admin:accounts_user_change", args=[user.pk]), change_data(user, email=""))

    user.refresh_from_db()
    assert user.email is None


def test_admin_can_add_a_phone_only_user(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {"name": "Bu Ketut", "email": "", "phone": "+6281234567892", "usable_password": "false"},
    )

    assert response.status_code == 302
    added = User.objects.get(name="Bu Ketut")
    assert (added.email, str(added.phone), added.phone_verified) == (None, "+6281234567892", False)
