"""What a user is across the apps: each app answers for itself, portal puts the answers together."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from couriers.selectors import companies_administered_by, courier_profile_for_user
from market.models import ProfileStatus
from market.permissions import is_staff_anywhere
from vendors.permissions import coordinates_a_group
from vendors.selectors import stall_list_for_user


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

# The pages of a role, linked under the role navigation while the user acts in that role.
ROLE_LINKS = {
    "staff": [
        (_("Applications"), "market:review_queue"),
        (_("Traders"), "vendors:staff_traders"),
        (_("Trader groups"), "vendors:staff_groups"),
        (_("Markets"), "market:staff_markets"),
        (_("Search words"), "market:staff_synonyms"),
        (_("Couriers"), "couriers:staff_couriers"),
        (_("Courier companies"), "couriers:staff_companies"),
    ],
    "company": [
        (_("Our couriers"), "couriers:company_couriers"),
    ],
    "courier": [(_("Delivery jobs"), "couriers:board")],
}

# The role the user last acted in (the last role page they opened), kept in the session.
CURRENT_ROLE_SESSION_KEY = "portal_role"

# A suspended trader, courier or company admin still sees their page, with the suspension on it.
VISIBLE_PROFILE_STATUSES = [ProfileStatus.ACTIVE, ProfileStatus.SUSPENDED]


def _has_role(user, key: str) -> bool:
    if key == "staff":
        return is_staff_anywhere(user)
    if key == "coordinator":
        return coordinates_a_group(user)
    if key == "trader":
        return stall_list_for_user(user).filter(status__in=VISIBLE_PROFILE_STATUSES).exists()
    if key == "courier":
        courier = courier_profile_for_user(user)
        return courier is not None and courier.status in VISIBLE_PROFILE_STATUSES
    if key == "company":
        return companies_administered_by(user).filter(status__in=VISIBLE_PROFILE_STATUSES).exists()
    return True  # everyone signed in can shop


def roles_for_user(user) -> list[Role]:
    """The user's roles in priority order; empty for anonymous visitors."""
    if not user.is_authenticated:
        return []
    return [role for role in ROLES if _has_role(user, role.key)]


def roles_for_request(request) -> list[Role]:
    """The signed-in user's roles, asked once per request: the role check and the header share them."""
    if not hasattr(request, "_portal_roles"):
        request._portal_roles = roles_for_user(request.user)
    return request._portal_roles


def current_role_key(request) -> str | None:
    """The role the user last switched to, if they still hold it."""
    key = request.session.get(CURRENT_ROLE_SESSION_KEY)
    return key if key in {role.key for role in roles_for_request(request)} else None


def set_current_role(request, key: str) -> None:
    if request.session.get(CURRENT_ROLE_SESSION_KEY) != key:  # an unchanged session is not written again
        request.session[CURRENT_ROLE_SESSION_KEY] = key
