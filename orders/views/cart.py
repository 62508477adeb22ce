"""The cart pages: add from any product row (a form post, no script needed), the carts by market."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import message_error
from orders.errors import OrderError
from orders.forms.cart import AddToCartForm, CartLineForm
from orders.selectors import cart_list_for_shopper, cart_view
from orders.services.cart import cart_add, cart_item_set


def _back(request, fallback: str = "orders:cart"):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def cart(request):
    """The visitor's carts, one per market, each by stall with its lines and what stops any of them."""
    carts = [cart_view(row) for row in cart_list_for_shopper(shopper=request.user, session=request.session)]
    return render(request, "orders/cart.html", {"carts": carts, "line_form": CartLineForm()})


@require_POST
def cart_add_view(request):
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, " ".join(errors))
        return _back(request)
    try:
        item = cart_add(
            shopper=request.user,
            session=request.session,
            product_id=form.cleaned_data["product"],
            quantity=form.cleaned_data["quantity"],
        )
    except OrderError as error:
        message_error(request, error)
        return _back(request)
    messages.success(request, _("%(name)s is in your cart.") % {"name": item.product.name})
    return _back(request)


@require_POST
def cart_line(request, pk):
    form = CartLineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["quantity"]))
        return redirect("orders:cart")
    try:
        cart_item_set(
            shopper=request.user, session=request.session, item_id=pk, quantity=form.cleaned_data["quantity"]
        )
    except OrderError as error:
        message_error(request, error)
    return redirect("orders:cart")
