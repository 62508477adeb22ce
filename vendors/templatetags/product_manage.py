"""The quick update's rows, written in Python: `{% load product_manage %}`.

A page holds 50 rows of four inputs; through the template engine each row cost about 0.15 ms besides
its inputs (lookups, conditions, a translation per row), most of the page. The markup is the row's
fieldset as the page had it; the inputs render through the site's form renderer."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _errors(messages) -> SafeString:
    if not messages:
        return mark_safe("")
    return format_html('<small class="field-error">{}</small>', " ".join(map(conditional_escape, messages)))


@register.simple_tag
def quick_row(form, product, price_label: str) -> SafeString:
    """One product's fieldset: its name and unit (or that it was removed meanwhile), the hidden product
    and shown stock, price and stock with their errors, and the price confirmation when asked for."""
    errors = form.errors
    if product is None:
        legend = conditional_escape(_("Removed product"))
        stock_label = _("Stock")
    else:
        unit = product.get_unit_display()
        hidden = format_html(" · {}", _("hidden")) if not product.available else ""
        legend = format_html("{} <small>/ {}{}</small>", product.name, unit, hidden)
        stock_label = _("Stock (%(unit)s)") % {"unit": unit}
    confirm = ""
    if getattr(form, "asks_to_confirm_price", False) or (form.is_bound and form["confirm_price"].value()):
        field = form["confirm_price"]
        confirm = format_html('\n  <label class="confirm-price">{} {}</label>', field, field.label)
    return format_html(
        '<fieldset class="quick-row{}">\n'
        "  <legend>{}</legend>\n"
        "  {}{}{}\n"
        '  <div class="grid quick-fields">\n'
        "    <label>{} {}{}</label>\n"
        "    <label>{} {}{}</label>\n"
        "  </div>{}\n"
        "</fieldset>",
        " has-error" if errors else "",
        legend,
        form["product"],
        form["expected_stock"],
        _errors(form.non_field_errors()) if errors else "",
        price_label,
        form["price"],
        _errors(errors.get("price")),
        stock_label,
        form["stock"],
        _errors(errors.get("stock")),
        confirm,
    )
