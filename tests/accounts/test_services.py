import threading

import pytest
from django.db import connection

from accounts.adapter import AccountAdapter
from accounts.models import User
from accounts.services import AccountError, user_set_language, user_set_phone, user_verify_phone
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NUMBER = "+6281234567890"


def test_many_accounts_may_claim_a_number_until_one_verifies_it():
    first = UserFactory(phone=None, phone_verified=False)
    second = UserFactory(phone=None, phone_verified=False)

    user_set_phone(user=first, phone="0812 3456 7890")
    user_set_phone(user=second, phone="62812-3456-7890")

    assert User.objects.filter(phone=NUMBER, phone_verified=False).count() == 2


def test_verifying_drops_other_claims_that_keep_an_email():
    owner = UserFactory(phone=NUMBER, phone_verified=False)
    with_email = UserFactory(email="iseng@example.test", phone=NUMBER, phone_verified=False)
    phone_only = UserFactory(email=None, phone=NUMBER, phone_verified=False)

    user_verify_phone(user=owner, phone="081234567890")

    owner.refresh_from_db()
    with_email.refresh_from_db()
    phone_only.refresh_from_db()
    assert (str(owner.phone), owner.phone_verified) == (NUMBER, True)
    assert with_email.phone is None
    # The database needs a phone or an email; the claim stays but never identifies it again.
    assert (str(phone_only.phone), phone_only.phone_verified) == (NUMBER, False)
    assert AccountAdapter().get_user_by_phone("0812 3456 7890") == owner


def test_a_number_verified_by_another_account_cannot_be_verified_again():
    UserFactory(phone=NUMBER, phone_verified=True)
    latecomer = UserFactory(phone=NUMBER, phone_verified=False)

    with pytest.raises(AccountError) as error:
        user_verify_phone(user=latecomer, phone=NUMBER)

    assert error.value.code == "phone_taken"
    latecomer.refresh_from_db()
    assert latecomer.phone_verified is False


def test_verifying_a_new_number_moves_the_user_to_it():
    user = UserFactory(phone="+6281200000009", phone_verified=True)

    user_verify_phone(user=user, phone=NUMBER)

    user.refresh_from_db()
    assert (str(user.phone), user.phone_verified) == (NUMBER, True)


def test_lookup_by_phone_ignores_unverified_claims():
    UserFactory(phone=NUMBER, phone_verified=False)

    assert AccountAdapter().get_user_by_phone(NUMBER) is None
    assert AccountAdapter().get_user_by_phone("not a number") is None


def test_language_must_be_one_we_offer():
    user = UserFactory(language="id")

    user_set_language(user=user, language="en")
    with pytest.raises(AccountError):
        user_set_language(user=user, language="fr")

    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_claimants_verifying_at_once_leave_exactly_one_owner():
    claimants = [UserFactory(email=None, phone=NUMBER, phone_verified=False) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def verify(user):
        try:
            barrier.wait()
            user_verify_phone(user=user, phone=NUMBER)
            outcomes.append("verified")
        except AccountError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=verify, args=(user,)) for user in claimants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["phone_taken", "verified"]
    assert User.objects.filter(phone=NUMBER, phone_verified=True).count() == 1
