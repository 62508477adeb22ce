"""The stall's incoming orders, written in Python: `{% load stall_orders %}`.

A page holds 20 parts of orders, each with its items and up to four forms, and a switch per stall (a
coordinator has dozens): through the template engine they cost about 8 ms a page, mostly lookups,
`{% url %}` and `{% translate %}` repeated for every row. The markup is the page's as its template
wrote it, without its indentation (a page of 20 open parts is about 50 KB, a seventh of it
indentation); a line break stays between inline forms. What every row repeats (the csrf input, the
links around the row's key, the labels) is made once a page (`_page`); every value is escaped
(core.form_renderer.escaped)."""

from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.dates import MONTHS_3, WEEKDAYS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.formatting import phone_national, quantity, rupiah
from core.form_renderer import escaped
from core.links import ROW_KEY, row_link
from orders.models import TraderOrderStatus
from orders.selectors import IncomingPart
from vendors.templatetags.storefront import whatsapp_url

register = template.Library()

EDITABLE = {TraderOrderStatus.PENDING, TraderOrderStatus.ACCEPTED}


def _link(name: str, *args) -> Callable[[int], str]:
    """The page's link to `name` for a row's key (core.links), escaped."""
    link = row_link(name, ROW_KEY, *args)
    return lambda pk: escaped(link(pk))


@dataclass(frozen=True)
class _Page:
    """What the rows of one page share, in the page's language."""

    csrf: str
    items: Callable[[int], str]
    accept: Callable[[int], str]
    ready: Callable[[int], str]
    reject: Callable[[int], str]
    closed_today: Callable[[int], str]
    statuses: dict[str, str]
    labels: dict[str, str]


def _page(context) -> _Page:
    """The page's shared parts, made by its first row (kept in the render's own context)."""
    page = context.render_context.get(_Page)
    if page is None:
        page = context.render_context[_Page] = _Page(
            csrf=CsrfTokenNode().render(context),
            items=_link("orders:stall_order_items"),
            accept=_link("orders:stall_order_move", "accept"),
            ready=_link("orders:stall_order_move", "ready"),
            reject=_link("orders:stall_order_move", "reject"),
            closed_today=_link("orders:stall_closed_today"),
            statuses={value: escaped(label) for value, label in TraderOrderStatus.choices},
            labels={
                "for": escaped(_("for")),
                "courier": escaped(_("Courier")),
                "total": escaped(_("Total")),
                "less": escaped(_("Hand over less (0 refuses an item)")),
                "accept": escaped(_("Accept")),
                "ready": escaped(_("Ready for pickup")),
                "reason": escaped(_("Reason")),
                "refuse": escaped(_("Refuse")),
                "closed": escaped(_("closed today")),
                "open_again": escaped(_("Open again")),
                "close_today": escaped(_("Closed today")),
            },
        )
    return page


@register.simple_tag(takes_context=True)
def stall_switch(context, stall) -> SafeString:
    """A stall's line of "Your stalls today": its name and the button that closes it for today, or
    reopens it (`stall.closed_today`)."""
    page = _page(context)
    labels = page.labels
    if stall.closed_today:
        state = (
            f'<mark>{labels["closed"]}</mark> <input type="hidden" name="closed" value="0">\n'
            f'<button type="submit" class="link-button">{labels["open_again"]}</button>'
        )
    else:
        state = (
            '<input type="hidden" name="closed" value="1">\n'
            f'<button type="submit" class="link-button">{labels["close_today"]}</button>'
        )
    return mark_safe(  # noqa: S308 (every value escaped above or here)
        f'<li><form method="post" action="{page.closed_today(stall.pk)}" class="inline-form">\n'
        f"{page.csrf}\n"
        f"{escaped(stall.stall_name)}:\n"
        f"{state}\n"
        "</form></li>"
    )


def _placed(moment, zone: str) -> str:
    """As `{{ moment|in_timezone:zone|date:"j M H.i" }}` ("1 Mar 08.05"), without a DateFormat each
    (about 20 µs a row)."""
    local = moment.astimezone(ZoneInfo(zone))
    return escaped(f"{local.day} {str(MONTHS_3[local.month]).title()} {local:%H.%M}")


def _weekday_time(moment, zone: str) -> str:
    """As `{{ moment|in_timezone:zone|date:"l H.i" }}` ("Senin 10.00")."""
    local = moment.astimezone(ZoneInfo(zone))
    return escaped(f"{str(WEEKDAYS[local.weekday()])} {local:%H.%M}")


def _courier(part: IncomingPart) -> str:
    """As orders/partials/courier.html: the courier's name and plate, their WhatsApp link if any."""
    name = escaped(part.courier_name)
    text = f"{name} ({escaped(part.courier_plate)})"
    if part.courier_whatsapp:
        label = _("WhatsApp %(name)s") % {"name": name}
        text += (
            f' · <a href="{escaped(whatsapp_url(part.courier_whatsapp))}" class="whatsapp" rel="noopener"'
            f' target="_blank" data-courier-whatsapp>{label}'
            f" <small>{escaped(phone_national(part.courier_whatsapp))}</small></a>"
        )
    return text


@register.simple_tag(takes_context=True)
def incoming_part(context, part: IncomingPart) -> SafeString:
    """A part's card: its order's number, status, time, place, note and courier; its items, which can
    be handed over in smaller quantities while it is open; accept, ready and refuse as its status allows."""
    page = _page(context)
    labels = page.labels
    editable = part.status in EDITABLE
    facts = f"{_placed(part.placed_at, part.zone)} · {escaped(part.kelurahan)}"
    if part.deliver_from:
        facts += f" · {labels['for']} {_weekday_time(part.deliver_from, part.zone)}"
    extra = f"<br>{escaped(part.note)}" if part.note else ""
    if part.courier_name:
        extra += f"<br>{labels['courier']}: {_courier(part)}"
    items = []
    for item in part.items:
        unit = escaped(item.unit)
        amount = quantity(item.quantity)
        if editable:
            field = (
                f'<input type="text" inputmode="decimal" id="item-{item.pk}" name="item-{item.pk}"'
                f' value="{amount}" size="4" autocomplete="off"> {unit}'
            )
        else:
            field = f"{amount} {unit}"
        muted = ' class="muted"' if item.refused else ""
        items.append(
            f"<li{muted}>\n"
            f'<label for="item-{item.pk}">{escaped(item.name)}'
            f" <small>{rupiah(item.price)} / {unit}</small></label>\n"
            f"{field}\n"
            f'<span class="price">{rupiah(item.line_total)}</span>\n'
            "</li>"
        )
    less = f'\n<button type="submit" class="secondary">{labels["less"]}</button>' if editable else ""
    actions = []
    if part.status == TraderOrderStatus.PENDING:
        actions.append(_button_form(page.accept(part.pk), page.csrf, labels["accept"]))
    if part.status == TraderOrderStatus.ACCEPTED:
        actions.append(_button_form(page.ready(part.pk), page.csrf, labels["ready"]))
    if editable:
        actions.append(
            f'<form method="post" action="{page.reject(part.pk)}" class="inline-form">\n'
            f"{page.csrf}\n"
            f'<label for="reason-{part.pk}">{labels["reason"]}</label>\n'
            f'<input type="text" id="reason-{part.pk}" name="reason" maxlength="300">\n'
            f'<button type="submit" class="secondary">{labels["refuse"]}</button>\n'
            "</form>"
        )
    status = part.status
    return mark_safe(  # noqa: S308 (every value escaped above or here)
        f'<article class="card" aria-labelledby="part-{part.pk}">\n'
        f'<h3 id="part-{part.pk}">{part.number} · '
        f'<span class="status status-{escaped(status)}">{page.statuses[status]}</span></h3>\n'
        f"<p><small>{facts}</small>{extra}</p>\n"
        f'<form method="post" action="{page.items(part.pk)}">\n'
        f"{page.csrf}\n"
        '<ul class="cart-lines">\n'
        f"{'\n'.join(items)}\n"
        "</ul>\n"
        f'<p class="total">{labels["total"]}: <strong>{rupiah(part.items_total)}</strong></p>{less}\n'
        "</form>\n"
        '<div class="row-actions">\n'
        f"{'\n'.join(actions)}\n"
        "</div>\n"
        "</article>"
    )


def _button_form(action: str, csrf: str, label: str) -> str:
    return (
        f'<form method="post" action="{action}" class="inline-form">{csrf}'
        f'<button type="submit">{label}</button></form>'
    )
