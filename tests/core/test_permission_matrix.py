"""Who gets what from every page and API route of ours: one row per request, one answer per role.

DESIGN.md's rule: outside the caller's scope → 404; in scope with the wrong role → 403; signed out →
the login page (pages) or 401 (API); public pages and the catalogue → 200 for everyone.

A row names the method, the URL name and its arguments (attributes of the `world` fixture: an
object's pk, a market's slug), the answer most signed-in roles get, and the roles that get another.
Signed-out visitors get the login page or 401 unless the row is public. Requests carry no body: the
point is the permission answer, so a role that passes the checks may well get 400 for the empty form.
Each row is one test: the world is built once for it, every role asks with a fresh client, and each
request is rolled back, so no role sees what another one changed and the order of roles is free.

A new URL (or a new method of an API route) fails test_every_route_of_ours_has_a_row until its row
is here. Adding one is one line: the default, then the roles that differ, e.g.
    row("GET", "api:notification-list", 200)  # anyone signed in; signed out 401
    row("POST", "vendors:manage_x", 403, STALL, **for_stall(302))  # the stall's people; others 404
New objects go in the `world` fixture (tests/conftest.py), new people in `people` and ROLES.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "shopper",
    "trader",  # Slamet's stall A-02, a member of Kelompok Sayur (Pasar Batang)
    "coordinator",  # Sri, coordinating Kelompok Sayur from her own stall
    "other_trader",  # Rohmat's stall B-01, of Kelompok Beras in the same market
    "staff",  # trade-office staff of Batang
    "karangasem_staff",
    "courier",  # of Batang
    "company_admin",  # of a Karangasem courier company, to which a courier applies
    "admin",  # platform admin (superuser): the Django admin, no role on the site
]
LOGIN = "login"  # a redirect to the login page
EMPTY = 400  # past the permission checks, the empty body is refused
WRONG_STATUS = 409  # past the permission checks, the object's status allows no such move


class Literal(str):
    """A URL argument written as it is, not the name of an object in the world."""


@dataclass(frozen=True)
class Row:
    method: str
    name: str
    default: int | str
    args: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    public: bool = False
    roles: dict = field(default_factory=dict)

    def __post_init__(self):
        unknown = set(self.roles) - set(ROLES)
        assert not unknown, f"{self.name}: no such role {unknown}"

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    def expected(self, role: str):
        if role in self.roles:
            return self.roles[role]
        if role == "anonymous" and not self.public:
            return 401 if self.is_api else LOGIN
        return self.default

    def url(self, world) -> str:
        kwargs = {key: _argument(world, key, ref) for key, ref in self.args.items()}
        query = {key: getattr(world, ref).pk for key, ref in self.query.items()}
        return reverse(self.name, kwargs=kwargs) + (f"?{urlencode(query)}" if query else "")

    def __str__(self) -> str:
        args = ",".join(f"{key}={ref}" for key, ref in {**self.args, **self.query}.items())
        return f"{self.method} {self.name} {args}".strip()


def _argument(world, key: str, ref: str):
    if isinstance(ref, Literal):
        return str(ref)
    target = getattr(world, ref)
    return target.slug if key == "slug" else target.pk


def row(method, name, default, args=None, *, query=None, public=False, **roles) -> Row:
    return Row(method, name, default, args or {}, query or {}, public, roles)


# The roles that get something other than the row's default, by the kind of route.
def for_stall(answer=200) -> dict:
    """Managing Slamet's stall: he and his coordinator may; any other trader is outside the stall's
    scope (404). People who run no stall have the wrong role: the row's 403."""
    return {"trader": answer, "coordinator": answer, "other_trader": 404}


def for_traders(answer=200) -> dict:
    return {"trader": answer, "coordinator": answer, "other_trader": answer}


def for_rohmat(answer=200) -> dict:
    """Rohmat's stall (B-01, world.stop): he may; Slamet and Sri act for other stalls (404)."""
    return {"trader": 404, "coordinator": 404, "other_trader": answer}


def for_staff(answer=200) -> dict:
    return {"staff": answer, "karangasem_staff": answer}


def for_batang_staff(answer=200) -> dict:
    """An object of Batang: its staff may; Karangasem's staff are outside its scope (404)."""
    return {"staff": answer, "karangasem_staff": 404}


def for_karangasem_staff(answer=200) -> dict:
    return {"staff": 404, "karangasem_staff": answer}


def for_claim(answer=200) -> dict:
    """A stall link (Kelompok Sayur): the number's owner, the region's staff and the group's
    coordinator see it; for everybody else it does not exist (the row's 404)."""
    return {"staff": answer, "coordinator": answer}


STALL = {"trader_id": "trader_stall"}
PRODUCT = {"trader_id": "trader_stall", "pk": "product"}
OTHER_STALL = {"trader_id": "other_stall"}
APPLICATION = {"pk": "batang_application"}
APPROVE = {**APPLICATION, "action": Literal("approve")}
NONSENSE = {**APPLICATION, "action": Literal("nonsense")}  # no such decision
GROUP = {"pk": "group"}
MEMBER = {**GROUP, "trader_id": "trader_stall"}
BALI_MEMBER = {**GROUP, "trader_id": "bali_stall"}  # a stall of another region
BALI_STALL = {"pk": "bali_stall"}
STALL_SUSPEND = {"pk": "trader_stall", "action": Literal("suspend")}
BALI_SUSPEND = {"pk": "bali_stall", "action": Literal("suspend")}
MARKET_CLOSURE = {"slug": "market", "pk": "market_closure"}
COMPANY = {"pk": "company"}  # the Karangasem courier company
COMPANY_COURIER = {"pk": "company_courier"}  # applying to it
OTHER_COMPANY_COURIER = {"pk": "other_company_courier"}  # applying to another company of Karangasem


def for_company_admin(answer=200) -> dict:
    """A courier of the admin's company: its admin decides; nobody else administers it (the row's 403)."""
    return {"company_admin": answer}


PART = {"pk": "trader_order"}
ACCEPT = {**PART, "action": Literal("accept")}
DELIVERY = {"pk": "delivery"}
STOP = {"pk": "stop"}
TAKEN = {"pk": "taken_delivery"}  # another courier's, picked up at Rohmat's stall

MATRIX = [
    # --- Public pages and the catalogue
    row("GET", "market:home", 200, public=True),
    row("GET", "vendors:market_detail", 200, {"slug": "market"}, public=True),
    row("GET", "vendors:stall_detail", 200, {"pk": "trader_stall"}, public=True),
    row("GET", "vendors:product_list", 200, public=True),
    row("GET", "vendors:product_detail", 200, {"pk": "product"}, public=True),
    row("POST", "accounts:set_language", 302, public=True),
    row("GET", "healthz", 200, public=True),
    row("GET", "favicon", 301, public=True),
    row("GET", "api-schema", 200, public=True),
    row("GET", "api-docs", 200, public=True),
    # WhatsApp's webhook: only Meta, with the verify token or the signed body (none here).
    row("GET", "whatsapp-webhook", 403, public=True),
    row("POST", "whatsapp-webhook", 403, public=True),
    row("GET", "api:market-list", 200, public=True),
    row("GET", "api:market-detail", 200, {"slug": "amlapura"}, public=True),
    row("GET", "api:stall-list", 200, public=True),
    row("GET", "api:stall-detail", 200, {"pk": "trader_stall"}, public=True),
    row("GET", "api:product-list", 200, public=True),
    row("GET", "api:product-detail", 200, {"pk": "product"}, public=True),
    # --- Anyone signed in: their account, inbox, applications, role pages
    row("GET", "accounts:set_password", 302),  # not signed in with a code: to the password change
    row("GET", "api:me", 200),
    row("PATCH", "api:me", 200),
    row("GET", "notifications:inbox", 200),
    row("POST", "notifications:mark_read", 404, {"pk": "notification"}, shopper=302),
    row("POST", "notifications:mark_all_read", 302),
    row("GET", "api:notification-list", 200),
    row("GET", "api:notification-unread-count", 200),
    row("POST", "api:notification-read-all", 200),
    row("GET", "api:notification-detail", 404, {"pk": "notification"}, shopper=200),
    row("POST", "api:notification-read", 404, {"pk": "notification"}, shopper=200),
    row("GET", "portal:account", 200),
    row("GET", "vendors:apply", 200),
    row("GET", "api:trader-application-list", 200),
    row("POST", "api:trader-application-list", EMPTY),
    row("GET", "portal:landing", 302),
    row("GET", "portal:shopper", 200),
    row("GET", "portal:trader", 403, **for_traders()),
    row("GET", "portal:coordinator", 403, coordinator=200),
    row("GET", "portal:staff", 403, **for_staff()),
    row("GET", "portal:courier", 403, courier=200),
    row("GET", "portal:company", 403, company_admin=200),
    row("GET", "couriers:apply", 200),
    row("POST", "couriers:apply", 200),  # the empty form shown again
    row("GET", "api:courier-application-list", 200),
    row("POST", "api:courier-application-list", EMPTY),
    # --- A courier company's admins: their couriers and the decisions on them; another company's 404
    row("GET", "couriers:company_couriers", 403, **for_company_admin()),
    row(
        "POST",
        "couriers:company_courier_decide",
        403,
        {**COMPANY_COURIER, "action": Literal("approve")},
        **for_company_admin(302),
    ),
    row(
        "POST",
        "couriers:company_courier_decide",
        403,
        {**OTHER_COMPANY_COURIER, "action": Literal("approve")},
        **for_company_admin(404),
    ),
    row(
        "POST",
        "couriers:company_courier_decide",
        403,
        {**COMPANY_COURIER, "action": Literal("nonsense")},
        **for_company_admin(404),
    ),
    row("GET", "api:company-courier-list", 403, **for_company_admin()),
    row("GET", "api:company-courier-detail", 403, COMPANY_COURIER, **for_company_admin()),
    row("GET", "api:company-courier-detail", 403, OTHER_COMPANY_COURIER, **for_company_admin(404)),
    row("POST", "api:company-courier-approve", 403, COMPANY_COURIER, **for_company_admin()),
    row("POST", "api:company-courier-approve", 403, OTHER_COMPANY_COURIER, **for_company_admin(404)),
    row("POST", "api:company-courier-reject", 403, COMPANY_COURIER, **for_company_admin(EMPTY)),
    row("POST", "api:company-courier-suspend", 403, COMPANY_COURIER, **for_company_admin(WRONG_STATUS)),
    row("POST", "api:company-courier-reinstate", 403, COMPANY_COURIER, **for_company_admin(WRONG_STATUS)),
    # --- A trader's stall, run by its trader or their coordinator
    # With one stall: straight to its products; the coordinator chooses between hers and Slamet's.
    row("GET", "vendors:manage_stalls", 403, trader=302, other_trader=302, coordinator=200),
    row("GET", "vendors:manage_products", 403, STALL, **for_stall()),
    row("GET", "vendors:manage_products", 403, OTHER_STALL, trader=404, coordinator=404, other_trader=200),
    # A suspended stall is out of everyone's reach: even its coordinator runs other stalls (404).
    row("GET", "vendors:manage_products", 403, {"trader_id": "suspended_stall"}, **for_traders(404)),
    row("GET", "vendors:manage_product_add", 403, STALL, **for_stall()),
    row("GET", "vendors:manage_product_edit", 403, PRODUCT, **for_stall()),
    row("GET", "vendors:manage_product_edit", 403, {**STALL, "pk": "other_product"}, **for_stall(404)),
    row("POST", "vendors:manage_product_availability", 403, PRODUCT, **for_stall(302)),
    row("GET", "vendors:manage_product_remove", 403, PRODUCT, **for_stall()),
    row("POST", "vendors:manage_product_remove", 403, PRODUCT, **for_stall(302)),
    row("GET", "vendors:manage_quick_update", 403, STALL, **for_stall()),
    row("GET", "api:trader-stall-list", 403, **for_traders()),
    row("GET", "api:trader-product-list", 403, **for_traders()),
    row("GET", "api:trader-product-list", 403, query={"trader": "trader_stall"}, **for_stall()),
    row("POST", "api:trader-product-list", 403, query={"trader": "trader_stall"}, **for_stall(EMPTY)),
    row("GET", "api:trader-product-detail", 403, {"pk": "product"}, **for_stall()),
    row("PATCH", "api:trader-product-detail", 403, {"pk": "product"}, **for_stall()),
    row("DELETE", "api:trader-product-detail", 403, {"pk": "product"}, **for_stall(204)),
    row("POST", "api:trader-product-photo", 403, {"pk": "product"}, **for_stall(EMPTY)),
    row("POST", "api:trader-product-bulk", 403, query={"trader": "trader_stall"}, **for_stall(EMPTY)),
    # --- A coordinator's members and assisted registration (staff register too)
    row("GET", "api:trader-member-list", 403, coordinator=200),
    row("POST", "api:trader-member-list", 403, coordinator=EMPTY),
    row("GET", "vendors:register_trader", 403, coordinator=200, **for_staff()),
    row("GET", "vendors:claims", 200),
    row("GET", "vendors:claim_confirm", 404, {"pk": "claim"}, **for_claim()),
    row("POST", "vendors:claim_resend", 404, {"pk": "claim"}, **for_claim(302)),  # "too soon", shown
    row("GET", "api:trader-stall-claim-list", 200),
    row("POST", "api:trader-stall-claim-confirm", 404, {"pk": "claim"}, **for_claim(EMPTY)),
    row("POST", "api:trader-stall-claim-resend", 404, {"pk": "claim"}, **for_claim(400)),  # too soon
    # --- The trade office: the review of applications
    row("GET", "market:review_queue", 403, **for_staff()),
    row("GET", "market:review_detail", 403, APPLICATION, **for_batang_staff()),
    row("GET", "market:review_detail", 403, {"pk": "bali_application"}, **for_karangasem_staff()),
    row("POST", "market:review_decide", 403, APPROVE, **for_batang_staff(302)),
    row("POST", "market:review_decide", 403, NONSENSE, **for_staff(404)),
    row("GET", "api:staff-application-list", 403, **for_staff()),
    row("GET", "api:staff-application-detail", 403, APPLICATION, **for_batang_staff()),
    row("POST", "api:staff-application-approve", 403, APPLICATION, **for_batang_staff()),
    row("POST", "api:staff-application-reject", 403, APPLICATION, **for_batang_staff(EMPTY)),
    row("POST", "api:staff-application-suspend", 403, APPLICATION, **for_batang_staff(WRONG_STATUS)),
    row("POST", "api:staff-application-reinstate", 403, APPLICATION, **for_batang_staff(WRONG_STATUS)),
    # --- The trade office: markets' opening hours, closed days and desk number
    row("GET", "market:staff_markets", 403, **for_staff()),
    row("GET", "market:staff_market_hours", 403, {"slug": "market"}, **for_batang_staff()),
    row("POST", "market:staff_market_hours", 403, {"slug": "market"}, **for_batang_staff(302)),  # all closed
    row("POST", "market:staff_market_closure_add", 403, {"slug": "amlapura"}, **for_karangasem_staff()),
    row("POST", "market:staff_market_closure_remove", 403, MARKET_CLOSURE, **for_batang_staff(302)),
    row("GET", "market:staff_synonyms", 403, **for_staff()),
    row("POST", "market:staff_synonyms", 403, **for_staff()),  # the empty form shown again
    row("POST", "market:staff_synonym_remove", 403, {"pk": "batang_synonym"}, **for_batang_staff(302)),
    # --- The trade office: courier companies and their admins
    row("GET", "couriers:staff_companies", 403, **for_staff()),
    row("POST", "couriers:staff_companies", 403, **for_staff()),  # the empty form shown again
    row("GET", "couriers:staff_company_detail", 403, COMPANY, **for_karangasem_staff()),
    row("POST", "couriers:staff_company_admin_add", 403, COMPANY, **for_karangasem_staff()),  # form again
    row(
        "POST",
        "couriers:staff_company_admin_remove",
        403,
        {**COMPANY, "user_id": "company_admin"},
        **for_karangasem_staff(302),
    ),
    # --- The trade office: traders and groups
    row("GET", "vendors:staff_traders", 403, **for_staff()),
    row("POST", "vendors:staff_trader_decide", 403, STALL_SUSPEND, **for_batang_staff(302)),  # reason asked
    row("POST", "vendors:staff_trader_decide", 403, BALI_SUSPEND, **for_karangasem_staff(302)),
    row("GET", "api:staff-trader-list", 403, **for_staff()),
    row("POST", "api:staff-trader-list", 403, **for_staff(EMPTY)),
    row("POST", "api:staff-trader-suspend", 403, {"pk": "trader_stall"}, **for_batang_staff(EMPTY)),
    row("POST", "api:staff-trader-reinstate", 403, BALI_STALL, **for_karangasem_staff(WRONG_STATUS)),
    row("GET", "vendors:staff_groups", 403, **for_staff()),
    row("POST", "vendors:staff_groups", 403, **for_staff()),  # the empty form shown again
    row("GET", "vendors:staff_group_detail", 403, GROUP, **for_batang_staff()),
    row("GET", "vendors:staff_group_detail", 403, {"pk": "bali_group"}, **for_karangasem_staff()),
    row("POST", "vendors:staff_group_rename", 403, GROUP, **for_batang_staff()),
    row("POST", "vendors:staff_group_coordinator", 403, GROUP, **for_batang_staff(302)),  # cleared
    row("POST", "vendors:staff_group_move", 403, GROUP, **for_batang_staff()),
    row("GET", "api:staff-group-list", 403, **for_staff()),
    row("POST", "api:staff-group-list", 403, **for_staff(EMPTY)),
    row("GET", "api:staff-group-detail", 403, GROUP, **for_batang_staff()),
    row("PATCH", "api:staff-group-detail", 403, GROUP, **for_batang_staff()),
    row("POST", "api:staff-group-members", 403, GROUP, **for_batang_staff(EMPTY)),
    row("DELETE", "api:staff-group-member-remove", 403, MEMBER, **for_batang_staff()),
    row("DELETE", "api:staff-group-member-remove", 403, BALI_MEMBER, **for_staff(404)),
    # --- Couriers: the job board (Batang's courier, online, sees the open delivery), the trade office
    row("GET", "couriers:board", 403, courier=200),
    row("GET", "couriers:board_list", 403, courier=200),
    row("POST", "couriers:status", 403, courier=302),  # the empty form: offline, no limit, no location
    row("POST", "couriers:accept", 403, DELIVERY, courier=302),  # taken: to its delivery page
    row("GET", "couriers:delivery", 403, DELIVERY, courier=404),  # not theirs until taken
    row("POST", "couriers:release", 403, DELIVERY, courier=404),
    row("GET", "couriers:staff_couriers", 403, **for_staff()),
    row("GET", "api:courier-status", 403, courier=200),
    row("PATCH", "api:courier-status", 403, courier=200),
    row("GET", "api:courier-job-list", 403, courier=200),
    row("GET", "api:courier-job-detail", 403, DELIVERY, courier=200),
    row("POST", "api:courier-job-accept", 403, DELIVERY, courier=200),
    row("POST", "api:courier-job-release", 403, DELIVERY, courier=404),
    # --- Orders: the shopper's carts and orders (others' are 404), the stall's parts, the trade office
    row("GET", "api:cart-list", 200),
    row("POST", "api:cart-list", EMPTY),
    row("PATCH", "api:cart-item-detail", 404, {"pk": "cart_item"}, shopper=EMPTY),
    row("DELETE", "api:cart-item-detail", 404, {"pk": "cart_item"}, shopper=200),
    row("GET", "api:kelurahan-list", 200),
    row("GET", "api:order-list", 200),
    row("POST", "api:order-list", EMPTY),
    row("POST", "api:order-quote", EMPTY),
    row("GET", "api:order-detail", 404, {"pk": "order"}, shopper=200),
    row("POST", "api:order-cancel", 404, {"pk": "order"}, shopper=200),
    row("GET", "api:trader-order-list", 403, **for_traders()),
    row("GET", "api:trader-order-detail", 403, {"pk": "trader_order"}, **for_stall()),
    row("POST", "api:trader-order-accept", 403, {"pk": "trader_order"}, **for_stall()),
    row("POST", "api:trader-order-reject", 403, {"pk": "trader_order"}, **for_stall(EMPTY)),
    row("POST", "api:trader-order-reject-items", 403, {"pk": "trader_order"}, **for_stall(EMPTY)),
    row("POST", "api:trader-order-ready", 403, {"pk": "trader_order"}, **for_stall(WRONG_STATUS)),
    row("GET", "api:staff-order-list", 403, **for_staff()),
    row("GET", "api:staff-order-detail", 403, {"pk": "order"}, **for_batang_staff()),
    row("POST", "api:staff-order-cancel", 403, {"pk": "order"}, **for_batang_staff(EMPTY)),
    # Pages: the cart is anyone's (an anonymous visitor's too); adding with an empty form shows why
    row("GET", "orders:cart", 200, public=True),
    row("POST", "orders:cart_add", 302, public=True),
    row("POST", "orders:cart_line", 302, {"pk": "cart_item"}, public=True),  # not theirs: a message
    row("GET", "orders:checkout", 404, {"cart_id": "cart"}, shopper=200),
    row("GET", "orders:order_list", 200),
    row("GET", "orders:order_detail", 404, {"pk": "order"}, shopper=200),
    row("POST", "orders:order_cancel", 404, {"pk": "order"}, shopper=302),
    row("GET", "orders:stall_orders", 403, **for_traders()),
    row("POST", "orders:stall_order_move", 403, ACCEPT, **for_stall(302)),
    row("POST", "orders:stall_order_move", 403, {**PART, "action": Literal("nonsense")}, **for_traders(404)),
    row("POST", "orders:stall_order_items", 403, PART, **for_stall(302)),
    row("POST", "orders:stall_closed_today", 403, {"trader_id": "trader_stall"}, **for_stall(302)),
    row("GET", "orders:pick_list", 403, {"group_id": "group"}, coordinator=200),
    row("GET", "orders:pick_list", 403, {"group_id": "other_group"}, coordinator=404),
    row("GET", "orders:staff_orders", 403, **for_staff()),
    row("GET", "orders:staff_order_detail", 403, {"pk": "order"}, **for_batang_staff()),
    row("POST", "orders:staff_order_cancel", 403, {"pk": "order"}, **for_batang_staff(302)),
    # A taken job (world.taken_delivery: another Batang courier's, picked up at Rohmat's stall, world.stop);
    # its courier's moves are tests/couriers' (for the world's courier it is someone else's: 404)
    row("POST", "couriers:pickup", 403, {**TAKEN, "stop_id": "stop"}, courier=404),
    row("POST", "couriers:handover", 403, TAKEN, courier=404),
    row("POST", "couriers:fail", 403, TAKEN, courier=404),
    row("GET", "couriers:earnings", 403, courier=200),
    row("GET", "couriers:stall_pickups", 403, **for_traders()),
    row("POST", "couriers:stall_pickup_confirm", 403, STOP, **for_rohmat(302)),
    row("GET", "couriers:company_totals", 403, company_admin=200),
    row("GET", "couriers:company_deliveries", 403, company_admin=200),
    row("GET", "couriers:staff_deliveries", 403, **for_staff()),
    row("POST", "couriers:staff_delivery_return", 403, TAKEN, **for_batang_staff(302)),
    row(
        "POST",
        "couriers:staff_delivery_decide",
        403,
        {**TAKEN, "decision": Literal("retry")},
        **for_batang_staff(302),
    ),
    row(
        "POST",
        "couriers:staff_delivery_decide",
        403,
        {**TAKEN, "decision": Literal("nonsense")},
        **for_staff(404),
    ),
    row("GET", "couriers:staff_settlement", 403, **for_staff()),
    row("POST", "api:courier-delivery-pickup", 403, TAKEN, courier=404),
    row("POST", "api:courier-delivery-deliver", 403, TAKEN, courier=404),
    row("POST", "api:courier-delivery-fail", 403, TAKEN, courier=404),
    row("GET", "api:courier-earnings-list", 403, courier=200),
    row("GET", "api:company-delivery-list", 403, company_admin=200),
    row("GET", "api:company-totals-list", 403, company_admin=200),
    row("GET", "api:company-totals-detail", 403, {"pk": "courier_profile"}, company_admin=404),  # not theirs
    row("GET", "api:trader-pickup-list", 403, **for_traders()),
    row("POST", "api:trader-pickup-confirm", 403, STOP, **for_rohmat(200)),
    row("GET", "api:staff-delivery-list", 403, **for_staff()),
    row("GET", "api:staff-delivery-detail", 403, TAKEN, **for_batang_staff()),
    row("POST", "api:staff-delivery-retry", 403, TAKEN, **for_batang_staff(WRONG_STATUS)),
    row("POST", "api:staff-delivery-return-to-stalls", 403, TAKEN, **for_batang_staff(EMPTY)),
    row("POST", "api:staff-delivery-unlock", 403, TAKEN, **for_batang_staff(WRONG_STATUS)),  # not locked
    row("GET", "api:staff-settlement-list", 403, **for_staff()),
    row("GET", "api:staff-courier-activity-list", 403, **for_staff()),
]


def _answer(response):
    if response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
        return LOGIN
    return response.status_code


def _ask(world, role: str, method: str, url: str):
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    with transaction.atomic():
        response = client.generic(method, url)
        transaction.set_rollback(True)  # the next role finds the world as it was
    return response


@pytest.mark.parametrize("entry", MATRIX, ids=str)
def test_each_role_gets_its_answer(world, entry):
    url = entry.url(world)
    wrong = {}
    for role in ROLES:
        got = _answer(_ask(world, role, entry.method, url))
        if got != entry.expected(role):
            wrong[role] = f"expected {entry.expected(role)}, got {got}"
    assert not wrong, f"{entry.method} {url}: {wrong}"


# --- Every route of ours has a row ----------------------------------------------------------------

# Django's admin, allauth's own pages and headless API, the language switch and media files are not ours.
NOT_OURS = ("admin/", "_allauth/", "i18n/", "media/")


def _routes(resolver=None, prefix="", namespace=""):
    """(URL name, the methods its API view offers, or None for a page) for each route of ours."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern).lstrip("^")
        if route.startswith(NOT_OURS):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern, route, inner)
        elif isinstance(pattern, URLPattern) and not pattern.callback.__module__.startswith("allauth."):
            yield f"{namespace}{pattern.name}", _api_methods(pattern.callback)


def _api_methods(view) -> set[str] | None:
    cls = getattr(view, "cls", None)
    if cls is None:  # a page
        return None
    # A viewset's route offers the methods its router mapped to actions, an APIView those it defines.
    defined = set(view.actions) if hasattr(view, "actions") else set(dir(cls))
    offered = defined & set(cls.http_method_names)
    return {method.upper() for method in offered - {"head", "options"}}


def test_every_route_of_ours_has_a_row():
    """A page needs a row; an API route a row for each method it offers."""
    rows = defaultdict(set)
    for entry in MATRIX:
        rows[entry.name].add(entry.method)
    missing = []
    for name, api_methods in _routes():
        if name not in rows:
            missing.append(name)
        elif api_methods:
            missing += [f"{method} {name}" for method in sorted(api_methods - rows[name])]
    assert not missing, f"routes with no row in MATRIX: {missing}"


def test_the_walk_finds_our_pages_and_api_but_not_the_admin_or_allauth():
    names = {name for name, _methods in _routes()}

    assert {"market:home", "api:me", "api:staff-group-detail", "healthz", "accounts:set_password"} <= names
    assert not {name for name in names if name.startswith(("admin:", "headless:", "account_"))}
    assert "set_language" not in names  # Django's i18n view; ours is accounts:set_language
