from django.urls import path

from vendors import views

app_name = "vendors"

urlpatterns = [
    path("pasar/<slug:slug>/", views.market_detail, name="market_detail"),
    path("lapak/<int:pk>/", views.stall_detail, name="stall_detail"),
    path("produk/", views.product_list, name="product_list"),
]
