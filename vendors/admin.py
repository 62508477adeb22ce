from django import forms
from django.contrib import admin
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from vendors.forms.products import RupiahField, factor_field, step_field, stock_field
from vendors.models import Product, Trader, TraderGroup


@admin.register(TraderGroup)
class TraderGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "market", "coordinator"]
    list_filter = ["market__region", "market"]
    list_select_related = ["market", "coordinator"]
    search_fields = ["name", "market__name"]
    # Appointing a coordinator goes through vendors' group services, which check the member and notify.
    readonly_fields = ["coordinator"]

    def get_readonly_fields(self, request, obj=None):
        return ["market", *self.readonly_fields] if obj else self.readonly_fields


@admin.register(Trader)
class TraderAdmin(admin.ModelAdmin):
    list_display = ["stall_name", "stall_number", "owner_name", "market", "group", "status", "whatsapp"]
    list_filter = ["status", "market__region", "market"]
    list_select_related = ["market", "group"]
    search_fields = ["stall_name", "owner_name", "stall_number", "whatsapp", "user__name", "user__email"]
    # Approval and suspension go through the review services, which keep the decision history; owner,
    # market and group through the registration and group services, which release a moved coordinator.
    readonly_fields = ["status", "application", "user", "market", "group", "created_at"]
    filter_horizontal = ["categories"]

    def has_add_permission(self, request):
        return False  # a stall comes from an application or an assisted registration


class ProductAdminForm(forms.ModelForm):
    """Prices and quantities read as the trader's pages read them (accounts.numbers); the admin adds the
    model and the other fields."""

    price = RupiahField(label=capfirst(Product._meta.get_field("price").verbose_name))
    # Shown, never taken from the post: stock changes only through vendors' services (locked rows, F()
    # updates, the StockMovement ledger). A field rather than a read-only line, so the model's "stock must
    # be a multiple of the step" has a place to show when the step changes.
    stock = stock_field(disabled=True)
    step = step_field(label=capfirst(Product._meta.get_field("step").verbose_name))
    commodity_factor = factor_field(
        label=capfirst(Product._meta.get_field("commodity_factor").verbose_name), required=False
    )


# Columns the admin never writes on a change: the key, and the stock (see ProductAdmin.save_model).
NOT_SAVED = {"id", "stock"}


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin):
    form = ProductAdminForm
    list_display = ["name", "trader", "price", "unit", "stock", "available", "archived_at"]
    list_filter = ["available", "category", "unit", "trader__market"]
    list_select_related = ["trader"]
    search_fields = ["name", "trader__stall_name", "commodity__name"]
    autocomplete_fields = ["trader"]
    readonly_fields = ["archived_at", "photo_width", "photo_height", "thumbnail_width", "thumbnail_height"]

    def save_model(self, request, obj, form, change):
        """Save every column but the stock, so a sale made while the page was open (or a history
        version reverted to) never writes an old stock over the current one."""
        obj._history_user = request.user
        if not change:
            obj.save()
            return
        obj.save(
            update_fields=[
                field.name for field in Product._meta.concrete_fields if field.name not in NOT_SAVED
            ]
        )
