"""The illustrations a category or commodity can show for products without a photo: openly licensed
emoji vendored in static/img/illustrations/ (its README says where they come from)."""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

FOLDER = "img/illustrations"
# What a product shows when neither its commodity nor its category has an illustration.
DEFAULT = "basket"

CHOICES = [
    ("basket", _("Market basket")),
    ("hot-pepper", _("Chilli")),
    ("onion", _("Onion")),
    ("garlic", _("Garlic")),
    ("ginger-root", _("Ginger and roots")),
    ("salt", _("Salt and spices")),
    ("sheaf-of-rice", _("Rice")),
    ("bread", _("Flour and bread")),
    ("jar", _("Jar (sugar)")),
    ("pouring-liquid", _("Cooking oil")),
    ("egg", _("Egg")),
    ("leafy-green", _("Leafy greens")),
    ("tomato", _("Tomato")),
    ("potato", _("Potato")),
    ("carrot", _("Carrot")),
    ("cucumber", _("Cucumber")),
    ("eggplant", _("Eggplant")),
    ("ear-of-corn", _("Corn")),
    ("pea-pod", _("Long beans and peas")),
    ("beans", _("Beans, tofu and tempeh")),
    ("fish", _("Fish")),
    ("shrimp", _("Shrimp")),
    ("squid", _("Squid")),
    ("chicken", _("Chicken")),
    ("poultry-leg", _("Chicken meat")),
    ("cut-of-meat", _("Meat")),
    ("coconut", _("Coconut")),
    ("banana", _("Banana")),
    ("tangerine", _("Orange")),
    ("mango", _("Mango")),
    ("pineapple", _("Pineapple")),
    ("red-apple", _("Apple")),
    ("moon-cake", _("Market cakes")),
    ("hibiscus", _("Flowers")),
]
LABELS = dict(CHOICES)


class Illustration(NamedTuple):
    path: str  # for {% static %}
    label: str


def illustration(name: str) -> Illustration:
    """One illustration by its name in CHOICES; an unknown name (a choice since removed) is the basket."""
    if name not in LABELS:
        name = DEFAULT
    return Illustration(f"{FOLDER}/{name}.svg", LABELS[name])
