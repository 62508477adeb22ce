"""Our versions of allauth's page forms (ACCOUNT_FORMS)."""

from allauth.account import forms as allauth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


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
        return cleaned_data
