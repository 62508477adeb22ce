"""The cart pages: add from any product row, the carts by market, change or remove a line. Each works as
a plain form post (back to the page with a message); with htmx (the HX-Request header) the answer is a
fragment instead: the note beside the add button or the carts in place, with the header's cart link."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import raise_if_not_found
from orders.errors import OrderError
from orders.forms.cart import AddToCartForm, CartLineForm
from orders.selectors import cart_list_for_shopper, cart_view
from orders.services.cart import cart_add, cart_item_set


def _back(request, fallback: str = "orders:cart"):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def _carts_context(request, error: str = "") -> dict:
    carts = [cart_view(row) for row in cart_list_for_shopper(shopper=request.user, session=request.session)]
    return {"carts": carts, "error": error}


def cart(request):
    """The visitor's carts, one per market, each by stall with its lines and what stops any of them."""
    return render(request, "orders/cart.html", _carts_context(request))


def _form_errors(form) -> str:
    return " ".join(error for field_errors in form.errors.values() for error in field_errors)


def _added(request, message: str, *, error: bool = False):
    if request.htmx:
        return render(request, "orders/partials/cart_added.html", {"message": message, "error": error})
    (messages.error if error else messages.success)(request, message)
    return _back(request)


@require_POST
def cart_add_view(request):
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        return _added(request, _form_errors(form), error=True)
    try:
        item = cart_add(
            shopper=request.user,
            session=request.session,
            product_id=form.cleaned_data["product"],
            quantity=form.cleaned_data["quantity"],
        )
    except OrderError as error:
        raise_if_not_found(error)
        return _added(request, error.message, error=True)
    return _added(request, _("%(name)s is in your cart.") % {"name": item.product.name})


@require_POST
def cart_line(request, pk):
    form = CartLineForm(request.POST)
    error = "" if form.is_valid() else _form_errors(form)
    if not error:
        try:
            cart_item_set(
                shopper=request.user,
                session=request.session,
                item_id=pk,
                quantity=form.cleaned_data["quantity"],
            )
        except OrderError as refused:
            raise_if_not_found(refused)
            error = refused.message
    if request.htmx:
        return render(request, "orders/partials/cart_changed.html", _carts_context(request, error))
    if error:
        messages.error(request, error)
    return redirect("orders:cart")
