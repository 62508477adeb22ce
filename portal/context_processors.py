from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from orders.selectors import header_counts_for_visitor, header_counts_of
from portal.header import header_row
from portal.roles import ROLE_LINKS, current_role_key, roles_for_request


def header(request):
    """The header's data: `nav` (the signed-in user's roles, the one they act in, None before they pick,
    and that role's own pages), `unread_notifications` and `orders_nav` (the cart's lines; the orders
    waiting for the stalls the user runs, None for anyone who runs none).

    Lazy: a page that shows no header (an htmx fragment) asks nothing; a signed-in page asks one query
    (portal.header), an anonymous visitor's none but their cart's count if they have a cart."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        session = getattr(request, "session", None)
        return {
            "unread_notifications": 0,
            "orders_nav": SimpleLazyObject(lambda: header_counts_for_visitor(session)),
        }
    return {
        "nav": SimpleLazyObject(lambda: _navigation(request)),
        "unread_notifications": SimpleLazyObject(lambda: header_row(request).get("unread_notifications", 0)),
        "orders_nav": SimpleLazyObject(lambda: _orders_nav(request)),
    }


def _navigation(request) -> dict:
    header_row(request)  # the roles come with the header's row
    current = current_role_key(request)
    return {
        "roles": [
            {"key": role.key, "label": role.label, "url": role.url} for role in roles_for_request(request)
        ],
        "current": current,
        "links": [
            {"label": label, "url": reverse(url_name)} for label, url_name in ROLE_LINKS.get(current, [])
        ],
    }


def _orders_nav(request) -> dict:
    row = header_row(request)
    return header_counts_of(row) if row else {"cart_count": 0, "incoming": None}
