"""allauth's headless API (/_allauth/app/v1/): inputs it would otherwise answer with a 500."""

import pytest

pytestmark = pytest.mark.django_db

CODE_REQUEST = "/_allauth/app/v1/auth/code/request"
PHONE = "/_allauth/app/v1/account/phone"
BROWSER_PHONE = "/_allauth/browser/v1/account/phone"


@pytest.mark.parametrize(
    "content", ["", "{}", '{"phone": ""}', '{"email": ""}', '{"phone": "", "email": ""}']
)
def test_a_code_request_naming_nobody_answers_400(client, content):
    response = client.post(CODE_REQUEST, content, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_a_code_request_for_a_verified_number_still_starts_code_login(client, trader):
    response = client.post(CODE_REQUEST, {"phone": "+6281200000001"}, content_type="application/json")

    assert response.status_code == 401
    assert [flow["id"] for flow in response.json()["data"]["flows"] if flow.get("is_pending")] == [
        "login_by_code"
    ]


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options", "trace"])
def test_other_methods_on_the_phone_endpoint_answer_401_to_anonymous_callers(client, method):
    response = getattr(client, method)(PHONE)

    assert response.status_code == 401


@pytest.mark.parametrize("method", ["put", "patch", "delete", "trace"])
def test_other_methods_on_the_phone_endpoint_answer_405_when_signed_in(client, trader, method):
    client.force_login(trader)  # a browser session

    response = getattr(client, method)(BROWSER_PHONE)

    assert response.status_code == 405
