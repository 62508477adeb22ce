"""What a user is across the apps: each app answers for itself, portal puts the answers together."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.sql import OneRow
from couriers.models import Courier
from couriers.selectors import companies_administered_by
from market.models import ProfileStatus, RegionStaff
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


def role_flags(user) -> dict:
    """Whether `user` holds each role but shopping (everyone signed in shops), as EXISTS annotations:
    staff of a region (market.permissions.is_staff_anywhere), coordinating a group from an active stall
    (vendors.permissions.coordinates_a_group), a visible stall, courier profile (a user has one open
    profile at most) or courier company."""
    return {
        "staff": Exists(RegionStaff.objects.filter(user=user)),
        "coordinator": Exists(groups_coordinated_by(user)),
        "trader": Exists(stall_list_for_user(user).filter(status__in=VISIBLE_PROFILE_STATUSES)),
        "courier": Exists(Courier.objects.filter(user=user, status__in=VISIBLE_PROFILE_STATUSES)),
        "company": Exists(companies_administered_by(user).filter(status__in=VISIBLE_PROFILE_STATUSES)),
    }


def user_row(pk: int, **annotations) -> QuerySet:
    """The user `pk` as one row of `annotations` (built for any key: core.sql.OneRow)."""
    return get_user_model().objects.filter(pk=pk).annotate(**annotations).values(*annotations)


def roles_of(flags: dict | None) -> list[Role]:
    """The roles the flags of role_flags() name, in priority order (shopping only, without flags: a user
    removed meanwhile)."""
    return [role for role in ROLES if role.key == "shopper" or (flags and flags[role.key])]


# One query; its SQL is built once per process, the ORM's building cost more than the query.
_ROLES = OneRow(lambda pk: user_row(pk, **role_flags(get_user_model()(pk=pk))))


def roles_for_user(user) -> list[Role]:
    """The user's roles in priority order; empty for anonymous visitors."""
    if not user.is_authenticated:
        return []
    return roles_of(_ROLES.get(user.pk))


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
