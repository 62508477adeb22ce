from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from config.health import health_view
from core.favicon import FaviconView
from core.schema_view import SchemaView
from notifications.webhooks import whatsapp_webhook

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    # two of allauth's headless views with our fixes, ahead of allauth's own (accounts/headless.py)
    path("_allauth/", include("accounts.headless")),
    path("_allauth/", include("allauth.headless.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz/", health_view, name="healthz"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("notifications/", include("notifications.urls")),
    path("webhooks/whatsapp/", whatsapp_webhook, name="whatsapp-webhook"),
    path("", include("market.urls")),
    path("", include("vendors.urls")),
    path("", include("orders.urls")),
    path("", include("couriers.urls")),
    path("", include("portal.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# JSON to API clients, the site's pages to everyone else (core.views).
handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
