"""Stock taken and given back for several products in one call: what checkout, rejections and
cancellations in the orders app use, and the quick update's lock.

Rows are locked in primary-key order, so two checkouts over the same products queue instead of
deadlocking, with FOR NO KEY UPDATE: a plain FOR UPDATE would also block inserts of rows that refer to
the product (a cart line, an order item) for as long as the checkout runs. Amounts change with F()
expressions, and each change is written to the StockMovement ledger.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.formatting import quantity
from core.locking import atomic_or_busy
from vendors.errors import VendorError
from vendors.models import Product, StockMovement, StockReason
from vendors.storefront import products_changed

STOCK_SHORT = "stock_short"


def products_locked(ids: Iterable[int]) -> QuerySet[Product]:
    """The products, locked in primary-key order until the caller's transaction ends."""
    return Product.objects.select_for_update(no_key=True, of=("self",)).filter(pk__in=set(ids)).order_by("pk")


def stock_take(*, quantities: Mapping[int, Decimal], reference: str = "", actor=None) -> dict[int, Product]:
    """Take each product's quantity out of stock, all or nothing; call it inside the caller's transaction.

    Raises VendorError "stock_short" (a conflict) with `rows` {product_id: {"quantity": message}} and
    `current_stock` for every product with less stock than asked (or gone), "busy" when the rows stay
    locked past the lock timeout. Checking whether a product may be sold at all is the caller's rule."""
    with atomic_or_busy(VendorError):
        products = {product.pk: product for product in products_locked(quantities)}
        short = {pk: asked for pk, asked in quantities.items() if _available(products.get(pk)) < asked}
        if short:
            raise VendorError(
                _("Some items do not have enough stock left."),
                STOCK_SHORT,
                rows={pk: {"quantity": _short_message(products.get(pk))} for pk in short},
                current_stock={pk: _available(products.get(pk)) for pk in short},
            )
        _move(products, {pk: -asked for pk, asked in quantities.items()}, StockReason.SALE, reference, actor)
    return products


def stock_restore(*, quantities: Mapping[int, Decimal], reference: str = "", actor=None) -> None:
    """Give quantities back to stock (a rejected item, a cancelled order), archived products included."""
    with atomic_or_busy(VendorError):
        products = {product.pk: product for product in products_locked(quantities)}
        _move(products, dict(quantities), StockReason.RESTORE, reference, actor)


def stock_changes_record(*, changes: Mapping[int, Decimal], reason, reference: str = "", actor=None) -> None:
    """Write the ledger rows of stock changes a service has just saved (the quick update, an edit)."""
    StockMovement.objects.bulk_create(
        StockMovement(product_id=pk, change=change, reason=reason, reference=reference, actor=actor)
        for pk, change in changes.items()
        if change
    )


def _move(products: dict[int, Product], changes: dict[int, Decimal], reason, reference, actor) -> None:
    now = timezone.now()
    changes = {pk: change for pk, change in changes.items() if change and pk in products}
    for pk, change in changes.items():
        Product.objects.filter(pk=pk).update(stock=F("stock") + change, updated_at=now)
        products[pk].stock += change
    if changes:
        products_changed(changes)
    stock_changes_record(changes=changes, reason=reason, reference=reference, actor=actor)


def _available(product: Product | None) -> Decimal:
    return product.stock if product is not None else Decimal("0")


def _short_message(product: Product | None) -> str:
    if product is None or product.stock <= 0:
        return str(_("Sold out."))
    return str(
        _("Only %(stock)s %(unit)s of %(name)s left.")
        % {"stock": quantity(product.stock), "unit": product.unit, "name": product.name}
    )
