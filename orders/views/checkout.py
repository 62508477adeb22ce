"""Checkout: the delivery fee first, then the order. The form's first submit shows the fee and the total;
placing needs the fee the shopper saw (a changed address shows the new fee again)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from core.pages import form_error
from orders.errors import OrderError
from orders.forms.checkout import CheckoutForm
from orders.models import Cart
from orders.selectors import cart_view
from orders.services.checkout import DeliveryDetails, delivery_windows, order_place, order_quote


@login_required
def checkout(request, cart_id):
    cart = Cart.objects.select_related("market__region").filter(pk=cart_id, shopper=request.user).first()
    if cart is None:
        raise Http404
    view = cart_view(cart)
    form = CheckoutForm(
        request.POST or None, market=cart.market, windows=delivery_windows(cart.market), shopper=request.user
    )
    quote = None
    if request.method == "POST" and form.is_valid():
        details = DeliveryDetails(**form.details_fields())
        try:
            quote = order_quote(market=cart.market, details=details)
            if request.POST.get("step") == "place" and form.cleaned_data["quoted_fee"] == quote.fee:
                order = order_place(
                    shopper=request.user,
                    cart_id=cart.pk,
                    details=details,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
                return redirect("orders:order_detail", pk=order.pk)
        except OrderError as error:
            if error.code == "cart_empty":
                return redirect("orders:order_list")
            form_error(form, error, error.field if error.field in form.fields else None)
            quote = None if error.field else quote
    if quote is not None:
        form.data = form.data.copy()
        form.data["quoted_fee"] = quote.fee
    context = {
        "cart": view,
        "form": form,
        "quote": quote,
        "total": view.items_total + (quote.fee if quote else 0),
    }
    return render(request, "orders/checkout.html", context)
