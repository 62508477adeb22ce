from django.urls import path

from vendors import (
    application_views,
    group_views,
    registration_views,
    staff_views,
    trader_views,
    views,
)

app_name = "vendors"

urlpatterns = [
    path("pasar/<slug:slug>/", views.market_detail, name="market_detail"),
    path("lapak/<int:pk>/", views.stall_detail, name="stall_detail"),
    path("produk/", views.product_list, name="product_list"),
    path("saya/buka-lapak/", application_views.apply, name="apply"),
    # Assisted registration by staff or a coordinator, and the code that links a number's account
    path("saya/daftarkan-pedagang/", registration_views.register, name="register_trader"),
    path("saya/tautan-lapak/", registration_views.claim_list, name="claims"),
    path("saya/tautan-lapak/<int:pk>/", registration_views.claim_confirm, name="claim_confirm"),
    path("saya/tautan-lapak/<int:pk>/kirim-ulang/", registration_views.claim_resend, name="claim_resend"),
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
    # The trade office's list of its regions' stalls, with suspension and reinstatement
    path("saya/dinas/pedagang/", staff_views.trader_list, name="staff_traders"),
    path(
        "saya/dinas/pedagang/<int:pk>/<slug:action>/", staff_views.trader_decide, name="staff_trader_decide"
    ),
    # The trade office's trader groups
    path("saya/dinas/kelompok/", group_views.group_list, name="staff_groups"),
    path("saya/dinas/kelompok/<int:pk>/", group_views.group_detail, name="staff_group_detail"),
    path("saya/dinas/kelompok/<int:pk>/nama/", group_views.group_rename, name="staff_group_rename"),
    path(
        "saya/dinas/kelompok/<int:pk>/koordinator/",
        group_views.group_coordinator,
        name="staff_group_coordinator",
    ),
    path("saya/dinas/kelompok/<int:pk>/pindah/", group_views.group_move, name="staff_group_move"),
]
