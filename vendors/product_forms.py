"""Forms of the trader's product pages. They check types and ranges; the rules live in vendors.services."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.formatting import quantity
from market.models import Category, Commodity
from vendors.models import MAX_PRICE, Product, Unit, default_step

PRICE_MESSAGES = {
    "min_value": _("The price must be between Rp 1 and Rp 100.000.000."),
    "max_value": _("The price must be between Rp 1 and Rp 100.000.000."),
    "invalid": _("Enter the price in whole rupiah, e.g. 45000."),
}
STOCK_MESSAGES = {
    "min_value": _("Stock cannot be negative."),
    "invalid": _("Enter the stock as a number, e.g. 12,5."),
    "max_decimal_places": _("Enter the stock with at most 3 decimals."),
    "max_digits": _("This stock is too large."),
    "max_whole_digits": _("This stock is too large."),
}


class DecimalCommaField(forms.DecimalField):
    """A decimal typed the Indonesian way (12,5) or with a point (12.5)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


def price_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Price per unit (Rp)"),
        min_value=1,
        max_value=MAX_PRICE,
        error_messages=PRICE_MESSAGES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
        **kwargs,
    )


def stock_field(**kwargs) -> DecimalCommaField:
    return DecimalCommaField(
        label=_("Stock"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=3,
        error_messages=STOCK_MESSAGES,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Product name"), max_length=150)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all())
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    price = price_field()
    stock = stock_field()
    step = DecimalCommaField(
        label=_("Quantity step"),
        required=False,
        min_value=Decimal("0.001"),
        max_digits=8,
        decimal_places=3,
        help_text=_("Empty: the unit's usual step (0,25 kg, 1 ons, 50 gram, 0,5 liter, 1 otherwise)."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    commodity = forms.ModelChoiceField(
        label=_("Monitored commodity"),
        queryset=Commodity.objects.all(),
        required=False,
        empty_label=_("None"),
        help_text=_("For staples the trade office watches, so your price shows in its price monitor."),
    )
    commodity_factor = DecimalCommaField(
        label=_("Standard units per unit"),
        required=False,
        min_value=Decimal("0.0001"),
        max_digits=10,
        decimal_places=4,
        help_text=_("Only for units other than kg, ons and gram, e.g. 1 ikat = 0,25 kg: enter 0,25."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    negotiable = forms.BooleanField(label=_("Price is negotiable"), required=False)
    available = forms.BooleanField(label=_("Shown to shoppers"), required=False, initial=True)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    @classmethod
    def initial_for(cls, product: Product) -> dict:
        """The form's values for an existing product; the step stays empty while it is the unit's default."""
        initial = {name: getattr(product, name) for name in cls.base_fields if name != "photo"}
        # Quantities as Indonesians write them (12,5, not 12.500, which reads as twelve thousand).
        for name in ("stock", "step", "commodity_factor"):
            initial[name] = quantity(initial[name])
        if product.step == default_step(product.unit):
            initial["step"] = None
        return initial

    def product_fields(self) -> dict:
        """Cleaned values for the services, without the photo."""
        return {name: value for name, value in self.cleaned_data.items() if name != "photo"}


class QuickRowForm(forms.Form):
    """One product's row on the quick-update page: the shown stock travels with the new values."""

    product = forms.IntegerField(widget=forms.HiddenInput)
    price = price_field()
    stock = stock_field()
    expected_stock = forms.DecimalField(max_digits=12, decimal_places=3, widget=forms.HiddenInput)


QuickUpdateFormSet = forms.formset_factory(QuickRowForm, extra=0, max_num=1000, absolute_max=1000)
