"""Forms of the trader's product pages. They check types and ranges; the rules live in vendors.services."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from accounts.formatting import quantity
from accounts.numbers import NumberError, parse_quantity, parse_rupiah
from core.form_renderer import escaped
from core.models import max_length_of
from market.models import Category, Commodity
from vendors.models import MAX_PRICE, PRICE_OUT_OF_RANGE, STOCK_NEGATIVE, Product, Unit, default_step
from vendors.services.products import EDITABLE_FIELDS

PRICE_MESSAGES = {
    "min_value": PRICE_OUT_OF_RANGE,
    "max_value": PRICE_OUT_OF_RANGE,
    "invalid": _("Enter the price in whole rupiah, e.g. 45000. 45.000 and 45rb work too."),
    "not_whole": _("Enter the price in whole rupiah, e.g. 45000. For Rp 4.500 type 4.500 or 4,5rb."),
}
STOCK_MESSAGES = {
    "min_value": STOCK_NEGATIVE,
    "invalid": _("Enter the stock as a number, e.g. 12,5."),
    "max_decimal_places": _("Enter the stock with at most 3 decimals."),
    "max_digits": _("This stock is too large."),
    "max_whole_digits": _("This stock is too large."),
}
QUANTITY_MESSAGES = {"invalid": _("Enter a number, e.g. 0,25 or 1.000.")}


class QuantityInput(forms.TextInput):
    """A quantity shown as it is typed back (12,5; never 12.500, which reads as twelve thousand)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int):
            return quantity(value)
        return super().format_value(value)


class RupiahInput(forms.TextInput):
    """A price field; static/js/app.js shows the amount it reads ("Rp 45.000") beside it as it is typed."""

    def __init__(self, attrs=None):
        echo = {"data-rupiah": MAX_PRICE, "data-rupiah-invalid": _("not a price in whole rupiah")}
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **echo, **(attrs or {})})


class QuantityField(forms.DecimalField):
    """A decimal typed by a person, read by accounts.numbers.parse_quantity (1.000 = 1000, 12,5 = 12.5)."""

    widget = QuantityInput
    default_error_messages = QUANTITY_MESSAGES

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = parse_quantity(value)
            except NumberError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)


class RupiahField(forms.IntegerField):
    """Whole rupiah typed by a person, read by accounts.numbers.parse_rupiah (45.000, Rp 45.000, 45rb)."""

    widget = RupiahInput
    default_error_messages = PRICE_MESSAGES

    def __init__(self, **kwargs):
        super().__init__(**{"min_value": 1, "max_value": MAX_PRICE, **kwargs})

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                return parse_rupiah(value)
            except NumberError as error:
                raise ValidationError(self.error_messages[error.code], code=error.code) from None
        return super().to_python(value)


def price_field(**kwargs) -> RupiahField:
    return RupiahField(label=_("Price per unit (Rp)"), help_text=_("E.g. 45.000 or 45rb."), **kwargs)


def stock_field(**kwargs) -> QuantityField:
    return QuantityField(
        label=_("Stock"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=3,
        error_messages=STOCK_MESSAGES,
        **kwargs,
    )


def step_field(**kwargs) -> QuantityField:
    return QuantityField(min_value=Decimal("0.001"), max_digits=8, decimal_places=3, **kwargs)


def factor_field(**kwargs) -> QuantityField:
    return QuantityField(min_value=Decimal("0.0001"), max_digits=10, decimal_places=4, **kwargs)


class CommoditySelect(forms.Select):
    """Each staple's option carries its unit and category, so static/js/app.js can fill them in."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-staple": "", **(attrs or {})}, choices)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        commodity = getattr(value, "instance", None)
        if commodity is not None:
            option["attrs"]["data-unit"] = commodity.standard_unit
            option["attrs"]["data-category"] = commodity.category_id or ""
        return option


def confirm_price_field() -> forms.BooleanField:
    return forms.BooleanField(label=_("Yes, this price is right"), required=False)


class ProductForm(forms.Form):
    """Most products need only a name, price and stock: a staple (commodity) brings its unit and category,
    the unit its step (vendors.services fills what is left empty)."""

    name = forms.CharField(
        label=_("Product name"), max_length=150, help_text=_("E.g. Cabai rawit merah or Kangkung.")
    )
    commodity = forms.ModelChoiceField(
        label=_("Staple watched by the trade office"),
        queryset=Commodity.objects.all(),
        required=False,
        empty_label=_("None"),
        widget=CommoditySelect,
        help_text=_(
            "E.g. Cabai rawit merah. Choose one if it matches: unit and category are filled in for you "
            "and your price joins the trade office's price monitor."
        ),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("— Choose a category —"),
        help_text=_("E.g. Sayur. Left empty: the staple's category."),
    )
    unit = forms.ChoiceField(
        label=_("Sold per"),
        choices=[("", _("— Choose a unit —")), *Unit.choices],
        required=False,
        help_text=_("E.g. kg, ikat or butir. Left empty: the staple's unit."),
    )
    price = price_field()
    confirm_price = confirm_price_field()
    stock = stock_field(help_text=_("How many units you have now, e.g. 12,5 or 1.000."))
    step = step_field(
        label=_("Shoppers buy in steps of"),
        required=False,
        help_text=_(
            "E.g. 0,25 to sell by the quarter kilo. Left empty: 0,25 kg, 1 ons, 50 gram, 0,5 liter, "
            "1 otherwise."
        ),
    )
    commodity_factor = factor_field(
        label=_("One unit is how much of the staple's unit?"),
        required=False,
        help_text=_("E.g. 1 ikat of kangkung is 0,25 kg: enter 0,25. Not needed for kg, ons and gram."),
    )
    negotiable = forms.BooleanField(label=_("Price is negotiable"), required=False)
    available = forms.BooleanField(label=_("Shown to shoppers"), required=False, initial=True)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=max_length_of(Product, "description"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The confirmation is offered only once the service asked for it (ask_to_confirm_price).
        if not (self.is_bound and "confirm_price" in self.data):
            del self.fields["confirm_price"]

    @classmethod
    def initial_for(cls, product: Product) -> dict:
        """The form's values for an existing product; the step stays empty while it is the unit's default."""
        initial = {name: getattr(product, name) for name in cls.base_fields if name in EDITABLE_FIELDS}
        if product.step == default_step(product.unit):
            initial["step"] = None
        return initial

    def ask_to_confirm_price(self, message: str) -> None:
        """Re-show the form with the service's warning on the price and the box that confirms it."""
        self.fields["confirm_price"] = confirm_price_field()
        self.order_fields(self.base_fields)
        self.add_error("price", message)

    def product_fields(self) -> dict:
        """Cleaned values for the services, without the photo and the confirmation."""
        return {name: value for name, value in self.cleaned_data.items() if name in EDITABLE_FIELDS}


class QuickRowForm(forms.Form):
    """One product's row on the quick-update page: the shown stock travels with the new values."""

    product = forms.IntegerField(widget=forms.HiddenInput)
    price = price_field()
    confirm_price = confirm_price_field()
    stock = stock_field()
    # What the page showed, not what a person typed: written by the server in Python's notation.
    expected_stock = forms.DecimalField(max_digits=12, decimal_places=3, widget=forms.HiddenInput)


QuickUpdateFormSet = forms.formset_factory(QuickRowForm, extra=0, max_num=1000, absolute_max=1000)


def quick_initial(product: Product) -> dict:
    """A product's row as the quick update first shows it."""
    return {
        "product": product.pk,
        "price": product.price,
        "stock": product.stock,
        "expected_stock": product.stock,
    }


class UnboundQuickRow:
    """A row of an unbound QuickUpdateFormSet, what the quick_row tag reads of a form (its inputs by
    name, no errors), drawn without building the form: see unbound_quick_rows()."""

    is_bound = False
    asks_to_confirm_price = False

    def __init__(self, inputs: dict[str, SafeString]):
        self.errors: dict = {}
        self._inputs = inputs

    def __getitem__(self, name: str) -> SafeString:
        return self._inputs[name]

    def non_field_errors(self) -> list:
        return []


def unbound_quick_rows(products: list[Product]) -> list[UnboundQuickRow]:
    """The rows `QuickUpdateFormSet(initial=[quick_initial(p) ...])` would draw, the same HTML without a
    form per row (building 50 forms and their 200 inputs was a third of the page): each input is the
    formset's empty form's with the row's number and its value, formatted by the field and widget as
    Django's BoundField does. The site's renderer writes the value right after the name."""
    empty = QuickUpdateFormSet().empty_form
    fields = {}
    for name in ("product", "expected_stock", "price", "stock"):
        bound = empty[name]
        html = str(bound)
        if " value=" in html:
            raise ValueError(f"The empty form's {name} has a value.")
        fields[name] = (bound.field, html, f'name="{bound.html_name}"')
    rows = []
    for index, product in enumerate(products):
        initial = quick_initial(product)
        inputs = {}
        for name, (field, html, named) in fields.items():
            value = field.widget.format_value(field.prepare_value(initial[name]))
            if value is not None:
                html = html.replace(named, f'{named} value="{escaped(value)}"', 1)
            # SafeString itself, not mark_safe() nor Django's escape(): their lazy-argument wrappers
            # were a tenth of the page, 400 calls a page.
            inputs[name] = SafeString(html.replace("__prefix__", str(index)))
        rows.append(UnboundQuickRow(inputs))
    return rows
