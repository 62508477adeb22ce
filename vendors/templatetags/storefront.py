"""Storefront template filters: `{% load storefront %}`."""

from django import template
from phonenumber_field.phonenumber import PhoneNumber

register = template.Library()


@register.filter
def whatsapp_url(phone: PhoneNumber | None) -> str:
    """A click-to-chat link, https://wa.me/<digits>, as the Batang programme published its groups' numbers."""
    if not phone:
        return ""
    return f"https://wa.me/{phone.as_e164.lstrip('+')}"


@register.filter
def phone_national(phone: PhoneNumber | None) -> str:
    """The number as Indonesians write it: +6281234567890 -> 0812-3456-7890."""
    if not phone:
        return ""
    return phone.as_national
