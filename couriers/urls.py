from django.urls import path

from couriers.views import applications, companies, delivery, delivery_actions, earnings, jobs, staff, status

app_name = "couriers"

urlpatterns = [
    # The courier: home (switches, deliveries in hand, job board) and the board's polled list
    path("kurir/", jobs.board, name="board"),
    path("kurir/pekerjaan/", jobs.board_list, name="board_list"),
    path("kurir/status/", status.status, name="status"),
    path("kurir/pekerjaan/<int:pk>/ambil/", jobs.accept, name="accept"),
    # A delivery the courier took
    path("kurir/antar/<int:pk>/", delivery.delivery, name="delivery"),
    path("kurir/antar/<int:pk>/lepas/", delivery.release, name="release"),
    path("kurir/antar/<int:pk>/ambil/<int:stop_id>/", delivery_actions.pickup, name="pickup"),
    path("kurir/antar/<int:pk>/serahkan/", delivery_actions.handover, name="handover"),
    path("kurir/antar/<int:pk>/gagal/", delivery_actions.fail, name="fail"),
    path("kurir/pendapatan/", earnings.earnings, name="earnings"),
    # The stall: the couriers' pickups, the cash to confirm
    path("saya/pengambilan-kurir/", delivery_actions.stall_pickups, name="stall_pickups"),
    path(
        "saya/pengambilan-kurir/<int:pk>/konfirmasi/",
        delivery_actions.stall_pickup_confirm,
        name="stall_pickup_confirm",
    ),
    # A courier company's admins
    path("saya/perusahaan-kurir/jumlah/", earnings.company_totals, name="company_totals"),
    path("saya/perusahaan-kurir/pengantaran/", earnings.company_deliveries, name="company_deliveries"),
    # The trade office
    path("saya/dinas/kurir/", staff.staff_couriers, name="staff_couriers"),
    path("saya/dinas/pengantaran/", delivery_actions.staff_deliveries, name="staff_deliveries"),
    path(
        "saya/dinas/pengantaran/<int:pk>/kembalikan/",
        delivery_actions.staff_delivery_return,
        name="staff_delivery_return",
    ),
    path(
        "saya/dinas/pengantaran/<int:pk>/<slug:decision>/",
        delivery_actions.staff_delivery_decide,
        name="staff_delivery_decide",
    ),
    path("saya/dinas/setoran-kurir/", delivery_actions.staff_settlement, name="staff_settlement"),
    path("saya/daftar-kurir/", applications.apply, name="apply"),
    # A courier company's admins: their couriers and the decisions on them
    path("saya/perusahaan-kurir/kurir/", companies.company_couriers, name="company_couriers"),
    path(
        "saya/perusahaan-kurir/kurir/<int:pk>/<slug:action>/",
        companies.company_courier_decide,
        name="company_courier_decide",
    ),
    # The trade office's courier companies and their admins
    path("saya/dinas/perusahaan-kurir/", companies.staff_company_list, name="staff_companies"),
    path(
        "saya/dinas/perusahaan-kurir/<int:pk>/", companies.staff_company_detail, name="staff_company_detail"
    ),
    path(
        "saya/dinas/perusahaan-kurir/<int:pk>/admin/",
        companies.staff_company_admin_add,
        name="staff_company_admin_add",
    ),
    path(
        "saya/dinas/perusahaan-kurir/<int:pk>/admin/<int:user_id>/hapus/",
        companies.staff_company_admin_remove,
        name="staff_company_admin_remove",
    ),
]
