from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from market.models import Category, Market


class SearchInput(forms.TextInput):
    input_type = "search"


class ListedChoiceIterator(ModelChoiceIterator):
    """A select's options from one plain query: Django's own iterator() opens a server-side cursor
    (DECLARE … CURSOR WITH HOLD, two more round trips) per select on PostgreSQL."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in list(self.queryset):
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator


class ProductSearchForm(forms.Form):
    """The shopper's search and price-compare filters (GET). An invalid value just drops that filter."""

    # The values links already carry ("price", "-price") name the orders of vendors.selectors.
    SORT_CHOICES = [
        ("price", _("Cheapest first")),
        ("-price", _("Most expensive first")),
        ("name", _("Name")),
    ]
    ORDERS = {"price": "cheapest", "-price": "dearest", "name": "name"}

    q = forms.CharField(
        label=_("Product"),
        required=False,
        max_length=100,
        widget=SearchInput(attrs={"placeholder": _("e.g. cabai, beras"), "autocomplete": "off"}),
    )
    market = ListedModelChoiceField(
        label=_("Market"),
        queryset=Market.objects.filter(is_active=True).select_related("region"),
        to_field_name="slug",
        required=False,
        empty_label=_("All markets"),
    )
    category = ListedModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All categories"),
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def filters(self) -> dict:
        """The valid filters only, so a stale link with an unknown market still shows results."""
        self.is_valid()
        filters = {name: value for name, value in self.cleaned_data.items() if value}
        filters["order"] = self.ORDERS[filters.pop("sort", "price")]
        return filters
