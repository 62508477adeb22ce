from django.urls import path

from couriers.views import applications, companies

app_name = "couriers"

urlpatterns = [
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
