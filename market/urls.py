from django.urls import path

from market.views import home, review

app_name = "market"

urlpatterns = [
    path("", home.home, name="home"),
    # The trade office's review of applications
    path("dinas/pendaftaran/", review.application_queue, name="review_queue"),
    path("dinas/pendaftaran/<int:pk>/", review.application_detail, name="review_detail"),
    path("dinas/pendaftaran/<int:pk>/<slug:action>/", review.application_decide, name="review_decide"),
]
