from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """allauth's app-token authentication, answering 401 (not 403) when no credentials were sent.

    Kept apart from config.api: DRF imports authentication classes while rest_framework.views is loading.
    """

    def authenticate_header(self, request):
        return "X-Session-Token"
