import time

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.models import Language
from accounts.services import user_set_language, user_set_password


@require_POST
def set_language(request):
    """The language switch: Django's cookie, and for a signed-in user their saved preference too."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in Language.values:
        user_set_language(user=request.user, language=language)
    return response


def signed_in_by_code_recently(request) -> bool:
    """Whether this session proved control of the phone or email with a login code just now."""
    window = settings.SET_PASSWORD_AFTER_CODE_LOGIN_SECONDS
    return any(
        record.get("method") == "code" and record.get("at", 0) >= time.time() - window
        for record in get_authentication_records(request, request.user)
    )


@login_required
def set_password(request):
    """A new password without the old one, for people who forgot it and signed in with a code."""
    if not signed_in_by_code_recently(request):
        messages.info(
            request,
            _("To set a new password without your current one, log out and log in with a code first."),
        )
        return redirect("account_change_password")
    form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_set_password(user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your new password is saved."))
        return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))
    return render(request, "accounts/set_password.html", {"form": form})
