"""Every template obeys the Content-Security-Policy: nothing inline that the browser would refuse."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

FORBIDDEN = {
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "<style> block": re.compile(r"<style[\s>]", re.IGNORECASE),
    "inline event handler": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "htmx code needing eval": re.compile(r"\s(?:data-)?hx-on[:\-]|[\"']js:", re.IGNORECASE),
}
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EXTERNAL_URL = re.compile(r"(?:src|href)\s*=\s*[\"'](?:https?:)?//(?!wa\.me/)", re.IGNORECASE)


def template_files() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt"))


def problems_in(text: str) -> list[str]:
    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]
    for attributes in SCRIPT_TAG.findall(text):
        if "src=" not in attributes and "nonce=" not in attributes:
            found.append("inline <script> without a nonce")
    if EXTERNAL_URL.search(text):
        found.append("asset or link from another host")
    return found


def test_the_scan_finds_what_it_forbids():
    assert problems_in('<p style="color:red">') == ["style attribute"]
    assert problems_in("<style>p{}</style>") == ["<style> block"]
    assert problems_in('<button onclick="go()">') == ["inline event handler"]
    assert problems_in('<div hx-on:click="go()">') == ["htmx code needing eval"]
    assert problems_in("<script>alert(1)</script>") == ["inline <script> without a nonce"]
    assert problems_in('<script src="https://cdn.example/x.js"></script>') == [
        "asset or link from another host"
    ]
    assert problems_in('<script nonce="{{ csp_nonce }}">x()</script>') == []
    assert problems_in('<a href="https://wa.me/628123">') == []
    assert problems_in("<script src=\"{% static 'js/app.js' %}\" defer></script>") == []


@pytest.mark.parametrize("path", template_files(), ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_template_has_nothing_the_policy_refuses(path):
    assert problems_in(path.read_text(encoding="utf-8")) == []
