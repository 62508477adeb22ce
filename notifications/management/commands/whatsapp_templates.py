import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from notifications import events

# Sample values Meta asks for with every template parameter; a parameter not listed shows its name.
EXAMPLES = {
    "code": "482913",
    "name": "Siti Rahayu",
    "region": "Kabupaten Batang",
    "number": "17",
    "reason": "Foto lapak belum jelas",
    "stall": "Sayur Bu Siti",
    "market": "Pasar Batang",
    "group": "Kelompok Mawar",
    "coordinator": "Bu Sri",
    "message": "Pasar tutup hari Minggu",
    "traders": "3",
    "couriers": "1",
    "companies": "0",
    "link": "https://pasardaring.example/dinas/pendaftaran/",
}


class Command(BaseCommand):
    help = (
        "List every WhatsApp template the notification events use, with its parameters and its text in "
        "each language, as Meta's template submission asks for them (--json: the request bodies for "
        "POST /<WABA-ID>/message_templates)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print Meta's request bodies as JSON"
        )

    def handle(self, *args, as_json: bool = False, **options):
        templates = [
            template_request(event, language)
            for event in events.registered_events()
            if event.whatsapp_template
            for language, _name in settings.LANGUAGES
        ]
        if as_json:
            self.stdout.write(json.dumps(templates, ensure_ascii=False, indent=2))
            return
        for event in (event for event in events.registered_events() if event.whatsapp_template):
            names = ", ".join(f"{{{{{i}}}}} {name}" for i, name in enumerate(event.whatsapp_params, 1))
            self.stdout.write(f"{event.whatsapp_template} ({event.whatsapp_category}; event {event.name})")
            self.stdout.write(f"  parameters: {names or 'none'}")
            for template in templates:
                if template["name"] == event.whatsapp_template:
                    body = next(c for c in template["components"] if c["type"] == "BODY")
                    text = body.get("text", "(text set by WhatsApp)")
                    self.stdout.write(f"  {template['language']}: {text}")
                    if text.startswith("{{") or text.endswith("}}"):
                        self.stderr.write("    Meta refuses a text that starts or ends with a parameter")


def template_request(event: events.Event, language: str) -> dict:
    """Meta's body for creating `event`'s template in `language`."""
    examples = [EXAMPLES.get(name, name) for name in event.whatsapp_params]
    if event.whatsapp_category == events.AUTHENTICATION:
        # WhatsApp writes the text of authentication templates itself and adds a copy-code button.
        components = [
            {"type": "BODY", "add_security_recommendation": True},
            {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "COPY_CODE"}]},
        ]
    else:
        components = [{"type": "BODY", "text": _body(event, language), "example": {"body_text": [examples]}}]
    return {
        "name": event.whatsapp_template,
        "language": language,
        "category": event.whatsapp_category,
        "components": components,
    }


def _body(event: events.Event, language: str) -> str:
    placeholders = {name: f"{{{{{i}}}}}" for i, name in enumerate(event.whatsapp_params, 1)}
    with translation.override(language):
        try:
            return str(event.body) % placeholders
        except KeyError as exc:
            raise CommandError(
                f"{event.name}: the text uses {exc}, which is not a template parameter"
            ) from exc
