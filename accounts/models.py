from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class Language(models.TextChoices):
    INDONESIAN = "id", "Bahasa Indonesia"
    ENGLISH = "en", "English"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, *, email=None, phone=None, password=None, **fields):
        email = self.normalize_email(email).lower() if email else None
        user = self.model(email=email, phone=phone or None, **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email=email, password=password, **fields)

    def create_superuser(self, email=None, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email=email, password=password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person using Pasar Daring. Roles come from approved profiles in other apps, not from flags here.

    A phone number belongs to a user only once verified: unverified claims of the same number may coexist,
    so a stranger typing someone's number never blocks its real owner.
    """

    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    phone = PhoneNumberField(_("phone number"), null=True, blank=True)
    phone_verified = models.BooleanField(_("phone verified"), default=False)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=Language, default=Language.INDONESIAN
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="user_has_phone_or_email",
                violation_error_message=_("Enter a phone number or an email address."),
            ),
            models.CheckConstraint(condition=~Q(email=""), name="user_email_null_not_blank"),
            models.CheckConstraint(condition=~Q(phone=""), name="user_phone_null_not_blank"),
            models.UniqueConstraint(
                fields=["phone"],
                condition=Q(phone_verified=True),
                name="user_unique_verified_phone",
                violation_error_message=_("This phone number already belongs to another account."),
            ),
            models.UniqueConstraint(Lower("email"), name="user_unique_email_ci"),
        ]

    def __str__(self) -> str:
        return self.name or str(self.email or self.phone or self.pk)

    def clean(self):
        super().clean()
        if self.email == "":
            self.email = None
        if self.email:
            self.email = self.email.lower()
        if not self.phone:
            self.phone = None

    @property
    def display_name(self) -> str:
        return str(self)

    @property
    def verified_phone(self):
        return self.phone if self.phone and self.phone_verified else None
