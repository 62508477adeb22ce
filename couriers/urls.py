app_name = "couriers"

urlpatterns = []
