from django.urls import path

from market.views import home, markets, review, synonyms

app_name = "market"

urlpatterns = [
    path("", home.home, name="home"),
    # The trade office's review of applications
    path("dinas/pendaftaran/", review.application_queue, name="review_queue"),
    path("dinas/pendaftaran/<int:pk>/", review.application_detail, name="review_detail"),
    path("dinas/pendaftaran/<int:pk>/<slug:action>/", review.application_decide, name="review_decide"),
    # The trade office's markets: opening hours, closed days, desk number
    path("dinas/pasar/", markets.market_list, name="staff_markets"),
    path("dinas/pasar/<slug:slug>/jam/", markets.market_hours, name="staff_market_hours"),
    path("dinas/pasar/<slug:slug>/libur/", markets.closure_add, name="staff_market_closure_add"),
    path(
        "dinas/pasar/<slug:slug>/libur/<int:pk>/hapus/",
        markets.closure_remove,
        name="staff_market_closure_remove",
    ),
    # The search words of the trade office's regions
    path("dinas/kata-pencarian/", synonyms.synonym_list, name="staff_synonyms"),
    path("dinas/kata-pencarian/<int:pk>/hapus/", synonyms.synonym_remove, name="staff_synonym_remove"),
]
