"""allauth adapters: phone numbers typed the Indonesian way, codes over WhatsApp, our user fields."""

import dataclasses
import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.httpkit import is_headless_request
from allauth.headless.adapter import DefaultHeadlessAdapter
from allauth.headless.base.response import ConflictResponse
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.budgets import budget_consume, login_code_uses, unverified_code_uses
from accounts.lockout import login_identifier
from accounts.models import Language
from accounts.phone import IndonesianPhoneField, normalize_phone
from accounts.selectors import user_get_by_verified_phone
from accounts.services import AccountError, user_set_phone, user_verify_phone
from core.middleware import error_response
from notifications.transports import TransportError, whatsapp

logger = logging.getLogger(__name__)

VERIFICATION_CODE_TEMPLATE = "verification_code"
CODE_NOT_SENT = _("We could not send the WhatsApp code just now. Please request a new code.")
# WhatsApp refused this message for good (e.g. the number has no WhatsApp): asking again will not help.
CODE_NOT_DELIVERABLE = _(
    "WhatsApp cannot deliver a code to this number. Check that the number is right and uses WhatsApp, "
    "or sign in with your email address."
)


# Wrong credentials read the same whatever was typed: the app has no usernames, and allauth takes any
# input it does not recognise as a phone number or email for one.
WRONG_CREDENTIALS = _("The WhatsApp number/email or password is wrong.")
TOO_MANY_CODES = _("Too many WhatsApp codes have been sent to this number. Please try again later.")
PASSWORD_BUDGET_SPENT = _(
    "Too many failed attempts to log in to this account. Try again later, or log in with a code sent to "
    "your WhatsApp or email."
)


def too_many_codes_response(request):
    """429 for a code we will not send: JSON for app clients, a page for browsers."""
    return error_response(
        request, status=429, message=TOO_MANY_CODES, code="too_many_codes", title=_("Please try again later")
    )


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": WRONG_CREDENTIALS,
        "phone_password_mismatch": WRONG_CREDENTIALS,
        "username_password_mismatch": WRONG_CREDENTIALS,
    }

    def phone_form_field(self, **kwargs):
        # Codes arrive over WhatsApp, so ask for that number (allauth passes a plain "Phone" label).
        kwargs["label"] = _("WhatsApp number")
        return IndonesianPhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalize_phone(phone)

    def get_phone(self, user):
        return (str(user.phone), user.phone_verified) if user.phone else None

    def set_phone(self, user, phone: str, verified: bool) -> None:
        if verified:
            self.set_phone_verified(user, phone)
        else:
            user_set_phone(user=user, phone=phone)

    def set_phone_verified(self, user, phone: str) -> None:
        try:
            user_verify_phone(user=user, phone=phone)
        except AccountError as exc:
            # Another account verified the number between this code being sent and entered.
            if is_headless_request(self.request):
                raise ImmediateHttpResponse(ConflictResponse(self.request)) from exc
            self.add_message(self.request, messages.ERROR, message=exc.message)
            raise ImmediateHttpResponse(redirect("account_login")) from exc

    def get_user_by_phone(self, phone: str):
        """The verified owner of the number, typed in any accepted form; None for unverified claims.

        allauth asks this both to find who signs in by code and whether a number is taken at signup,
        so an unverified claim must not answer: it would block the real owner. Password login of a
        not-yet-verified claimant is handled by accounts.auth_backends.
        """
        try:
            return user_get_by_verified_phone(phone=normalize_phone(phone))
        except ValidationError:
            return None

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        """Send the code as a WhatsApp template message; codes never go through the outbox.

        Every code costs a paid message to a number the caller chose: a login code to a verified
        number counts against that number's daily budget, any other code also against the budgets
        for unverified numbers (per number and for all of them), whoever asks from wherever.
        Past a budget nothing is sent and the caller is told to try later (429)."""
        verified = user.phone_verified and str(user.phone) == phone
        if not budget_consume(login_code_uses(phone) if verified else unverified_code_uses(phone)):
            raise ImmediateHttpResponse(too_many_codes_response(self.request))
        try:
            whatsapp.send_template(
                to=phone, template=VERIFICATION_CODE_TEMPLATE, language=user.language, params=[code]
            )
        except TransportError as exc:
            logger.exception("Could not send a verification code over WhatsApp")
            self.add_message(
                self.request, messages.ERROR, message=CODE_NOT_DELIVERABLE if exc.final else CODE_NOT_SENT
            )

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The key of allauth's `login_failed` budget (ACCOUNT_RATE_LIMITS): the account, typed in any
        accepted form, across every address. allauth's own key reads only `email`, so every phone
        login would share one budget and one stranger could spend it for everyone."""
        return f"login:{login_identifier(request, credentials) or ''}"

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            raise ValidationError(PASSWORD_BUDGET_SPENT, code="too_many_login_attempts") from error

    def save_user(self, request, user, form, commit=True):
        """Fill a new user from the signup form (pages and headless): only these fields, nothing else."""
        data = form.cleaned_data
        user.name = data.get("name") or ""
        user.email = (data.get("email") or "").lower() or None
        if data.get("phone"):
            user.phone = normalize_phone(data["phone"])
            user.phone_verified = False
        current_language = translation.get_language()
        user.language = current_language if current_language in Language.values else Language.INDONESIAN
        password = data.get("password1") or data.get("password")
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        if commit:
            user.full_clean(exclude=["password"])
            user.save()
        return user


class HeadlessAdapter(DefaultHeadlessAdapter):
    """Adds the phone number, its verification and the language to the headless user payload."""

    def get_user_dataclass(self):
        extra = [
            ("phone", str | None, _dc_field(None, "The phone number in E.164.", "+6281234567890")),
            ("phone_verified", bool, _dc_field(False, "Whether the phone number was verified.", True)),
            ("language", str, _dc_field(Language.INDONESIAN, "The preferred language.", "id")),
        ]
        return dataclasses.make_dataclass("User", extra, bases=(super().get_user_dataclass(),))

    def user_as_dataclass(self, user):
        payload = super().user_as_dataclass(user)
        payload.phone = str(user.phone) if user.phone else None
        payload.phone_verified = user.phone_verified
        payload.language = user.language
        return payload


def _dc_field(default, description: str, example):
    return dataclasses.field(default=default, metadata={"description": description, "example": example})
