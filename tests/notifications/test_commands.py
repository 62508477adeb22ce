import json
from io import StringIO

from django.core.management import call_command

from notifications import events


def run(*args) -> str:
    out = StringIO()
    call_command("whatsapp_templates", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_every_template_of_every_event_is_listed_in_both_languages_as_meta_asks():
    templates = json.loads(run("--json"))

    expected = {e.whatsapp_template for e in events.registered_events() if e.whatsapp_template}
    assert {(t["name"], t["language"]) for t in templates} == {
        (n, lang) for n in expected for lang in ("id", "en")
    }
    (linked_id,) = [t for t in templates if (t["name"], t["language"]) == ("pasar_stall_linked", "id")]
    assert linked_id == {
        "name": "pasar_stall_linked",
        "language": "id",
        "category": "UTILITY",
        "components": [
            {
                "type": "BODY",
                "text": "Lapak {{1}} di {{2}} sekarang ada di akun Anda.",
                "example": {"body_text": [["Sayur Bu Siti", "Pasar Batang"]]},
            }
        ],
    }


def test_the_login_code_is_an_authentication_template_with_a_copy_code_button():
    templates = json.loads(run("--json"))

    code = next(t for t in templates if t["name"] == "verification_code")
    assert code["category"] == "AUTHENTICATION"
    assert {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "COPY_CODE"}]} in code["components"]


def test_the_listing_names_each_parameter_and_its_text_per_language():
    listing = run()

    assert "pasar_stall_linked (UTILITY; event stall.linked)" in listing
    assert "parameters: {{1}} stall, {{2}} market" in listing
    assert "  en: The stall {{1}} at {{2}} is now in your account." in listing
    assert "platform.whatsapp_token_expired" not in listing  # it never goes out over WhatsApp
