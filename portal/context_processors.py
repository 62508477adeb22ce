from portal.roles import roles_for_user
from portal.views import CURRENT_ROLE_SESSION_KEY


def navigation(request):
    """The signed-in user's roles for the header, with the one they are acting in now."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_for_user(user)
    current = request.session.get(CURRENT_ROLE_SESSION_KEY)
    if current not in {role.key for role in roles}:
        current = roles[0].key
    return {
        "nav": {
            "roles": [{"key": role.key, "label": role.label, "url": role.url} for role in roles],
            "current": current,
        }
    }
