import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import MarketFactory, RegionStaffFactory, UserFactory

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


# --- No English on the pages rendered in Indonesian ---------------------------

OUR_APPS = ["accounts", "market", "vendors", "orders", "couriers", "notifications", "portal"]


def _our_form_classes():
    """Every form class defined in our apps' form modules (…forms.py, or a forms package)."""
    for app in OUR_APPS:
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not any(part.endswith("forms") for part in module_info.name.split(".")[1:]):
                continue
            module = importlib.import_module(module_info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def _empty_labels(form_class) -> list[tuple[str, object]]:
    """(field name, label) of the empty choice of each select the form class declares."""
    labels = []
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                labels.append((name, field.empty_label))
        elif isinstance(field, forms.ChoiceField):
            labels.extend((name, label) for value, label in field.choices if value == "")
    return labels


def test_every_empty_label_of_our_forms_is_ours_and_translated():
    checked, english = 0, []
    for form_class in _our_form_classes():
        for name, label in _empty_labels(form_class):
            checked += 1
            with translation.override("id"):
                indonesian = str(label)
            with translation.override("en"):
                in_english = str(label)
            if indonesian == in_english or "Select an option" in indonesian:
                english.append(f"{form_class.__name__}.{name}: {indonesian!r}")
    assert checked >= 8  # the forms were found
    assert english == []


EMPTY_OPTION = re.compile(r'<option value=""[^>]*>([^<]*)</option>')


def _empty_options(client, url, language) -> list[str]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return [label for label in EMPTY_OPTION.findall(response.content.decode()) if label.strip()]


@pytest.mark.django_db
def test_the_selects_of_staff_pages_and_the_admin_offer_an_indonesian_empty_choice(client):
    market = MarketFactory(name="Pasar Batang")
    staff = RegionStaffFactory(region=market.region).user
    staff.is_staff = staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(staff)
    urls = [
        reverse("vendors:staff_groups"),
        reverse("vendors:register_trader"),
        reverse("vendors:product_list"),
        reverse("admin:vendors_tradergroup_add"),
        reverse("admin:vendors_product_add"),
    ]

    for url in urls:
        indonesian = _empty_options(client, url, "id")
        english = _empty_options(client, url, "en")

        assert indonesian, url
        assert not [label for label in indonesian if "Select an option" in label or "---" in label], url
        assert [label for label in indonesian if label in english] == [], url
    assert "Pilih pasar" in _empty_options(client, reverse("vendors:staff_groups"), "id")
    assert "- Pilih salah satu -" in _empty_options(client, reverse("admin:vendors_tradergroup_add"), "id")


ADMIN_HEADING = re.compile(r'<caption>\s*<a href="(/admin/[^"]+/)" class="section"[^>]*>([^<]+)</a>')


def _admin_headings(client, language) -> tuple[str, dict[str, str]]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("admin:index")).content.decode()
    return page, dict(ADMIN_HEADING.findall(page))


@pytest.mark.django_db
def test_the_admin_index_is_pasar_darings_and_every_app_heading_is_translated(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page, indonesian = _admin_headings(client, "id")
    _, english = _admin_headings(client, "en")

    assert "<title>Administrasi | Pasar Daring – Administrasi</title>" in page
    assert "Pasar Daring – Administrasi</a>" in page  # the header
    assert "Django" not in page
    assert indonesian.keys() == english.keys()
    assert {"/admin/accounts/", "/admin/axes/", "/admin/vendors/", "/admin/market/"} <= indonesian.keys()
    untranslated = {url: name for url, name in indonesian.items() if name == english[url]}
    assert untranslated == {}
    assert indonesian["/admin/axes/"] == "Percobaan masuk"
    assert indonesian["/admin/vendors/"] == "Pedagang"


BARE_SANDI = re.compile(r"(?<![Kk]ata )(?<![\w-])[Ss]andi\b")
E_MAIL = re.compile(r"\be-mail\b|\bsurel\b", re.IGNORECASE)


def _visible_text(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_passwords_are_kata_sandi_and_email_is_email_on_every_account_page(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    pages = [reverse("account_login"), reverse("account_signup"), reverse("account_reset_password")]
    texts = [_visible_text(client.get(url)) for url in pages]
    texts.append(_visible_text(client.post(reverse("account_signup"), {"password1": "123"})))
    client.force_login(user)
    for url in [
        reverse("account_change_password"),
        reverse("account_email"),
        reverse("account_change_phone"),
        reverse("portal:account"),
        reverse("admin:accounts_user_change", args=[user.pk]),
        reverse("admin:auth_user_password_change", args=[user.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(_visible_text(response))

    for text in texts:
        assert not BARE_SANDI.findall(text), text
        assert not E_MAIL.findall(text), text
    assert all("ata sandi" in text for text in texts[:4])  # the pages were rendered in Indonesian
