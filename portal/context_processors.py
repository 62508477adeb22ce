from django.urls import reverse

from portal.roles import ROLE_LINKS, current_role_key, roles_for_request


def navigation(request):
    """The signed-in user's roles for the header, the one they are acting in (None before they pick) and
    that role's own pages.

    Nothing for anonymous visitors; the roles are asked once per request (see roles_for_request).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = current_role_key(request)
    return {
        "nav": {
            "roles": [
                {"key": role.key, "label": role.label, "url": role.url} for role in roles_for_request(request)
            ],
            "current": current,
            "links": [
                {"label": label, "url": reverse(url_name)} for label, url_name in ROLE_LINKS.get(current, [])
            ],
        }
    }
