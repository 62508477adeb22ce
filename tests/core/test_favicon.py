import pytest

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_svg_icon_the_pages_link(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.url == "/static/img/favicon.svg"
    assert '<link rel="icon" href="/static/img/favicon.svg"' in client.get("/").content.decode()
