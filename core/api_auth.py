from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication
from django.conf import settings
from django.utils import translation


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """allauth's app-token authentication (X-Session-Token from the headless login), answering 401.

    allauth's class names no header, so DRF would answer 403 to a call without credentials.
    Kept apart from core.api: DRF imports authentication classes while rest_framework.views is loading.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            # accounts.middleware.UserLanguageMiddleware ran before DRF knew the user: an app client's
            # answers come in the account's language, as the pages do.
            language = result[0].language
            if language in dict(settings.LANGUAGES):
                translation.activate(language)
        return result

    def authenticate_header(self, request):
        return "X-Session-Token"
