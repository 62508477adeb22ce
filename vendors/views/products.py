"""The trader's product pages, also used by a group's coordinator acting for a member stall.

A stall outside the user's reach answers 404; a user who may act for no stall at all gets 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.links import ROW_KEY, row_link
from core.pages import form_error, message_error, raise_if_not_found
from vendors.errors import VendorError
from vendors.forms.products import ProductForm, QuickUpdateFormSet, quick_initial, unbound_quick_rows
from vendors.models import Product, Trader
from vendors.permissions import stall_get_for_actor
from vendors.selectors import product_list_for_stall, stall_list_for_actor
from vendors.services.products import (
    PRICE_CONFIRM,
    QuickRow,
    product_create,
    product_quick_update,
    product_remove,
    product_set_available,
    product_update,
)

# A stall may hold thousands of products: the list and the quick update show a page of them.
PRODUCTS_PER_PAGE = 30
QUICK_ROWS_PER_PAGE = 50


# What each page shows of a product (a field left out would cost a query a row: the query-count tests
# catch it): the list its thumbnail and category besides, the quick update neither.
QUICK_FIELDS = ("name", "unit", "available", "price", "stock")
LIST_FIELDS = (
    *QUICK_FIELDS,
    "thumbnail",
    "thumbnail_width",
    "thumbnail_height",
    "category__name",
    "category__name_en",
)


def _product_page(request, stall: Trader, per_page: int, fields: tuple) -> Page:
    """A page of the stall's products by name, only those whose name holds the search (`q`) if given,
    with the `fields` the page shows."""
    products = product_list_for_stall(stall, search=request.GET.get("q", "").strip()[:100])
    related = {field.split("__")[0] for field in fields if "__" in field}
    products = products.select_related(None)
    if related:  # select_related() with no field would join every relation (and is deprecated)
        products = products.select_related(*related)
    products = products.only(*fields)
    return Paginator(products.order_by("name", "pk"), per_page).get_page(request.GET.get("page"))


ROW_LINKS = {
    "edit": "vendors:manage_product_edit",
    "availability": "vendors:manage_product_availability",
    "remove": "vendors:manage_product_remove",
}


def _rows_with_links(stall: Trader, products) -> list[tuple[Product, dict]]:
    """Each product with its edit, show/hide and remove links, each link reversed once for the page
    rather than for every row (core.links: reverse() was a quarter of the list's rendering)."""
    links = {key: row_link(name, stall.pk, ROW_KEY) for key, name in ROW_LINKS.items()}
    return [(product, {key: link(product.pk) for key, link in links.items()}) for product in products]


def _product_of(stall: Trader, pk: int) -> Product:
    return get_object_or_404(product_list_for_stall(stall), pk=pk)


@login_required
def stall_choose(request):
    """Where the product pages start: the one stall straight away, or a choice between several."""
    stalls = list(stall_list_for_actor(request.user))
    if not stalls:
        raise PermissionDenied
    if len(stalls) == 1:
        return redirect("vendors:manage_products", trader_id=stalls[0].pk)
    return render(request, "vendors/manage/stall_choose.html", {"stalls": stalls})


@login_required
def product_list(request, trader_id):
    stall = stall_get_for_actor(request.user, trader_id, heading_only=True)
    page = _product_page(request, stall, PRODUCTS_PER_PAGE, LIST_FIELDS)
    rows = _rows_with_links(stall, page.object_list)
    return render(request, "vendors/manage/product_list.html", {"stall": stall, "page": page, "rows": rows})


@login_required
def product_add(request, trader_id):
    stall = stall_get_for_actor(request.user, trader_id)
    form = ProductForm(request.POST or None, request.FILES or None)
    return _product_form_page(
        request,
        stall,
        form,
        save=lambda **fields: product_create(trader=stall, **fields),
        saved=_("%(name)s added."),
    )


@login_required
def product_edit(request, trader_id, pk):
    stall = stall_get_for_actor(request.user, trader_id)
    product = _product_of(stall, pk)
    form = ProductForm(request.POST or None, request.FILES or None, initial=ProductForm.initial_for(product))
    return _product_form_page(
        request,
        stall,
        form,
        save=lambda **fields: product_update(product=product, **fields),
        saved=_("%(name)s saved."),
        product=product,
    )


def _product_form_page(request, stall, form, *, save, saved, product=None):
    """Show the add/edit form, or save it through `save` (a product service) and go back to the list."""
    if request.method == "POST" and form.is_valid():
        try:
            product = save(
                actor=request.user,
                photo=form.cleaned_data["photo"],
                confirm_price=form.cleaned_data.get("confirm_price", False),
                **form.product_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except VendorError as error:
            if error.code == PRICE_CONFIRM:
                form.ask_to_confirm_price(error.message)
            else:
                form_error(form, error)
        else:
            messages.success(request, saved % {"name": product.name})
            return redirect("vendors:manage_products", trader_id=stall.pk)
    context = {"stall": stall, "form": form, "product": product}
    return render(request, "vendors/manage/product_form.html", context)


@require_POST
@login_required
def product_availability(request, trader_id, pk):
    """Hide a product from shoppers, or show it again."""
    stall = stall_get_for_actor(request.user, trader_id)
    product = _product_of(stall, pk)
    available = request.POST.get("available") == "1"
    try:
        product_set_available(actor=request.user, product=product, available=available)
    except VendorError as error:
        message_error(request, error)
    else:
        if available:
            done = _("%(name)s is shown to shoppers again.")
        else:
            done = _("%(name)s is hidden from shoppers.")
        messages.success(request, done % {"name": product.name})
    return redirect("vendors:manage_products", trader_id=stall.pk)


@login_required
def product_remove_confirm(request, trader_id, pk):
    stall = stall_get_for_actor(request.user, trader_id)
    product = _product_of(stall, pk)
    if request.method == "POST":
        try:
            product_remove(actor=request.user, product=product)
        except VendorError as error:
            message_error(request, error)
        else:
            messages.success(request, _("%(name)s removed.") % {"name": product.name})
        return redirect("vendors:manage_products", trader_id=stall.pk)
    return render(request, "vendors/manage/product_remove.html", {"stall": stall, "product": product})


@login_required
def quick_update(request, trader_id):
    """A page of the stall's products (found by name if asked), their prices and stock saved together
    (htmx or a plain post); saving a page saves its rows only."""
    stall = stall_get_for_actor(request.user, trader_id, heading_only=True)
    page = _product_page(request, stall, QUICK_ROWS_PER_PAGE, QUICK_FIELDS)
    products = list(page.object_list)
    saved = False
    refusal = None
    if request.method == "POST":
        formset = QuickUpdateFormSet(request.POST)
        if formset.is_valid():
            rows = [_quick_row(form.cleaned_data) for form in formset]
            try:
                product_quick_update(actor=request.user, trader=stall, rows=rows)
            except VendorError as error:
                raise_if_not_found(error)
                formset = _with_problems(request.POST, error)
                if not error.rows or error.code == PRICE_CONFIRM:  # busy, or prices to confirm: say so
                    refusal = error.message
            else:
                if not request.htmx:
                    messages.success(request, _("Prices and stock saved."))
                    return HttpResponseRedirect(request.get_full_path())
                saved = True
                products = list(_product_page(request, stall, QUICK_ROWS_PER_PAGE, QUICK_FIELDS).object_list)
                formset = _fresh_formset(products)
        if not saved:
            posted = [_product_id(form) for form in formset]
            products = list(product_list_for_stall(stall).filter(pk__in=[pk for pk in posted if pk]))
    else:
        formset = _fresh_formset(products)
    context = {
        "stall": stall,
        "page": page,
        "rows": _rows(formset, products),
        "formset": formset,
        # Read here, not in the template: its lookups try formset[name] first, which builds every form.
        "management_form": formset.management_form,
        "error_count": formset.total_error_count(),
        "non_form_errors": formset.non_form_errors(),
        "saved": saved,
        "refusal": refusal,
    }
    template = "vendors/manage/quick_update.html"
    if request.htmx:
        template += "#quick-form"
    return render(request, template, context)


def _quick_row(data: dict) -> QuickRow:
    return QuickRow(
        data["product"], data["price"], data["stock"], data["expected_stock"], data["confirm_price"]
    )


def _fresh_formset(products: list[Product]):
    return QuickUpdateFormSet(initial=[quick_initial(product) for product in products])


def _with_problems(data, error: VendorError):
    """The posted rows again with the service's message on each refused row. A row whose stock changed
    now carries the current stock as the shown one, so saving again (after a look) goes through."""
    data = data.copy()
    formset = QuickUpdateFormSet(data)
    for form in formset:
        product_id = _product_id(form)
        if product_id in error.current_stock:
            data[form.add_prefix("expected_stock")] = str(error.current_stock[product_id])
    formset = QuickUpdateFormSet(data)
    formset.is_valid()
    for form in formset:
        product_id = _product_id(form)
        form.asks_to_confirm_price = product_id in error.price_confirm
        for field, message in error.rows.get(product_id, {}).items():
            form.add_error(field if field in ("price", "stock") else None, message)
    return formset


def _product_id(form) -> int | None:
    try:
        return int(form["product"].value())
    except (TypeError, ValueError):
        return None


def _rows(formset, products: list[Product]) -> list[tuple]:
    """Each row's form with its product, for the labels (None if the product went meanwhile). Rows not
    posted are drawn without their forms (unbound_quick_rows)."""
    if not formset.is_bound:
        return list(zip(unbound_quick_rows(products), products, strict=True))
    by_id = {product.pk: product for product in products}
    return [(form, by_id.get(_product_id(form))) for form in formset]
