"""What higher apps add to vendors' storefront, told from their AppConfig.ready().

vendors may not name a higher app's templates, yet a product row offers what those apps do with it (the
orders app's add-to-cart form). Each app registers its template::

    register_product_action("orders/partials/add_to_cart.html")

The storefront's product rows and product page include every registered template, in the order
registered, with `product` in the context; nothing for a sold-out product.
"""

_PRODUCT_ACTIONS: list[str] = []


def register_product_action(template_name: str) -> None:
    """Offer `template_name` on every product row and page on sale. Registering it again is harmless."""
    if template_name not in _PRODUCT_ACTIONS:
        _PRODUCT_ACTIONS.append(template_name)


def product_action_templates() -> tuple[str, ...]:
    return tuple(_PRODUCT_ACTIONS)
