"""Reads of the vendors app: stalls, groups and products, scoped to the caller's role."""

from django.db.models import Count, Q, QuerySet

from market.selectors import staff_regions
from vendors.models import Product, Trader, TraderGroup, TraderStatus, runnable_q


def stall_list_for_user(user) -> QuerySet[Trader]:
    """The user's own stalls in any market and any status."""
    if not user.is_authenticated:
        return Trader.objects.none()
    return Trader.objects.filter(user=user).select_related("market__region", "group__coordinator")


def groups_coordinated_by(user) -> QuerySet[TraderGroup]:
    """Groups whose coordinator is an active stall of the user (a suspended one coordinates nothing)."""
    if not user.is_authenticated:
        return TraderGroup.objects.none()
    return TraderGroup.objects.filter(
        coordinator__user=user, coordinator__status=TraderStatus.ACTIVE
    ).select_related("market__region", "coordinator")


def stall_list_for_coordinator(user) -> QuerySet[Trader]:
    """Member stalls the user may act for as their group's coordinator, with their product counts."""
    return (
        Trader.objects.filter(group__in=groups_coordinated_by(user))
        .exclude(status=TraderStatus.REJECTED)
        .select_related("market", "group__coordinator", "user")
        .annotate(product_count=Count("products", filter=Q(products__archived_at__isnull=True)))
        .order_by("group__name", "stall_number")
    )


def stall_list_for_actor(user) -> QuerySet[Trader]:
    """Active stalls whose products the user may manage: their own, and their group's members while the
    user coordinates the group from an active stall."""
    if not user.is_authenticated:
        return Trader.objects.none()
    return (
        Trader.objects.filter(status=TraderStatus.ACTIVE)
        .filter(
            Q(user=user) | Q(group__coordinator__user=user, group__coordinator__status=TraderStatus.ACTIVE)
        )
        .select_related("market__region", "group")
        .order_by("market__name", "stall_number", "pk")
    )


def stall_list_for_staff(user) -> QuerySet[Trader]:
    """Every stall of the markets in the staff member's regions, in any status."""
    return (
        Trader.objects.filter(market__region__in=staff_regions(user))
        .select_related("market", "group__coordinator", "claim")
        .prefetch_related("categories")
        .order_by("market__name", "stall_number", "pk")
    )


def stall_list_waiting_for_trader(user) -> QuerySet[Trader]:
    """Active stalls of the staff member's regions that nobody can run yet (registered for a number with
    no account, in no group with an active coordinator): out of the storefront until their trader
    confirms them or staff give them a coordinated group. Oldest first, with the open link if any."""
    return (
        Trader.objects.filter(market__region__in=staff_regions(user), status=TraderStatus.ACTIVE)
        .exclude(runnable_q())
        .select_related("market", "group", "claim", "application__submitted_by")
        .order_by("created_at", "pk")
    )


def stall_has_runner(stall: Trader) -> bool:
    """Whether someone can run the stall now, asked of the database (a row the caller may have locked):
    only such a stall is public and takes orders."""
    return Trader.objects.runnable().filter(pk=stall.pk).exists()


def stall_recipient(stall: Trader) -> dict:
    """Whom to tell about a stall, as notify()'s keywords: its own account; for a trader with no account,
    their group's active coordinator; with no coordinator either, the stall's own WhatsApp number."""
    if stall.user_id is not None:
        return {"user": stall.user}
    coordinator = stall.group.coordinator if stall.group_id else None
    if coordinator is not None and coordinator.is_active and coordinator.user_id is not None:
        return {"user": coordinator.user}
    return {"phone": str(stall.whatsapp)}


def product_list_for_stall(trader: Trader) -> QuerySet[Product]:
    """A stall's products as its trader manages them: hidden ones included, archived ones not."""
    return trader.products.filter(archived_at__isnull=True).select_related("category", "commodity")


def stall_list_public(*, market=None) -> QuerySet[Trader]:
    """Active stalls of open markets (of one market if given) that someone can run, for shoppers."""
    stalls = Trader.objects.runnable().filter(status=TraderStatus.ACTIVE, market__is_active=True)
    if market is not None:
        stalls = stalls.filter(market=market)
    return (
        stalls.select_related("market", "group")
        .annotate(
            product_count=Count(
                "products",
                filter=Q(products__available=True, products__archived_at__isnull=True),
            )
        )
        .order_by("stall_number")
    )


def product_list_public(
    *, market=None, region=None, search=None, category=None, commodity=None
) -> QuerySet[Product]:
    """The public catalogue: products on sale at active, runnable stalls of open markets, optionally
    filtered."""
    products = (
        Product.objects.on_sale()
        .filter(trader__market__is_active=True)
        .select_related("trader__market__region", "category", "commodity")
    )
    if market is not None:
        products = products.filter(trader__market=market)
    if region is not None:
        products = products.filter(trader__market__region=region)
    if search:
        products = products.matching(search)
    if category is not None:
        products = products.filter(category=category)
    if commodity is not None:
        products = products.filter(commodity=commodity)
    return products
