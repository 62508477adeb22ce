from django.urls import path

from vendors import application_views, trader_views, views

app_name = "vendors"

urlpatterns = [
    path("pasar/<slug:slug>/", views.market_detail, name="market_detail"),
    path("lapak/<int:pk>/", views.stall_detail, name="stall_detail"),
    path("produk/", views.product_list, name="product_list"),
    path("saya/buka-lapak/", application_views.apply, name="apply"),
    # The trader's (or their coordinator's) product pages
    path("saya/produk/", trader_views.stall_choose, name="manage_stalls"),
    path("saya/lapak/<int:trader_id>/produk/", trader_views.product_list, name="manage_products"),
    path("saya/lapak/<int:trader_id>/produk/tambah/", trader_views.product_add, name="manage_product_add"),
    path(
        "saya/lapak/<int:trader_id>/produk/<int:pk>/", trader_views.product_edit, name="manage_product_edit"
    ),
    path(
        "saya/lapak/<int:trader_id>/produk/<int:pk>/tampil/",
        trader_views.product_availability,
        name="manage_product_availability",
    ),
    path(
        "saya/lapak/<int:trader_id>/produk/<int:pk>/hapus/",
        trader_views.product_remove_confirm,
        name="manage_product_remove",
    ),
    path("saya/lapak/<int:trader_id>/harga-stok/", trader_views.quick_update, name="manage_quick_update"),
]
