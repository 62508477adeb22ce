"""The `page` guard of conftest.py catches what it promises: a silent guard would let anything pass."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_refused_inline_style_is_reported(page, live_server, browser_problems):
    page.goto(live_server.url + "/")

    with page.expect_console_message(lambda message: "securitypolicyviolation" in message.text):
        page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body { color: red }</style>')")

    # Chromium's wording changes between versions ("Refused to apply...", "Applying inline style violates...")
    assert any("Content Security Policy" in problem for problem in browser_problems)
    assert any("securitypolicyviolation: style-src" in problem for problem in browser_problems)
    browser_problems.clear()


def test_a_request_to_another_host_is_aborted_and_reported(page, browser_problems):
    page.set_content('<img src="http://example.com/pixel.png" alt="">')

    page.wait_for_load_state("load")

    assert any("request to another host: http://example.com/pixel.png" in p for p in browser_problems)
    browser_problems.clear()
