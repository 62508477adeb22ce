"""What the signed-in header shows besides the page, in one query per request: the user's roles
(portal), their unread notifications (notifications), the lines of their carts and the orders waiting
for their stalls (orders), all as annotations of their user row."""

from django.contrib.auth import get_user_model

from core.sql import OneRow
from notifications.selectors import notification_unread_count_expression
from orders.selectors import header_count_expressions
from portal.roles import role_flags, roles_of, user_row


def _header_row(pk: int):
    user = get_user_model()(pk=pk)
    return user_row(
        pk,
        **role_flags(user),
        unread_notifications=notification_unread_count_expression(user=user),
        **header_count_expressions(user=user),
    )


# Every signed-in page asks it: its SQL is built once per process (core.sql.OneRow).
_HEADER = OneRow(_header_row)


def header_row(request) -> dict:
    """The signed-in user's header row, asked once per request; the roles it holds also answer
    portal.roles.roles_for_request for the rest of the request. Empty for a user removed meanwhile."""
    if not hasattr(request, "_portal_header"):
        request._portal_header = _HEADER.get(request.user.pk) or {}
        if not hasattr(request, "_portal_roles"):
            request._portal_roles = roles_of(request._portal_header)
    return request._portal_header
