from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.phone import normalize_phone


class UserChangeAdminForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("name", "email", "phone")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users. phone_verified is read-only: only a WhatsApp code verifies a number."""

    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = (
        "__str__",
        "email",
        "phone",
        "phone_verified",
        "language",
        "is_active",
        "is_staff",
        "date_joined",
    )
    list_filter = ("phone_verified", "language", "is_active", "is_staff", "is_superuser", "date_joined")
    search_fields = ("name", "email", "phone")
    ordering = ("-date_joined",)
    readonly_fields = ("phone_verified", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("name", "email", "phone", "phone_verified", "language", "password")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("name", "email", "phone", "usable_password", "password1", "password2"),
            },
        ),
    )
    filter_horizontal = ("groups", "user_permissions")

    def get_search_results(self, request, queryset, search_term):
        """Also find a number typed the way people write it (0812…)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            phone = normalize_phone(search_term)
        except ValidationError:
            return results, may_have_duplicates
        return results | queryset.filter(phone=phone), may_have_duplicates

    def save_model(self, request, obj, form, change):
        # A number typed here is a claim like any other until its owner enters a WhatsApp code.
        if "phone" in form.changed_data:
            obj.phone_verified = False
        super().save_model(request, obj, form, change)
