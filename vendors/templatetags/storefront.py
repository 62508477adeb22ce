"""Storefront template filters and tags: `{% load storefront %}`."""

from urllib.parse import quote

from django import template
from django.utils import translation
from django.utils.translation import gettext
from phonenumber_field.phonenumber import PhoneNumber

from vendors.selectors import stall_contact

register = template.Library()


@register.filter
def whatsapp_url(phone: PhoneNumber | str | None) -> str:
    """A click-to-chat link, https://wa.me/<digits>, as the Batang programme published its groups' numbers
    (a PhoneNumber, or E.164 text such as the courier's number on an order)."""
    if not phone:
        return ""
    e164 = phone.as_e164 if isinstance(phone, PhoneNumber) else str(phone)
    return f"https://wa.me/{e164.lstrip('+')}"


@register.simple_tag
def contact_for(stall):
    """`{% contact_for stall as contact %}`: who answers for the stall (vendors.selectors.stall_contact)."""
    return stall_contact(stall)


@register.simple_tag
def whatsapp_order_url(phone: PhoneNumber, product) -> str:
    """A chat link with the order started, always in Indonesian (the traders' language), naming the
    product, the stall and its los: a coordinator or the desk answers for many stalls."""
    stall = product.trader
    with translation.override("id"):
        text = gettext(
            "Hello, I would like to order %(product)s from %(stall)s (stall %(number)s, %(market)s). "
            "Is it still available?"
        ) % {
            "product": product.name,
            "stall": stall.stall_name,
            "number": stall.stall_number,
            "market": stall.market.name,
        }
    return f"{whatsapp_url(phone)}?text={quote(text)}"
