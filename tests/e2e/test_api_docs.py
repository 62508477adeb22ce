"""/api/docs/: Swagger UI from this machine only, under the site's strict CSP, able to call the API."""

import pytest
from playwright.sync_api import expect

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_swagger_docs_list_our_endpoints_and_call_them_under_the_csp(page, live_server, screenshot_dir):
    ProductFactory(name="Cabai rawit merah")
    page.goto(live_server.url + "/api/docs/")

    expect(page.get_by_text("Pasar Daring API").first).to_be_visible()
    for operation in (
        "catalogue-markets_list",
        "catalogue-markets_retrieve",
        "catalogue-products_list",
        "catalogue-stalls_list",
        "account-me_retrieve",
        "account-me_partial_update",
    ):
        expect(page.locator(f"#operations-{operation}")).to_be_visible()
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()
    page.screenshot(path=screenshot_dir / "api-docs.png", full_page=False)

    page.locator("#operations-catalogue-products_list button").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody td.response-col_status").first).to_have_text("200")
    expect(page.locator(".live-responses-table .microlight").first).to_contain_text("Cabai rawit merah")
