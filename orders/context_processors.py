from orders.selectors import header_counts


def orders_nav(request):
    """The header's cart count, and the count of orders waiting for the stalls the user runs."""
    if not hasattr(request, "session"):
        return {}
    return {"orders_nav": header_counts(user=getattr(request, "user", None), session=request.session)}
