from django.urls import path

from vendors.views import applications, groups, products, registration, staff, storefront

app_name = "vendors"

urlpatterns = [
    path("pasar/<slug:slug>/", storefront.market_detail, name="market_detail"),
    path("lapak/<int:pk>/", storefront.stall_detail, name="stall_detail"),
    path("produk/", storefront.product_list, name="product_list"),
    path("produk/<int:pk>/", storefront.product_detail, name="product_detail"),
    path("saya/buka-lapak/", applications.apply, name="apply"),
    # Assisted registration by staff or a coordinator, and the code that links a number's account
    path("saya/daftarkan-pedagang/", registration.register, name="register_trader"),
    path("saya/tautan-lapak/", registration.claim_list, name="claims"),
    path("saya/tautan-lapak/<int:pk>/", registration.claim_confirm, name="claim_confirm"),
    path("saya/tautan-lapak/<int:pk>/kirim-ulang/", registration.claim_resend, name="claim_resend"),
    # The trader's (or their coordinator's) product pages
    path("saya/produk/", products.stall_choose, name="manage_stalls"),
    path("saya/lapak/<int:trader_id>/produk/", products.product_list, name="manage_products"),
    path("saya/lapak/<int:trader_id>/produk/tambah/", products.product_add, name="manage_product_add"),
    path("saya/lapak/<int:trader_id>/produk/<int:pk>/", products.product_edit, name="manage_product_edit"),
    path(
        "saya/lapak/<int:trader_id>/produk/<int:pk>/tampil/",
        products.product_availability,
        name="manage_product_availability",
    ),
    path(
        "saya/lapak/<int:trader_id>/produk/<int:pk>/hapus/",
        products.product_remove_confirm,
        name="manage_product_remove",
    ),
    path("saya/lapak/<int:trader_id>/harga-stok/", products.quick_update, name="manage_quick_update"),
    # The trade office's list of its regions' stalls, with suspension and reinstatement
    path("saya/dinas/pedagang/", staff.trader_list, name="staff_traders"),
    path("saya/dinas/pedagang/<int:pk>/<slug:action>/", staff.trader_decide, name="staff_trader_decide"),
    # The trade office's trader groups
    path("saya/dinas/kelompok/", groups.group_list, name="staff_groups"),
    path("saya/dinas/kelompok/<int:pk>/", groups.group_detail, name="staff_group_detail"),
    path("saya/dinas/kelompok/<int:pk>/nama/", groups.group_rename, name="staff_group_rename"),
    path(
        "saya/dinas/kelompok/<int:pk>/koordinator/",
        groups.group_coordinator,
        name="staff_group_coordinator",
    ),
    path("saya/dinas/kelompok/<int:pk>/pindah/", groups.group_move, name="staff_group_move"),
]
