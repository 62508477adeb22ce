"""The cart: one per shopper per market, across its stalls. An anonymous visitor's carts are rows with no
shopper whose ids the session data keeps (login cycles the session key, not its data); they merge into
the shopper's carts on login.

Lines are checked when they are added or changed (on sale, the product's step, within its stock) and
again, under locks, when the cart is ordered (orders.services.checkout).
"""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.formatting import quantity as quantity_text
from orders.errors import OrderError
from orders.models import Cart, CartItem
from orders.selectors import CART_SESSION_KEY as SESSION_KEY
from orders.selectors import stall_closed_today
from vendors.models import Product

MAX_QUANTITY = Decimal("1000")


def _session_carts(session) -> dict[str, int]:
    return dict(session.get(SESSION_KEY) or {}) if session is not None else {}


def cart_find(*, shopper, session, market_id: int) -> Cart | None:
    """The caller's cart of a market, if they have one."""
    if shopper is not None and shopper.is_authenticated:
        return Cart.objects.filter(shopper=shopper, market_id=market_id).first()
    cart_id = _session_carts(session).get(str(market_id))
    return Cart.objects.filter(pk=cart_id, shopper__isnull=True).first() if cart_id else None


def _cart_get_or_create(*, shopper, session, market_id: int) -> Cart:
    cart = cart_find(shopper=shopper, session=session, market_id=market_id)
    if cart is not None:
        return cart
    if shopper is not None and shopper.is_authenticated:
        try:
            with transaction.atomic():
                return Cart.objects.create(shopper=shopper, market_id=market_id)
        except IntegrityError:  # the same shopper's other request made it a moment ago
            return Cart.objects.get(shopper=shopper, market_id=market_id)
    cart = Cart.objects.create(market_id=market_id)
    carts = _session_carts(session)
    carts[str(market_id)] = cart.pk
    session[SESSION_KEY] = carts
    return cart


def _product_on_sale(product_id) -> Product:
    try:
        product = (
            Product.objects.on_sale()
            .filter(trader__market__is_active=True)
            .select_related("trader__market__region")
            .get(pk=product_id)
        )
    except (Product.DoesNotExist, ValueError, TypeError):
        raise OrderError(_("This product is not on sale."), "not_found") from None
    if stall_closed_today(product.trader):
        raise OrderError(
            _("%(stall)s is closed today.") % {"stall": product.trader.stall_name}, "stall_closed"
        )
    return product


def quantity_check(product: Product, value, *, allow_zero: bool = False) -> Decimal:
    """`value` as a quantity of `product`: a positive multiple of its step, at most MAX_QUANTITY.
    Raises OrderError "invalid_quantity" on the field "quantity"."""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise OrderError(_("Enter a quantity, e.g. 1 or 0,5."), "invalid_quantity", field="quantity")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise OrderError(_("The quantity must be more than zero."), "invalid_quantity", field="quantity")
    if amount > MAX_QUANTITY:
        raise OrderError(
            _("At most %(max)s at a time.") % {"max": quantity_text(MAX_QUANTITY)},
            "invalid_quantity",
            field="quantity",
        )
    if amount % product.step:
        raise OrderError(
            _("%(name)s is sold in steps of %(step)s %(unit)s.")
            % {"name": product.name, "step": quantity_text(product.step), "unit": product.unit},
            "invalid_quantity",
            field="quantity",
        )
    return amount


def _within_stock(product: Product, amount: Decimal) -> None:
    if amount > product.stock:
        message = (
            _("Stock of %(name)s: only %(stock)s %(unit)s left.")
            % {"name": product.name, "stock": quantity_text(product.stock), "unit": product.unit}
            if product.stock > 0
            else _("%(name)s is sold out.") % {"name": product.name}
        )
        raise OrderError(message, "stock_short", field="quantity")


def cart_add(*, shopper, session, product_id, quantity) -> CartItem:
    """Add `quantity` of a product on sale to the caller's cart of its market (on top of a line already
    there). Raises OrderError "not_found" (not on sale), "stall_closed", "invalid_quantity" or
    "stock_short"."""
    product = _product_on_sale(product_id)
    amount = quantity_check(product, quantity)
    with transaction.atomic():
        cart = _cart_get_or_create(shopper=shopper, session=session, market_id=product.trader.market_id)
        item = CartItem.objects.select_for_update().filter(cart=cart, product=product).first()
        total = amount + (item.quantity if item else 0)
        quantity_check(product, total)
        _within_stock(product, total)
        if item is None:
            item = CartItem.objects.create(cart=cart, product=product, quantity=total)
        else:
            item.quantity = total
            item.save(update_fields=["quantity"])
        Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    return item


def _own_item(*, shopper, session, item_id) -> CartItem:
    items = CartItem.objects.select_related("product", "cart")
    if shopper is not None and shopper.is_authenticated:
        items = items.filter(cart__shopper=shopper)
    else:
        items = items.filter(cart__shopper__isnull=True, cart_id__in=_session_carts(session).values())
    try:
        return items.get(pk=item_id)
    except (CartItem.DoesNotExist, ValueError, TypeError):
        raise OrderError(_("This line is not in your cart."), "not_found") from None


def cart_item_set(*, shopper, session, item_id, quantity) -> CartItem | None:
    """Change a line of the caller's cart to `quantity` (0 removes it). A line whose product went off
    sale may still be lowered or removed. Raises OrderError "not_found", "invalid_quantity",
    "stock_short"."""
    item = _own_item(shopper=shopper, session=session, item_id=item_id)
    amount = quantity_check(item.product, quantity, allow_zero=True)
    if amount == 0:
        item.delete()
        return None
    if amount > item.quantity:
        _within_stock(item.product, amount)
    item.quantity = amount
    item.save(update_fields=["quantity"])
    return item


def cart_item_remove(*, shopper, session, item_id) -> None:
    _own_item(shopper=shopper, session=session, item_id=item_id).delete()


def cart_merge_on_login(*, user, session) -> None:
    """Move an anonymous visitor's carts into the user's: lines of a product already in the user's cart
    keep the larger quantity (the same goods chosen twice, not wanted twice)."""
    carts = _session_carts(session)
    if not carts:
        return
    with transaction.atomic():
        for anonymous in Cart.objects.filter(pk__in=carts.values(), shopper__isnull=True):
            own = _cart_get_or_create(shopper=user, session=None, market_id=anonymous.market_id)
            existing = {item.product_id: item for item in own.items.all()}
            for item in anonymous.items.all():
                mine = existing.get(item.product_id)
                if mine is None:
                    CartItem.objects.create(cart=own, product_id=item.product_id, quantity=item.quantity)
                elif item.quantity > mine.quantity:
                    mine.quantity = item.quantity
                    mine.save(update_fields=["quantity"])
            anonymous.delete()
    session.pop(SESSION_KEY, None)
