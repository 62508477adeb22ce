"""Our versions of allauth's page forms (ACCOUNT_FORMS)."""

from allauth.account import forms as allauth_forms
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.httpkit import is_headless_request
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.adapter import TOO_MANY_CODES, too_many_codes_response
from accounts.budgets import budget_available, budget_consume, login_code_uses


class LoginForm(allauth_forms.LoginForm):
    """allauth's login form; its one "login" field takes a phone number (0812…, 62812…, +62812…) or email."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Phone number or email")
        login.widget.attrs.update(
            {"placeholder": _("0812 3456 7890 or name@example.com"), "autocomplete": "username"}
        )
        # The page links "Forgot your password?" to both ways back in; allauth's help text only to email.
        self.fields["password"].help_text = ""


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """allauth's form, which with both phone and email enabled would accept neither being filled in."""

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not cleaned_data.get("phone") and not cleaned_data.get("email"):
            raise ValidationError(_("Enter your phone number or your email address."), code="required")
        phone = cleaned_data.get("phone")
        if phone and not self.errors and not self._within_budget(phone):
            refuse_too_many_codes()
        return cleaned_data

    def _within_budget(self, phone: str) -> bool:
        """The number's daily budget of login codes. A request for a number with no account (nothing is
        sent) is counted here, one that gets a code when the adapter sends it, so both run out alike
        and the refusal tells nobody whether the number has an account."""
        if getattr(self, "_user", None) is None:
            return budget_consume(login_code_uses(phone))
        return budget_available(login_code_uses(phone))


def refuse_too_many_codes():
    """Refuse a form asking for a code past its budget: 429 for the headless API, a field error on pages."""
    request = context.request
    if is_headless_request(request):
        raise ImmediateHttpResponse(too_many_codes_response(request))
    raise ValidationError(TOO_MANY_CODES, code="too_many_codes")
