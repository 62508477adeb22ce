"""The dependency rule, read from the source: a lower app never imports a higher one.

core <- accounts <- market <- vendors <- orders <- couriers <- portal. notifications sits beside the
chain: it imports only core and accounts, and every app may call it, except that accounts may use only
its transports (login codes go straight to WhatsApp). config wires the apps together; no app imports it.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAIN = ["core", "accounts", "market", "vendors", "orders", "couriers", "portal"]
OURS = {*CHAIN, "notifications", "config"}
# A template named in {% include %} or {% extends %}: its folder is the app that owns it.
TEMPLATE_NAMED = re.compile(r"\{%\s*(?:include|extends)\s+[\"']([a-z_]+)/")


def allowed(app: str, target: str) -> bool:
    """May a module of `app` import `target` (a dotted module path of ours)?"""
    top = target.split(".")[0]
    if top == app:
        return True
    if top == "config":
        return False
    if app == "notifications":
        return top in {"core", "accounts"}
    if top == "notifications":
        return app != "core" and (app != "accounts" or target.startswith("notifications.transports"))
    return CHAIN.index(top) < CHAIN.index(app)


def imports_of(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] in OURS]


def violations(app: str) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for line, name in imports_of(path)
        if not allowed(app, name)
    ]


@pytest.mark.parametrize("app", [*CHAIN, "notifications"])
def test_app_imports_only_what_lies_below_it(app):
    assert violations(app) == []


def template_violations(app: str) -> list[str]:
    """An app's templates (templates/<app>/) may use shared layouts and partials and the templates of
    the apps below it, never a higher app's: that one registers what it adds (vendors.registry)."""
    return [
        f"{path.relative_to(ROOT)} uses {folder}/"
        for path in sorted((ROOT / "templates" / app).rglob("*.html"))
        for folder in TEMPLATE_NAMED.findall(path.read_text(encoding="utf-8"))
        if folder in OURS and not allowed(app, folder)
    ]


@pytest.mark.parametrize("app", [*CHAIN, "notifications"])
def test_app_templates_use_only_what_lies_below_it(app):
    assert template_violations(app) == []


def test_the_rule_itself():
    assert allowed("vendors", "market.models.Market")
    assert not allowed("market", "vendors.models.Trader")
    assert not allowed("orders", "couriers.models")
    assert not allowed("vendors", "config.settings")
    assert not allowed("notifications", "market.models")
    assert allowed("market", "notifications.services.notify")
    assert allowed("accounts", "notifications.transports.whatsapp")
    assert not allowed("accounts", "notifications.services")
    assert not allowed("core", "accounts.models")
