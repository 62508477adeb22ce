from django.urls import path

from couriers.views import applications, companies, delivery, jobs, staff, status

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
    # The trade office
    path("saya/dinas/kurir/", staff.staff_couriers, name="staff_couriers"),
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
