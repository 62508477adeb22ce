from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.core.exceptions import ValidationError

from accounts.phone import normalize_phone
from accounts.selectors import user_get_by_verified_phone, user_list_unverified_phone_claims


class AuthenticationBackend(AllauthBackend):
    """allauth's backend, plus password login by a phone number nobody has verified yet.

    allauth finds phone users through the adapter's `get_user_by_phone`, which answers only with the
    verified owner (so an unverified claim never counts as "taken"). Someone who signed up and has not
    entered their WhatsApp code yet must still be able to sign in to finish: while no account has
    verified the number, the claimant whose password matches signs in, and allauth's phone
    verification step then sends the code to that number before the login completes.
    """

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is None and credentials.get("phone") and credentials.get("password"):
            user = self._authenticate_unverified_claim(credentials["phone"], credentials["password"])
        return user

    def _authenticate_unverified_claim(self, typed_phone: str, password: str):
        try:
            phone = normalize_phone(typed_phone)
        except ValidationError:
            return None
        if user_get_by_verified_phone(phone=phone):
            return None
        for claimant in user_list_unverified_phone_claims(phone=phone):
            if claimant.check_password(password) and self.user_can_authenticate(claimant):
                return claimant
        return None
