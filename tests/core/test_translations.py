from pathlib import Path

from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES" / "django.po"


def untranslated_entries(po_text: str) -> list[str]:
    """msgids of the catalogue whose Indonesian msgstr is empty or marked fuzzy."""
    missing = []
    for entry in po_text.split("\n\n"):
        lines = [line for line in entry.splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        msgid = _joined(lines, "msgid ")
        if not msgid:
            continue  # the header
        msgstrs = [_joined(lines, prefix) for prefix in ("msgstr ", "msgstr[0] ", "msgstr[1] ")]
        if "#, fuzzy" in entry or not any(msgstrs):
            missing.append(msgid)
    return missing


def _joined(lines: list[str], prefix: str) -> str:
    """The full string of a (possibly multi-line) field starting with `prefix`."""
    parts, inside = [], False
    for line in lines:
        if line.startswith(prefix):
            inside = True
            parts.append(line[len(prefix) :].strip().strip('"'))
        elif inside and line.startswith('"'):
            parts.append(line.strip().strip('"'))
        else:
            inside = False
    return "".join(parts)


def test_every_message_has_an_indonesian_translation():
    missing = untranslated_entries(CATALOGUE.read_text(encoding="utf-8"))
    assert missing == [], f"{len(missing)} messages lack Indonesian: {missing[:20]}"


def test_the_compiled_catalogue_is_used():
    with translation.override("id"):
        assert translation.gettext("Log out") != "Log out"
