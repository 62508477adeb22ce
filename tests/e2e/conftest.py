"""Browser tests: Playwright driving Debian's Chromium against pytest-django's `live_server`.

Fixtures for tests in this folder (every test here is marked `e2e` automatically):

- `page`: pytest-playwright's page, guarded. The test FAILS if the browser logs any console error (a CSP
  violation is one: "Refused to ..." or "... violates the following Content Security Policy directive"),
  raises an uncaught page error, reports a `securitypolicyviolation` event, or tries to reach any host
  other than 127.0.0.1/localhost (such a request is aborted, so nothing leaves the machine).
- `new_phone`: `new_phone()` opens a guarded page in a browser context of its own at 360 px, uploaded
  files served, for a test where several people (shopper, stall, courier, staff) each use their own phone.
- `browser_problems`: the list the guard fills, for a test that wants to look at it before the end.
- `browser_context_args`: pytest-playwright's, plus an Indonesian phone's locale (id-ID, so pages come in
  Bahasa Indonesia as for most users) and time zone (Asia/Jakarta).
- `media_server`: serves uploaded files (/media/...) from Django's storage, as the web server does in
  production.
- `screenshot_dir`: <--output, default test-results>/e2e/, created on demand, for screenshots the test
  saves (pytest-playwright empties the output folder when a session starts).
- `live_server` (pytest-django): the site on 127.0.0.1; use it with `@pytest.mark.django_db(transaction=True)`
  so the server thread sees the test's data.

Chromium comes from apt (/usr/bin/chromium, or $CHROMIUM): `playwright install` cannot download here.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage

# Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still synchronous.
# Set at import, not in a fixture: session fixtures (the test database) may be set up after the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
IN_BROWSER_SCHEMES = {"data", "blob", "about"}  # never leave the browser

# Reported to the console by the page itself, so the console listener sees violations Chromium only
# dispatches as events (e.g. in report-only mode). Init scripts are injected by the browser, not the page,
# so the site's own CSP does not block this one.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  console.error(`securitypolicyviolation: ${event.violatedDirective} blocked ${blocked}`);
});
"""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Mark the browser tests and run them last: Playwright's event loop stays open in the main thread
    until the session ends, and Django's async_to_sync refuses to run beside it."""
    here = Path(__file__).parent
    browser = [item for item in items if here in Path(item.path).parents]
    for item in browser:
        item.add_marker(pytest.mark.e2e)
    in_browser = set(browser)
    items[:] = [item for item in items if item not in in_browser] + browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make chromium` installs Debian's package")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_problems(request) -> list[str]:
    problems: list[str] = []
    request.node.browser_problems = problems
    return problems


def guarded_page(context, browser_problems: list[str]):
    """A new page of `context` that records every console error, page error and off-machine request."""

    def keep_local(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in IN_BROWSER_SCHEMES or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            browser_problems.append(f"request to another host: {url}")
            route.abort()

    def record_console_error(message):
        if message.type == "error":
            browser_problems.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def record_page_error(error):
        browser_problems.append(f"page error: {error}")

    context.route("**/*", keep_local)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on("console", record_console_error)
    page.on("pageerror", record_page_error)
    return page


@pytest.fixture
def page(context, browser_problems):
    """pytest-playwright's page, guarded."""
    page = guarded_page(context, browser_problems)
    yield page
    page.close()


@pytest.fixture
def new_phone(browser, browser_context_args, browser_problems):
    """`new_phone()`: a guarded page in a browser context of its own (its own cookies: one person's
    phone) at 360 × 780 px, closed when the test ends."""
    contexts = []

    def open_phone():
        context = browser.new_context(**{**browser_context_args, "viewport": {"width": 360, "height": 780}})
        contexts.append(context)
        page = guarded_page(context, browser_problems)
        serve_media(context)
        return page

    yield open_phone
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not its teardown) when the browser reported a problem while it ran."""
    result = yield
    problems = getattr(item, "browser_problems", None)
    if problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)
    return result


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID", "timezone_id": "Asia/Jakarta"}


@pytest.fixture
def screenshot_dir(pytestconfig) -> Path:
    folder = Path(pytestconfig.getoption("--output")).absolute() / "e2e"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def serve_media(context):
    """Serve uploaded files from Django's storage to `context`, as the production web server serves the
    media folder (the test server does not: pytest-django runs it with DEBUG off)."""

    def serve(route):
        name = urlsplit(route.request.url).path.removeprefix("/media/")
        if default_storage.exists(name):
            with default_storage.open(name) as stored:
                route.fulfill(status=200, content_type="image/jpeg", body=stored.read())
        else:
            route.fulfill(status=404)

    context.route(re.compile(r"^http://(127\.0\.0\.1|localhost):\d+/media/"), serve)


@pytest.fixture
def media_server(context):
    """Uploaded files served to the test's page (serve_media)."""
    serve_media(context)
