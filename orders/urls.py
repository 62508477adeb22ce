from django.urls import path

from orders.views import cart, checkout, orders, staff, stall

app_name = "orders"

urlpatterns = [
    path("keranjang/", cart.cart, name="cart"),
    path("keranjang/tambah/", cart.cart_add_view, name="cart_add"),
    path("keranjang/baris/<int:pk>/", cart.cart_line, name="cart_line"),
    path("keranjang/<int:cart_id>/pesan/", checkout.checkout, name="checkout"),
    path("pesanan/", orders.order_list, name="order_list"),
    path("pesanan/<int:pk>/", orders.order_detail, name="order_detail"),
    path("pesanan/<int:pk>/batal/", orders.order_cancel_view, name="order_cancel"),
    # The stall's incoming orders (its trader, or their group's coordinator)
    path("saya/pesanan-lapak/", stall.stall_orders, name="stall_orders"),
    path("saya/pesanan-lapak/<int:pk>/barang/", stall.stall_order_items, name="stall_order_items"),
    path("saya/pesanan-lapak/<int:pk>/<slug:action>/", stall.stall_order_move, name="stall_order_move"),
    path("saya/pesanan-lapak/kelompok/<int:group_id>/daftar-ambil/", stall.pick_list, name="pick_list"),
    path("saya/lapak/<int:trader_id>/tutup-hari-ini/", stall.stall_closed_today, name="stall_closed_today"),
    # The trade office
    path("saya/dinas/pesanan/", staff.staff_orders, name="staff_orders"),
    path("saya/dinas/pesanan/<int:pk>/", staff.staff_order_detail, name="staff_order_detail"),
    path("saya/dinas/pesanan/<int:pk>/batal/", staff.staff_order_cancel, name="staff_order_cancel"),
]
