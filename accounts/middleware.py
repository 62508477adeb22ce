from django.conf import settings
from django.utils import translation


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
