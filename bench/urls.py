"""The benchmark's URLs: its yardsticks under /_bench/, then every URL of the site."""

from django.urls import path

from bench import views
from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("_bench/bare/", views.bare, name="bench-bare"),
    path("_bench/products/", views.bare_products, name="bench-products"),
    path("_bench/signed-in/", views.bare_signed_in, name="bench-signed-in"),
    *site_urlpatterns,
]
