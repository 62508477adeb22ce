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
