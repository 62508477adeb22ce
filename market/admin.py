from django.contrib import admin

from market.models import (
    Application,
    Category,
    Commodity,
    Decision,
    DeliveryWindow,
    Market,
    MarketClosure,
    MarketHours,
    PriceSnapshot,
    Region,
    RegionStaff,
    SearchSynonym,
)


class RegionStaffInline(admin.TabularInline):
    model = RegionStaff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "province",
        "timezone",
        "tariff_base",
        "tariff_per_km",
        "tariff_min",
        "tariff_max",
    ]
    list_filter = ["province", "timezone"]
    search_fields = ["name", "province"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RegionStaffInline]


class MarketHoursInline(admin.TabularInline):
    model = MarketHours
    extra = 0
    max_num = 7


class DeliveryWindowInline(admin.TabularInline):
    model = DeliveryWindow
    extra = 0


class MarketClosureInline(admin.TabularInline):
    model = MarketClosure
    extra = 0


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "address", "desk_whatsapp", "is_active"]
    list_filter = ["region", "is_active"]
    list_select_related = ["region"]
    search_fields = ["name", "address"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MarketHoursInline, DeliveryWindowInline, MarketClosureInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "position", "illustration"]
    list_editable = ["position", "illustration"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Commodity)
class CommodityAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "category", "standard_unit", "illustration"]
    list_editable = ["illustration"]
    list_filter = ["category"]
    list_select_related = ["category"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PriceSnapshot)
class PriceSnapshotAdmin(admin.ModelAdmin):
    list_display = ["date", "commodity", "market", "price_min", "price_median", "price_max", "offer_count"]
    list_filter = ["market__region", "commodity", "date"]
    list_select_related = ["commodity", "market"]
    search_fields = ["commodity__name", "commodity__name_en", "market__name"]
    date_hierarchy = "date"


class DecisionInline(admin.TabularInline):
    """The review history, as recorded: nothing here can be added, changed or deleted."""

    model = Decision
    extra = 0
    fields = ["created_at", "action", "actor", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "applicant", "region", "status", "created_at", "decided_at"]
    list_filter = ["kind", "status", "region"]
    list_select_related = ["applicant", "region"]
    search_fields = ["applicant__name", "applicant__email", "applicant__phone", "region__name", "note"]
    date_hierarchy = "created_at"
    # Only the review services decide: status and its dates are read-only here.
    readonly_fields = ["status", "created_at", "decided_at"]
    autocomplete_fields = ["applicant", "submitted_by"]
    inlines = [DecisionInline]


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["word", "means", "region"]
    list_filter = ["region"]
    search_fields = ["word", "means"]
