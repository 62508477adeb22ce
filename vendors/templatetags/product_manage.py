"""The quick update's rows, written in Python: `{% load product_manage %}`.

A page holds 50 rows of four inputs; through the template engine each row cost about 0.15 ms besides
its inputs (lookups, conditions, a translation per row), most of the page. The markup is the row's
fieldset as the page had it; the inputs render through the site's form renderer."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.form_renderer import escaped

register = template.Library()


def _errors(messages) -> str:
    if not messages:
        return ""
    return f'<small class="field-error">{" ".join(map(escaped, messages))}</small>'


@register.simple_tag
def quick_row(form, product, price_label: str) -> SafeString:
    """One product's fieldset: its name and unit (or that it was removed meanwhile), the hidden product
    and shown stock, price and stock with their errors, and the price confirmation when asked for.
    Every value is escaped (core.form_renderer.escaped: a safe one, such as an input, as it is)."""
    errors = form.errors
    if product is None:
        legend = escaped(_("Removed product"))
        stock_label = _("Stock")
    else:
        unit = escaped(product.get_unit_display())
        hidden = f" · {escaped(_('hidden'))}" if not product.available else ""
        legend = f"{escaped(product.name)} <small>/ {unit}{hidden}</small>"
        stock_label = _("Stock (%(unit)s)") % {"unit": product.get_unit_display()}
    confirm = ""
    if getattr(form, "asks_to_confirm_price", False) or (form.is_bound and form["confirm_price"].value()):
        field = form["confirm_price"]
        confirm = f'\n  <label class="confirm-price">{escaped(field)} {escaped(field.label)}</label>'
    non_field = _errors(form.non_field_errors()) if errors else ""
    return mark_safe(  # noqa: S308 (every value escaped above or here)
        f'<fieldset class="quick-row{" has-error" if errors else ""}">\n'
        f"  <legend>{legend}</legend>\n"
        f"  {escaped(form['product'])}{escaped(form['expected_stock'])}{non_field}\n"
        '  <div class="grid quick-fields">\n'
        f"    <label>{escaped(price_label)} {escaped(form['price'])}{_errors(errors.get('price'))}</label>\n"
        f"    <label>{escaped(stock_label)} {escaped(form['stock'])}{_errors(errors.get('stock'))}</label>\n"
        f"  </div>{confirm}\n"
        "</fieldset>"
    )
