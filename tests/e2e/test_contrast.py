"""Text on the storefront is readable in sunlight on a cheap screen: every piece of text on the market,
stall, product and search pages, the WhatsApp buttons and their number lines included, has a contrast
with its background of at least 4.5:1 (WCAG AA; 3:1 for large text)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from vendors.models import Product

pytestmark = pytest.mark.django_db(transaction=True)

# For each element with text of its own: its text colour, the colour behind it (the first background
# up the tree that is not transparent), its font size in px and weight.
TEXT_COLOURS = """
() => {
  const rgb = (value) => value.match(/[\\d.]+/g).map(Number);
  const behind = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.length < 4 || colour[3] > 0) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const texts = [];
  for (const element of document.querySelectorAll("main *")) {
    const own = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(element);
    if (!own || style.visibility === "hidden" || element.closest(".visually-hidden")) continue;
    if (!element.getClientRects().length) continue;
    texts.push({
      text: element.textContent.trim().slice(0, 40),
      colour: rgb(style.color).slice(0, 3),
      background: behind(element),
      size: parseFloat(style.fontSize),
      bold: Number(style.fontWeight) >= 700,
    });
  }
  return texts;
}
"""


def luminance(colour) -> float:
    channels = [c / 255 for c in colour]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second) -> float:
    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def unreadable(page) -> list[str]:
    problems = []
    for text in page.evaluate(TEXT_COLOURS):
        large = text["size"] >= 24 or (text["bold"] and text["size"] >= 18.66)
        ratio = contrast(text["colour"], text["background"])
        if ratio < (3 if large else 4.5):
            problems.append(f"{text['text']!r}: {ratio:.2f}:1 ({text['colour']} on {text['background']})")
    return problems


@pytest.fixture
def demo(media_server):
    call_command("seed_demo", force=True)


def test_storefront_text_and_whatsapp_buttons_have_enough_contrast(page, live_server, demo):
    product = Product.objects.get(name="Cabai rawit merah", trader__stall_number="A-02")
    urls = [
        reverse("vendors:market_detail", args=["pasar-batang"]),
        reverse("vendors:stall_detail", args=[product.trader_id]),
        reverse("vendors:product_detail", args=[product.pk]),
        reverse("vendors:product_list") + "?q=cabe",
    ]
    page.set_viewport_size({"width": 360, "height": 780})
    problems = {}
    for url in urls:
        page.goto(live_server.url + url)
        assert page.locator("a.whatsapp").count() or "produk/?" in url
        problems[url] = unreadable(page)
    assert not any(problems.values()), problems
