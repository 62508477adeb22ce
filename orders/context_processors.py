from orders.selectors import cart_line_count, incoming_count_for_stalls
from vendors.selectors import stall_list_for_actor


def orders_nav(request):
    """The header's cart count, and the count of orders waiting for the stalls the user runs."""
    user = getattr(request, "user", None)
    if user is None or not hasattr(request, "session"):
        return {}
    runs_a_stall = user.is_authenticated and stall_list_for_actor(user).exists()
    return {
        "orders_nav": {
            "cart_count": cart_line_count(shopper=user, session=request.session),
            "incoming": incoming_count_for_stalls(user) if runs_a_stall else None,
        }
    }
