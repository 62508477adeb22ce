from portal.roles import current_role_key, roles_for_request


def navigation(request):
    """The signed-in user's roles for the header, and the one they are acting in (None before they pick).

    Nothing for anonymous visitors; the roles are asked once per request (see roles_for_request).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "roles": [
                {"key": role.key, "label": role.label, "url": role.url} for role in roles_for_request(request)
            ],
            "current": current_role_key(request),
        }
    }
