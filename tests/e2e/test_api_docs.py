import pytest
from playwright.sync_api import expect

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_swagger_docs_load_from_this_machine_under_the_csp(page, live_server, screenshot_dir):
    ProductFactory()
    page.goto(live_server.url + "/api/docs/")

    expect(page.get_by_text("Pasar Daring API").first).to_be_visible()
    expect(page.locator("#operations-catalogue-products_list")).to_be_visible()
    page.locator("#operations-catalogue-products_list button").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody td.response-col_status").first).to_have_text("200")
    page.screenshot(path=screenshot_dir / "api-docs.png", full_page=False)
