from allauth.core.exceptions import RateLimited
from django.conf import settings
from django.utils import translation

from accounts.adapter import too_many_codes_response


class UserLanguageMiddleware:
    """Use a signed-in user's preferred language unless this browser chose one with the switch.

    Precedence: the language cookie (an explicit choice on this device, which the switch also saves
    to the account) > the account's preference > the browser's Accept-Language > Indonesian.
    Goes right after AuthenticationMiddleware; LocaleMiddleware has already applied the cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.language in self.languages
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class CodeRateLimitMiddleware:
    """allauth raises RateLimited, and nobody catches it, when a phone verification code is asked for
    within its `verify_phone` limit of the last one on some paths (a second signup or password login for
    the same unverified number within 30 s): answer 429 "try later", not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return too_many_codes_response(request)
        return None
