"""Role landing pages: each shows what the user already has in that role."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from couriers.selectors import companies_administered_by, courier_list_for_company, courier_profile_for_user
from market.models import ApplicationStatus
from market.selectors import (
    application_list_for_staff,
    market_list_public,
    pending_application_counts_for_staff,
    staff_regions,
)
from portal.roles import (
    ROLES_BY_KEY,
    VISIBLE_PROFILE_STATUSES,
    current_role_key,
    roles_for_request,
    set_current_role,
)
from vendors.selectors import (
    groups_coordinated_by,
    product_list_for_stall,
    stall_claim_offers_for_user,
    stall_list_for_coordinator,
    stall_list_for_user,
    stall_list_waiting_for_trader,
)

PENDING_LIST_LENGTH = 20


@login_required
def landing(request):
    """After login: the role the user last switched to, else their main role."""
    key = current_role_key(request) or roles_for_request(request)[0].key
    return redirect(ROLES_BY_KEY[key].url_name)


def role_page(key: str):
    """Only for users holding role `key` (403 otherwise; portal.roles asks each app's permissions);
    visiting the page makes it the current role."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if key not in {role.key for role in roles_for_request(request)}:
                raise PermissionDenied
            set_current_role(request, key)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@login_required
def account(request):
    """Sign-in details, linked to allauth's pages that change them; /admin/ for platform admins."""
    return render(request, "portal/account.html")


@role_page("staff")
def staff(request):
    # What each applicant applied for lives on the profile in vendors or couriers.
    pending = application_list_for_staff(user=request.user, status=ApplicationStatus.PENDING).select_related(
        "trader__market", "courier", "courier_company"
    )
    return render(
        request,
        "portal/staff.html",
        {
            "regions": staff_regions(request.user),
            "pending_counts": pending_application_counts_for_staff(user=request.user),
            "pending": pending.order_by("created_at")[:PENDING_LIST_LENGTH],
            # Stalls registered for a number with no account: out of the storefront until claimed.
            "waiting": stall_list_waiting_for_trader(request.user)[:PENDING_LIST_LENGTH],
        },
    )


@role_page("coordinator")
def coordinator(request):
    return render(
        request,
        "portal/coordinator.html",
        {
            "groups": groups_coordinated_by(request.user),
            "members": stall_list_for_coordinator(request.user),
        },
    )


@role_page("trader")
def trader(request):
    stalls = [
        (stall, product_list_for_stall(stall))
        for stall in stall_list_for_user(request.user).filter(status__in=VISIBLE_PROFILE_STATUSES)
    ]
    return render(
        request,
        "portal/trader.html",
        {"stalls": stalls, "stall_offers": stall_claim_offers_for_user(request.user)},
    )


@role_page("courier")
def courier(request):
    return render(request, "portal/courier.html", {"courier": courier_profile_for_user(request.user)})


@role_page("company")
def company(request):
    companies = [
        (company, courier_list_for_company(company))
        for company in companies_administered_by(request.user).filter(status__in=VISIBLE_PROFILE_STATUSES)
    ]
    return render(request, "portal/company.html", {"companies": companies})


@role_page("shopper")
def shopper(request):
    return render(
        request,
        "portal/shopper.html",
        {"markets": market_list_public(), "stall_offers": stall_claim_offers_for_user(request.user)},
    )
