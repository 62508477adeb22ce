"""The benchmark's yardsticks, through the same middleware as every page (bench/urls.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from vendors.models import Product

BARE_PRODUCTS = 50


def bare(request):
    """The ceiling: the middleware and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


def bare_products(request):
    """50 fixed products (the lowest primary keys, so the cost does not grow with the data or change
    when the real pages are indexed), one select_related query, a plain template."""
    products = Product.objects.select_related("trader__market", "category").order_by("pk")[:BARE_PRODUCTS]
    return render(request, "bench/products.html", {"products": products})


@login_required
def bare_signed_in(request):
    """The ceiling of a signed-in page: the session and the user, nothing else."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")
