"""Our additions to allauth's forms. This module must not import allauth.account.forms: allauth builds
its signup forms on top of SignupDetailsForm while that module is loading."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class SignupDetailsForm(forms.Form):
    """Base of allauth's signup form and headless signup input (ACCOUNT_SIGNUP_FORM_CLASS).

    Adds an optional name and lets people sign up with a phone number, an email address or both.
    """

    name = forms.CharField(
        label=_("Name (optional)"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["name", "phone", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        # allauth's system check (account.W001) wants a login method marked required in
        # ACCOUNT_SIGNUP_FIELDS, so settings list "email*"; here either contact will do (see clean()).
        # allauth reads this per-form copy of the settings after this point to build the email field.
        self._signup_fields["email"]["required"] = False
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        if "phone" in self.errors or "email" in self.errors:
            return cleaned_data
        if not cleaned_data.get("phone") and not cleaned_data.get("email"):
            raise ValidationError(
                _("Enter a phone number or an email address (or both)."), code="phone_or_email_required"
            )
        if cleaned_data.get("phone") and not self.errors:
            _check_code_budget(cleaned_data["phone"])
        return cleaned_data

    def signup(self, request, user):
        """allauth's hook after the user is saved; AccountAdapter.save_user already stored the name."""


def _check_code_budget(phone: str) -> None:
    """Refuse the signup, before any account exists, when the new number's WhatsApp code could not be
    sent (accounts.budgets). Imports here: allauth loads this module while building its forms."""
    from allauth.core import context, ratelimit

    from accounts.allauth_forms import refuse_too_many_codes
    from accounts.budgets import budget_available, unverified_code_uses
    from accounts.phone import normalize_phone

    phone = normalize_phone(phone)
    # allauth's own limit on codes to one number (verify_phone), which it raises uncaught after signup
    allauth_allows = ratelimit.consume(context.request, action="verify_phone", key=phone, dry_run=True)
    if not allauth_allows or not budget_available(unverified_code_uses(phone)):
        refuse_too_many_codes()
