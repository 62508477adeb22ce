from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

import core.forms
from market.models import Category, Market


class SearchInput(forms.TextInput):
    input_type = "search"


class QuickSelect(forms.Select):
    """Django's select as Django's templates write it, written in Python: the templates include one
    template per option, about 0.1 ms each, and the search form has some forty options."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            (
                (option["value"], _attributes(option["attrs"]), option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>', widget["name"], _attributes(widget["attrs"]), options
        )


def _attributes(attrs: dict) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them: in order, True as a bare name,
    False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class ListedModelChoiceField(core.forms.ListedModelChoiceField):
    widget = QuickSelect


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
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False, widget=QuickSelect)

    def filters(self) -> dict:
        """The valid filters only, so a stale link with an unknown market still shows results."""
        self.is_valid()
        filters = {name: value for name, value in self.cleaned_data.items() if value}
        filters["order"] = self.ORDERS[filters.pop("sort", "price")]
        return filters
