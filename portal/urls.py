from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("saya/", views.landing, name="landing"),
    path("saya/akun/", views.account, name="account"),
    path("saya/dinas/", views.staff, name="staff"),
    path("saya/koordinator/", views.coordinator, name="coordinator"),
    path("saya/lapak/", views.trader, name="trader"),
    path("saya/kurir/", views.courier, name="courier"),
    path("saya/perusahaan-kurir/", views.company, name="company"),
    path("saya/belanja/", views.shopper, name="shopper"),
]
