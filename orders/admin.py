"""The platform admin's view of orders: kelurahan are edited here (centres and flat fees); orders, their
parts, items and events are read-only, since only orders' services may change them."""

from django.contrib import admin

from orders.models import Kelurahan, Order, OrderEvent, OrderItem, TraderOrder


@admin.register(Kelurahan)
class KelurahanAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "region", "latitude", "longitude", "flat_fee", "delivers"]
    list_filter = ["region", "delivers"]
    search_fields = ["name", "district"]


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TraderOrderInline(ReadOnly, admin.TabularInline):
    model = TraderOrder
    fields = ["trader", "status", "items_total", "reason"]
    readonly_fields = fields
    extra = 0


class OrderEventInline(ReadOnly, admin.TabularInline):
    model = OrderEvent
    fields = ["created_at", "trader_order", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields
    extra = 0


@admin.register(Order)
class OrderAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["number", "market", "shopper", "status", "total", "placed_at"]
    list_filter = ["status", "market"]
    search_fields = ["pk", "recipient_name", "recipient_whatsapp"]
    inlines = [TraderOrderInline, OrderEventInline]


@admin.register(OrderItem)
class OrderItemAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "trader_order", "quantity_ordered", "quantity", "price", "line_total"]
