from django.contrib import admin

from couriers.models import Courier, CourierCompany


@admin.register(CourierCompany)
class CourierCompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "phone", "status"]
    list_filter = ["status", "region"]
    list_select_related = ["region"]
    search_fields = ["name", "phone"]
    readonly_fields = ["status", "application", "created_at"]
    autocomplete_fields = ["admins"]


@admin.register(Courier)
class CourierAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "company", "vehicle", "plate_number", "status", "is_online"]
    list_filter = ["status", "is_online", "region", "company", "vehicle"]
    list_select_related = ["user", "region", "company"]
    search_fields = ["user__name", "user__phone", "plate_number"]
    readonly_fields = ["status", "is_online", "application", "created_at"]
    autocomplete_fields = ["user", "company"]
