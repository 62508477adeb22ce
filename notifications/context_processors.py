from notifications.selectors import notification_unread_count_for_user


def unread_count(request) -> dict:
    """`unread_notifications` for the header badge: one COUNT query for a signed-in user, 0 otherwise."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": notification_unread_count_for_user(user=user)}
