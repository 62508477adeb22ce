"""Every change to a stall's products: create, edit, photo, hide/show, remove, and the quick update of
prices and stock. The caller (`actor`) must be allowed to act for the stall (vendors.permissions); the
change is recorded in the product's history with the actor as its author, whoever calls (page, API, task).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from accounts.formatting import quantity, rupiah
from core.locking import atomic_or_busy
from market.models import Category, Commodity
from market.storefront import storefront_changed
from vendors.errors import VendorError
from vendors.models import (
    MAX_PRICE,
    PRICE_OUT_OF_RANGE,
    STOCK_NEGATIVE,
    Product,
    StockReason,
    Trader,
    Unit,
    default_step,
    stock_off_step,
)
from vendors.permissions import can_act_for
from vendors.selectors import commodity_median_price
from vendors.services.photos import process_photo
from vendors.services.stock import products_locked, stock_changes_record

NOT_FOUND = _("Product not found.")
PRICE_CONFIRM = "price_confirm"
# A new price under a tenth or over ten times the usual one is asked about first (a typo such as
# "65" for "65.000" would otherwise top the price comparison).
PRICE_RATIO = 10
PRICE_FROM_LAST = {
    "low": _("%(price)s is less than a tenth of the last price, %(usual)s. Is it right?"),
    "high": _("%(price)s is more than ten times the last price, %(usual)s. Is it right?"),
}
PRICE_FROM_MEDIAN = {
    "low": _(
        "%(price)s per %(unit)s is less than a tenth of what %(commodity)s costs at this market's "
        "stalls, %(usual)s per %(unit)s. Is it right?"
    ),
    "high": _(
        "%(price)s per %(unit)s is more than ten times what %(commodity)s costs at this market's "
        "stalls, %(usual)s per %(unit)s. Is it right?"
    ),
}

# Weight units convert to each other, so a product's factor to a kg commodity is known, not typed. The
# one table of it: seed_demo derives its factors through derived_factor too.
KG_PER_UNIT = {Unit.KG: Decimal("1"), Unit.ONS: Decimal("0.1"), Unit.GRAM: Decimal("0.001")}

EDITABLE_FIELDS = (
    "name",
    "description",
    "category",
    "commodity",
    "commodity_factor",
    "unit",
    "step",
    "price",
    "stock",
    "negotiable",
    "available",
)


def derived_factor(unit: str, standard_unit: str) -> Decimal | None:
    """Standard units per unit when both are weights (or the same unit); None when it must be entered."""
    if unit == standard_unit:
        return Decimal("1")
    if unit in KG_PER_UNIT and standard_unit in KG_PER_UNIT:
        return KG_PER_UNIT[unit] / KG_PER_UNIT[standard_unit]
    return None


def _prepare(product: Product, *, step_given: bool) -> None:
    """Fill what follows from other fields, then validate every field and rule (ValidationError): a
    staple (commodity) brings its unit and category when they are left empty, the unit its step."""
    commodity = product.commodity
    if commodity is not None:
        if not product.unit and commodity.standard_unit in Unit.values:
            product.unit = commodity.standard_unit
        if product.category_id is None:
            product.category_id = commodity.category_id
    if not step_given:
        product.step = default_step(product.unit)
    if commodity is None:
        product.commodity_factor = None
    else:
        factor = derived_factor(product.unit, commodity.standard_unit)
        if factor is not None:
            product.commodity_factor = factor
    missing = {}
    if not product.unit:
        missing["unit"] = gettext("Choose the unit, or a staple to take its unit.")
    if product.category_id is None:
        missing["category"] = gettext("Choose a category, or a staple to take its category.")
    try:
        product.full_clean(exclude=list(missing))
    except ValidationError as error:
        raise ValidationError({**error.message_dict, **missing}) from None
    if missing:
        raise ValidationError(missing)


def _price_warning(product: Product, last: tuple[int, str] | None) -> str | None:
    """Why the product's price needs a confirmation, or None. It is compared with the product's last
    price (`last`: price and unit before the change) while the unit stays; for a new product or a new
    unit, per standard unit with the median of its staple at the market's stalls."""
    if last is not None and last[1] == product.unit:
        return _far_from_last(product.price, last[0])
    if product.commodity is None or not product.commodity_factor:
        return None
    median = commodity_median_price(product.commodity, product.trader.market_id, exclude_pk=product.pk)
    if median is None:
        return None
    per_unit = product.price / float(product.commodity_factor)
    names = {"commodity": str(product.commodity), "unit": product.commodity.standard_unit}
    return _far_from(per_unit, median, PRICE_FROM_MEDIAN, names)


def _far_from_last(price: int, last_price: int) -> str | None:
    return None if price == last_price else _far_from(price, last_price, PRICE_FROM_LAST, {})


def _far_from(price: float, usual: float, messages: dict, names: dict) -> str | None:
    if price * PRICE_RATIO < usual:
        message = messages["low"]
    elif price > usual * PRICE_RATIO:
        message = messages["high"]
    else:
        return None
    return str(message) % {**names, "price": rupiah(round(price)), "usual": rupiah(round(usual))}


def _check_price(product: Product, last: tuple[int, str] | None, *, confirmed: bool) -> None:
    """Refuse an unusual price (VendorError "price_confirm") unless the caller confirmed it."""
    warning = None if confirmed else _price_warning(product, last)
    if warning:
        raise VendorError(warning, PRICE_CONFIRM)


def _locked(product_id: int) -> Product:
    """The product, locked for the caller's transaction (atomic_or_busy, so a long wait ends "busy")."""
    try:
        # Only the product row is locked: the stall and commodity are read along (an outer join).
        return (
            products_locked([product_id]).select_related("trader", "commodity").get(archived_at__isnull=True)
        )
    except Product.DoesNotExist:
        raise VendorError(NOT_FOUND, "not_found") from None


def _check_actor(actor, trader: Trader) -> None:
    if not can_act_for(actor, trader):
        raise VendorError(NOT_FOUND, "not_found")


def _save(product: Product, actor, fields=None) -> None:
    product._history_user = actor  # explicit: API and task callers have no history middleware
    product.save(update_fields=fields)


def product_create(
    *,
    actor,
    trader: Trader,
    name: str,
    price: int,
    stock: Decimal,
    category: Category | None = None,
    unit: str | None = None,
    step: Decimal | None = None,
    commodity: Commodity | None = None,
    commodity_factor: Decimal | None = None,
    negotiable: bool = False,
    available: bool = True,
    description: str = "",
    photo=None,
    confirm_price: bool = False,
) -> Product:
    """Add a product to `trader`'s stall, with its photo if given. Left empty, the unit and category are
    the staple's (commodity), the step the unit's usual one.

    Raises VendorError("not_found") when the actor may not act for the stall, ValidationError (per
    field) for bad values or photo, VendorError("price_confirm") for a price under a tenth or over ten
    times its staple's median at the market unless `confirm_price`."""
    _check_actor(actor, trader)  # before the photo is decoded, and again below in the transaction
    processed = process_photo(photo) if photo else None
    with transaction.atomic():
        _check_actor(actor, trader)
        product = Product(
            trader=trader,
            name=name,
            description=description,
            category=category,
            commodity=commodity,
            commodity_factor=commodity_factor,
            unit=unit,
            step=step,
            price=price,
            stock=stock,
            negotiable=negotiable,
            available=available,
        )
        _prepare(product, step_given=step is not None)
        _check_price(product, None, confirmed=confirm_price)
        if processed:
            processed.attach_to(product)
        _save(product, actor)
        stock_changes_record(changes={product.pk: product.stock}, reason=StockReason.UPDATE, actor=actor)
    return product


def product_update(*, actor, product: Product, photo=None, confirm_price: bool = False, **changes) -> Product:
    """Change some of a product's fields (any of EDITABLE_FIELDS; `step=None` means the unit's default,
    an empty unit or category the staple's) and/or replace its photo and thumbnail (the old files are
    deleted after the commit).

    Raises VendorError("not_found") outside the actor's stalls or for an archived product, ValidationError
    (per field) for bad values or a photo that is not a sound JPEG, PNG or WebP within the limits,
    VendorError("price_confirm") for a new price under a tenth or over ten times the last one (the
    staple's median when the unit changes) unless `confirm_price`."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if photo:  # only someone who may edit the product gets a photo decoded
        _check_actor(actor, product.trader)
    processed = process_photo(photo) if photo else None
    with atomic_or_busy(VendorError):
        product = _locked(product.pk)
        _check_actor(actor, product.trader)
        last = (product.price, product.unit)
        stock_before = product.stock
        for field, value in changes.items():
            setattr(product, field, value)
        step_given = changes.get("step") is not None or ("step" not in changes and "unit" not in changes)
        _prepare(product, step_given=step_given)
        _check_price(product, last, confirmed=confirm_price)
        if processed:
            old_files = [(f.storage, f.name) for f in (product.photo, product.thumbnail) if f]
            processed.attach_to(product)
            transaction.on_commit(lambda: [storage.delete(name) for storage, name in old_files])
        _save(product, actor)
        stock_changes_record(
            changes={product.pk: product.stock - stock_before}, reason=StockReason.UPDATE, actor=actor
        )
    return product


def product_set_available(*, actor, product: Product, available: bool) -> Product:
    """Show (True) or hide (False) a product from shoppers without touching anything else.

    Raises VendorError("not_found") outside the actor's stalls or for an archived product."""
    with atomic_or_busy(VendorError):
        product = _locked(product.pk)
        _check_actor(actor, product.trader)
        if product.available != available:
            product.available = available
            _save(product, actor, ["available", "updated_at"])
    return product


def product_remove(*, actor, product: Product) -> Product:
    """Take a product off the stall for good: it is archived (archived_at set), never deleted, so the
    orders and offers that will refer to it keep their product and its history stays whole.

    Raises VendorError("not_found") outside the actor's stalls or when already removed."""
    with atomic_or_busy(VendorError):
        product = _locked(product.pk)
        _check_actor(actor, product.trader)
        product.archived_at = timezone.now()
        _save(product, actor, ["archived_at", "updated_at"])
    return product


@dataclass(frozen=True)
class QuickRow:
    """One row of the quick update: the new price and stock, and the stock the page showed."""

    product_id: int
    price: int
    stock: Decimal
    expected_stock: Decimal
    confirm_price: bool = False


def product_quick_update(*, actor, trader: Trader, rows: list[QuickRow]) -> list[Product]:
    """Save new prices and stock for several products of one stall, all or nothing.

    Stock sells while the trader types: a row whose stock is no longer what the page showed is refused.
    A row whose new price is under a tenth or over ten times its last one needs `confirm_price`.
    The rows are locked in primary-key order (as checkout locks them, so neither deadlocks), written with
    one bulk update and their history in bulk: a fixed number of queries however many rows.

    Raises VendorError("not_found") when the actor may not act for the stall, VendorError("invalid") with
    `rows` for bad values or products not of this stall, VendorError("stock_changed") with `rows` and
    `current_stock` when only stock changes stand in the way, VendorError("price_confirm") with `rows` and
    `price_confirm` when only unconfirmed prices do, VendorError("busy") when another request
    holds the rows past the lock timeout. Nothing is saved when it raises."""
    _check_actor(actor, trader)
    ids = [row.product_id for row in rows]
    with atomic_or_busy(VendorError):
        products = {
            product.pk: product
            for product in products_locked(ids).filter(trader=trader, archived_at__isnull=True)
        }
        shown_stock = {pk: product.stock for pk, product in products.items()}
        problems: dict[int, dict[str, str]] = {}
        current_stock: dict[int, Decimal] = {}
        price_confirm: set[int] = set()
        changed = []
        seen = set()
        for row in rows:
            product = products.get(row.product_id)
            if product is None or row.product_id in seen:
                problems[row.product_id] = {"product": str(NOT_FOUND)}
                continue
            seen.add(row.product_id)
            row_problems = _quick_row_problems(product, row)
            if product.stock != row.expected_stock:
                current_stock[product.pk] = product.stock
                row_problems.setdefault(
                    "stock",
                    gettext("Stock has changed: there is now %(stock)s %(unit)s. Check it and save again.")
                    % {"stock": quantity(product.stock), "unit": product.get_unit_display()},
                )
            warning = (
                None
                if row.confirm_price or "price" in row_problems
                else _far_from_last(row.price, product.price)
            )
            if warning:
                row_problems["price"] = warning
                price_confirm.add(product.pk)
            if row_problems:
                problems[product.pk] = row_problems
            elif (product.price, product.stock) != (row.price, row.stock):
                product.price, product.stock = row.price, row.stock
                changed.append(product)
        if problems:
            only_stock_changed = set(problems) == set(current_stock) and all(
                set(fields) == {"stock"} for fields in problems.values()
            )
            if only_stock_changed:
                raise VendorError(
                    _("Stock changed while you were typing."),
                    "stock_changed",
                    rows=problems,
                    current_stock=current_stock,
                )
            if set(problems) == price_confirm and all(
                set(fields) == {"price"} for fields in problems.values()
            ):
                raise VendorError(
                    _("Some prices are unusual: confirm them and save again."),
                    PRICE_CONFIRM,
                    rows=problems,
                    price_confirm=price_confirm,
                )
            raise VendorError(
                _("Some rows are not valid. Nothing was saved."), rows=problems, price_confirm=price_confirm
            )
        if changed:
            now = timezone.now()
            for product in changed:
                product.updated_at = now
            bulk_update_with_history(changed, Product, ["price", "stock", "updated_at"], default_user=actor)
            storefront_changed(trader.market_id)
            stock_changes_record(
                changes={p.pk: p.stock - shown_stock[p.pk] for p in changed},
                reason=StockReason.UPDATE,
                actor=actor,
            )
    return [products[pk] for pk in ids]


def _quick_row_problems(product: Product, row: QuickRow) -> dict[str, str]:
    problems = {}
    if not 1 <= row.price <= MAX_PRICE:
        problems["price"] = str(PRICE_OUT_OF_RANGE)
    if row.stock < 0:
        problems["stock"] = str(STOCK_NEGATIVE)
    elif off_step := stock_off_step(row.stock, product.step):
        problems["stock"] = off_step
    return problems
