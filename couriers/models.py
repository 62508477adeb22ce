from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from market.models import Application, ProfileStatus, Region


class CourierCompany(models.Model):
    """A local ojek company whose admins approve and suspend their own couriers."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="courier_companies")
    name = models.CharField(_("name"), max_length=150)
    phone = PhoneNumberField(_("phone number"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="administered_companies", verbose_name=_("admins")
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="courier_company"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProfileStatus, default=ProfileStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("courier company")
        verbose_name_plural = _("courier companies")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="couriercompany_unique_name")]

    def __str__(self) -> str:
        return self.name


class Vehicle(models.TextChoices):
    MOTORBIKE = "motorbike", _("Motorbike")
    CAR = "car", _("Car")
    BICYCLE = "bicycle", _("Bicycle")


class Courier(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="courier_profiles"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="couriers")
    company = models.ForeignKey(
        CourierCompany, on_delete=models.SET_NULL, null=True, blank=True, related_name="couriers"
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="courier"
    )
    vehicle = models.CharField(_("vehicle"), max_length=20, choices=Vehicle, default=Vehicle.MOTORBIKE)
    plate_number = models.CharField(_("plate number"), max_length=15)
    status = models.CharField(
        _("status"), max_length=20, choices=ProfileStatus, default=ProfileStatus.PENDING
    )
    is_online = models.BooleanField(_("online"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region__name", "user__name"]
        verbose_name = _("courier")
        verbose_name_plural = _("couriers")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=~Q(status="rejected"),
                name="courier_one_open_profile_per_user",
                violation_error_message=_("You already have a courier profile or an open application."),
            ),
            models.CheckConstraint(
                condition=Q(is_online=False) | Q(status="active"),
                name="courier_online_only_when_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.plate_number})"
