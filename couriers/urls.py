from django.urls import path

from couriers.views import delivery, jobs, staff, status

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
]
