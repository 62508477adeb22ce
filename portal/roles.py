"""What a user is across the apps: each app answers for itself, portal puts the answers together."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from couriers.models import ProfileStatus
from couriers.selectors import companies_administered_by, courier_profile_for_user
from market.selectors import staff_regions
from vendors.models import TraderStatus
from vendors.selectors import groups_coordinated_by, stall_list_for_user


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


# In priority order: a user lands on the first of their roles after logging in.
ROLES = [
    Role("staff", _("Trade office"), "portal:staff"),
    Role("coordinator", _("Coordinator"), "portal:coordinator"),
    Role("trader", _("My stall"), "portal:trader"),
    Role("courier", _("Courier"), "portal:courier"),
    Role("company", _("Courier company"), "portal:company"),
    Role("shopper", _("Shopping"), "portal:shopper"),
]
ROLES_BY_KEY = {role.key: role for role in ROLES}

# A suspended trader or courier still sees their page, with the suspension on it.
VISIBLE_PROFILE_STATUSES = [TraderStatus.ACTIVE, TraderStatus.SUSPENDED]


def _has_role(user, key: str) -> bool:
    if key == "staff":
        return staff_regions(user).exists()
    if key == "coordinator":
        return groups_coordinated_by(user).exists()
    if key == "trader":
        return stall_list_for_user(user).filter(status__in=VISIBLE_PROFILE_STATUSES).exists()
    if key == "courier":
        courier = courier_profile_for_user(user)
        return courier is not None and courier.status != ProfileStatus.PENDING
    if key == "company":
        return companies_administered_by(user).filter(status=ProfileStatus.ACTIVE).exists()
    return True  # everyone signed in can shop


def roles_for_user(user) -> list[Role]:
    """The user's roles in priority order; empty for anonymous visitors."""
    if not user.is_authenticated:
        return []
    return [role for role in ROLES if _has_role(user, role.key)]
