"""The staff trader list's cards, written in Python: `{% load staff_traders %}{% trader_cards stalls %}`.

Through the template engine each card cost about 0.5 ms (three URL reversals, a csrf token, two
blocktranslates with a date, some forty lookups): most of the page. What the cards repeat (labels,
links, the token, the list's query string) is made once a page; the markup is the cards' as the
template had them."""

from types import SimpleNamespace

from django import template
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.formatting import day_month_year_time, phone_national
from core.form_renderer import escaped
from core.links import ROW_KEY, row_link
from market.models import TIME_ZONE_LABELS
from vendors.models import STATUS_LABELS, TraderStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def trader_cards(context, stalls) -> SafeString:
    """<ul class="card-list"> of the stalls (trader_cards_for_staff's dicts): each with its owner
    and number, market, group and status, products and last update, its application's and storefront's
    links and, for an active or suspended stall with an application, the suspend or reinstate form
    (back to the list's own query string)."""
    request = context["request"]
    page = SimpleNamespace(
        back=escaped(request.GET.urlencode()),
        csrf=escaped(get_token(request)),
        statuses={status: escaped(label) for status, label in STATUS_LABELS.items()},
        no_group=escaped(_("No group")),
        decisions=(row_link("market:review_detail", ROW_KEY), escaped(_("Application and decisions"))),
        storefront=(row_link("vendors:stall_detail", ROW_KEY), escaped(_("As shoppers see it"))),
        suspend=(
            row_link("vendors:staff_trader_decide", ROW_KEY, "suspend"),
            escaped(_("Reason for the suspension (the trader reads it)")),
            ' class="secondary"',
            escaped(_("Suspend")),
        ),
        reinstate=(
            row_link("vendors:staff_trader_decide", ROW_KEY, "reinstate"),
            escaped(_("Note on lifting the suspension (the trader reads it)")),
            "",
            escaped(_("Reinstate")),
        ),
        updated=_("updated %(when)s %(label)s"),
    )
    cards = "".join(_card(stall, page) for stall in stalls)
    return mark_safe(f'<ul class="card-list">{cards}\n</ul>')  # noqa: S308 (every value escaped)


def _card(stall: dict, page: SimpleNamespace) -> str:
    pk, status, application_id = stall["id"], stall["status"], stall["application_id"]
    status_label = page.statuses.get(status) or escaped(status)
    phone = phone_national(stall["whatsapp_text"])
    owner = escaped(stall["owner_name"]) + (f" · {escaped(phone)}" if phone else "")
    group = escaped(stall["group_name"]) if stall["group_id"] else page.no_group
    count = stall["product_count"]
    products = ngettext("%(products)s product", "%(products)s products", count) % {"products": count}
    zone = stall["timezone"]
    when = day_month_year_time(stall["last_update"], zone)
    updated = page.updated % {"when": escaped(when), "label": escaped(TIME_ZONE_LABELS.get(zone, zone))}
    links = ""
    if application_id:
        link, label = page.decisions
        links += f'\n    <a href="{link(application_id)}">{label}</a>'
    active = status == TraderStatus.ACTIVE
    if active:
        link, label = page.storefront
        links += f'\n    <a href="{link(pk)}">{label}</a>'
    form = ""
    if application_id and (active or status == TraderStatus.SUSPENDED):
        link, reason, button_class, button = page.suspend if active else page.reinstate
        form = (
            f'\n  <form method="post" action="{link(pk)}">'
            f'\n    <input type="hidden" name="csrfmiddlewaretoken" value="{page.csrf}">'
            f'\n    <input type="hidden" name="back" value="{page.back}">'
            f'\n    <label for="reason-{pk}">{reason}</label>'
            '\n    <fieldset role="group">'
            f'\n      <input type="text" id="reason-{pk}" name="reason" maxlength="1000" required>'
            f'\n      <button type="submit"{button_class}>{button}</button>'
            "\n    </fieldset>"
            "\n  </form>"
        )
    return (
        '\n<li class="card">'
        f"\n  <strong>{escaped(stall['stall_number'])} · {escaped(stall['stall_name'])}</strong>"
        f"\n  <p>{owner}</p>"
        f"\n  <p>{escaped(stall['market_name'])} · {group} · <strong>{status_label}</strong></p>"
        f'\n  <p class="meta">\n    {products} ·\n    {updated}\n  </p>'
        f'\n  <p class="row-actions">{links}\n  </p>{form}'
        "\n</li>"
    )
