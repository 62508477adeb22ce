"""Our fixes to two of allauth's headless views, routed ahead of allauth's own under /_allauth/.

- auth/code/request uses allauth's RequestLoginCodeForm, which (with both phone and email as login
  methods) accepts a request with neither and then fails on a missing `_user` (a 500); the headless input
  here is built on our page form, which asks for one of them.
- account/phone reads `self.user`, set only for GET and POST, for every method: PUT, PATCH, DELETE,
  OPTIONS and TRACE from an anonymous caller ended in a 500 (allauth 65.21, see docs/decisions.md).

And one to the form behind auth/password/reset (patched in AccountsConfig.ready): a reset key with
nothing before its "-" reached base36_to_int as None, a 500 instead of "invalid key".
"""

from allauth.account.forms import UserTokenForm
from allauth.headless.account import views as allauth_views
from allauth.headless.base.response import AuthenticationResponse
from allauth.headless.constants import Client
from allauth.headless.internal.restkit import inputs
from django.conf import settings
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext

from accounts.allauth_forms import RequestLoginCodeForm

ALLOWED_PHONE_METHODS = ("GET", "POST")


class RequestLoginCodeInput(RequestLoginCodeForm, inputs.Input):
    pass


class RequestLoginCodeView(allauth_views.RequestLoginCodeView):
    input_class = RequestLoginCodeInput


class ManagePhoneView(allauth_views.ManagePhoneView):
    """GET and POST as allauth answers them; any other method 401 when signed out, else 405."""

    def dispatch(self, request, *args, **kwargs):
        if request.method in ALLOWED_PHONE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return AuthenticationResponse(request)
        error = {"message": gettext("Method not allowed."), "code": "method_not_allowed"}
        body = {"status": 405, "errors": [error]}
        return JsonResponse(body, status=405, headers={"Allow": ", ".join(ALLOWED_PHONE_METHODS)})


def _client_patterns(client: Client) -> list:
    prefix = f"{client.value}/v1/"
    return [
        path(f"{prefix}auth/code/request", RequestLoginCodeView.as_api_view(client=client)),
        path(f"{prefix}account/phone", ManagePhoneView.as_api_view(client=client)),
    ]


urlpatterns = [
    pattern for client in settings.HEADLESS_CLIENTS for pattern in _client_patterns(Client(client))
]


def refuse_reset_keys_without_user() -> None:
    """UserTokenForm finds no user for a key without its user part, as for any other wrong key."""
    find_user = UserTokenForm._get_user

    def user_of(form, uidb36):
        return find_user(form, uidb36) if uidb36 else None

    UserTokenForm._get_user = user_of
