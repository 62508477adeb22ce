from django.urls import path

from market import review_views, views

app_name = "market"

urlpatterns = [
    path("", views.home, name="home"),
    # The trade office's review of applications
    path("dinas/pendaftaran/", review_views.application_queue, name="review_queue"),
    path("dinas/pendaftaran/<int:pk>/", review_views.application_detail, name="review_detail"),
    path("dinas/pendaftaran/<int:pk>/<slug:action>/", review_views.application_decide, name="review_decide"),
]
