"""The cart's forms: a product's add-to-cart row and a line's quantity. Types only; the rules (on sale,
step, stock) live in orders.services.cart."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vendors.forms.products import QuantityField


class AddToCartForm(forms.Form):
    product = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = QuantityField(label=_("Quantity"), max_digits=12, decimal_places=3)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class CartLineForm(forms.Form):
    quantity = QuantityField(
        label=_("Quantity"), max_digits=12, decimal_places=3, help_text=_("0 removes it.")
    )
