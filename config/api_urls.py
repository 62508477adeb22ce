"""/api/v1/: each app's own endpoints (its api_urls), in the namespace "api" (reverse("api:product-list"))."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("", include("accounts.api_urls")),
    path("", include("market.api_urls")),
    path("", include("vendors.api_urls")),
    path("", include("orders.api_urls")),
    path("", include("couriers.api_urls")),
    path("", include("notifications.api_urls")),
]
