"""The rows of the quick update and of the product list, written in Python: `{% load product_manage %}`.

A quick update page holds 50 rows of four inputs; through the template engine each row cost about
0.15 ms besides its inputs (lookups, conditions, a translation per row), most of the page. The markup is
the row's fieldset as the page had it; the inputs render through the site's form renderer. The product
list's 30 cards likewise, as its template drew them."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.formatting import quantity, rupiah
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


@register.simple_tag(takes_context=True)
def product_cards(context, rows) -> SafeString:
    """The product list's cards, one per (product, links) of `rows` (views.products._rows_with_links):
    thumbnail, name, category, price and stock, then edit, show or hide, and remove. The labels are
    translated once and the csrf input rendered once for the page; every value is escaped."""
    csrf = CsrfTokenNode().render(context)
    hidden, stock, edit = escaped(_("hidden")), escaped(_("Stock")), escaped(_("Edit"))
    hide, show, remove = escaped(_("Hide")), escaped(_("Show")), escaped(_("Remove"))
    cards = []
    for product, links in rows:
        available = product.available
        thumb = ""
        if product.thumbnail:
            thumb = (
                f'\n          <img src="{escaped(product.thumbnail.url)}" width="{product.thumbnail_width}"'
                f' height="{product.thumbnail_height}" alt="" loading="lazy" class="thumb">'
            )
        unit = escaped(product.get_unit_display())
        value, label = ("0", hide) if available else ("1", show)
        toggle = (
            f'<input type="hidden" name="available" value="{value}">\n'
            f'            <button type="submit" class="link-button">{label}</button>'
        )
        cards.append(
            f'<li class="card{"" if available else " muted"}">\n'
            f'        <div class="product{" with-thumb" if product.thumbnail else ""}">{thumb}\n'
            '          <div class="product-name">\n'
            f"            <strong>{escaped(product.name)}</strong>\n"
            f"            <small>{escaped(product.category.display_name)}"
            f"{'' if available else f' · <mark>{hidden}</mark>'}</small>\n"
            "          </div>\n"
            '          <div class="price">\n'
            f"            <strong>{escaped(rupiah(product.price))}</strong>\n"
            f"            <small>/ {unit}</small>\n"
            f"            <small>{stock}: {escaped(quantity(product.stock))} {unit}</small>\n"
            "          </div>\n"
            "        </div>\n"
            '        <div class="row-actions">\n'
            f'          <a href="{escaped(links["edit"])}">{edit}</a>\n'
            f'          <form method="post" action="{escaped(links["availability"])}" class="inline-form">\n'
            f"            {csrf}\n"
            f"            {toggle}\n"
            "          </form>\n"
            f'          <a href="{escaped(links["remove"])}">{remove}</a>\n'
            "        </div>\n"
            "      </li>"
        )
    return mark_safe("\n      ".join(cards))  # noqa: S308 (every value escaped above)
