"""Assisted registration: staff or a group's coordinator registers a trader who has no smartphone.

Registered by staff, the stall is approved at once (a Decision by that staff member); registered by a
coordinator, it waits for the trade office's review like any application. The stall has no account and its
coordinator runs it. When the number already belongs to an account, the stall joins that account only once
the code sent to the number's WhatsApp is confirmed (StallClaim). When the number has no account yet, the
stall is offered to whoever verifies the number later, who confirms it in their account; until someone
can run it (its own account, or its group's active coordinator) it stays out of the storefront.
"""

import logging
import secrets
from datetime import timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.budgets import Budget, budget_consume
from accounts.services import phone_owner_lock
from core.locking import atomic_or_busy
from market.errors import ReviewError
from market.models import Application, ApplicationKind, Market
from market.permissions import is_region_staff
from market.services import application_approve, application_submit
from notifications.services import notify
from notifications.transports import TransportError, whatsapp
from vendors.errors import VendorError
from vendors.events import STALL_LINK_CODE, STALL_LINK_OFFERED, STALL_LINKED
from vendors.models import StallClaim, Trader, TraderGroup, TraderStatus
from vendors.permissions import coordinates_group
from vendors.selectors import stall_claim_list_for_user, user_has_open_stall
from vendors.services.applications import group_check_in_market, stall_number_reserve

logger = logging.getLogger(__name__)

CODE_LIFETIME = timedelta(minutes=30)
RESEND_AFTER = timedelta(minutes=1)
# Wrong codes per link, across every code sent for it; and new codes per link per day.
MAX_ATTEMPTS = 5
RESENDS = Budget("stall_claim_resend", amount=5, seconds=24 * 60 * 60)

TOO_MANY_ATTEMPTS = _("Too many wrong codes: this link is closed. Ask the trade office for help.")
TOO_MANY_CODES = _("Enough codes were sent for this link today. Try again tomorrow.")
NOT_ALLOWED = _("Only the market's trade office or the group's coordinator may register a trader here.")
NO_CLAIM = _("This stall has no link to confirm.")
OWNER_HAS_STALL = _("The owner of this number already has a stall or an open application in this market.")
STALL_TAKEN = _("Another active trader already has this stall number in this market.")


def trader_register(
    *,
    actor,
    market: Market,
    owner_name: str,
    stall_name: str,
    stall_number: str,
    whatsapp: str,
    categories=(),
    group: TraderGroup | None = None,
    description: str = "",
    whatsapp_public: bool = False,
) -> Trader:
    """Register a stall for a trader who is not the actor; `whatsapp` is E.164, `whatsapp_public` the
    trader's consent (told to the registrant) to show it to shoppers.

    Staff of the market's region may register into any group of the market (or none): the stall is
    approved at once. A coordinator registers into a group they coordinate: the stall waits for review.
    A number with an account gets a StallClaim and a code on WhatsApp.

    Raises VendorError "not_allowed", "wrong_group" (on the group field), "closed_market", "own_number"
    (the actor's own number: apply instead), "already_applied" (the number's owner has a stall or an
    open application in the market), "stall_taken" on the stall_number field (an active or pending stall
    of the market has the number, see stall_number_reserve), "busy", ValidationError per field."""
    is_staff = is_region_staff(actor, market.region_id)
    _check_may_register(actor, market, group, is_staff=is_staff)
    try:
        with atomic_or_busy(VendorError):
            stall_number_reserve(market=market, stall_number=stall_number)
            # Locked, so a signup verifying the number now comes wholly before (a code is sent) or wholly
            # after this registration (the stall is offered to it).
            owner = phone_owner_lock(phone=whatsapp)
            if owner is not None and owner.pk == actor.pk:
                raise VendorError(_("This is your own number: apply for a stall yourself."), "own_number")
            if owner is not None and user_has_open_stall(owner, market):
                raise VendorError(OWNER_HAS_STALL, "already_applied")
            stall = _create_stall(
                actor=actor,
                market=market,
                group=group,
                owner_name=owner_name,
                stall_name=stall_name,
                stall_number=stall_number,
                whatsapp=whatsapp,
                whatsapp_public=whatsapp_public,
                categories=categories,
                description=description,
            )
            if owner is not None:
                _issue_code(StallClaim(trader=stall, user=owner, requested_by=actor))
            if is_staff:
                application_approve(
                    application_id=stall.application_id,
                    actor=actor,
                    reason=str(_("Registered by the trade office.")),
                )
    except ReviewError as error:
        field = "stall_number" if error.code == "stall_taken" else None
        raise VendorError(error.message, error.code, field=field) from error
    except IntegrityError as error:
        # The stall has no account yet, so only its active stall number can be taken meanwhile (by a
        # suspended stall reinstated at this moment: reinstatement does not wait for the market's lock).
        raise VendorError(STALL_TAKEN, "stall_taken", field="stall_number") from error
    stall.refresh_from_db()
    return stall


def _check_may_register(actor, market: Market, group: TraderGroup | None, *, is_staff: bool) -> None:
    if not market.is_active:
        raise VendorError(_("This market does not take applications."), "closed_market")
    group_check_in_market(group=group, market=market)
    if is_staff:
        return
    if group is None or not coordinates_group(actor, group.pk):
        raise VendorError(NOT_ALLOWED, "not_allowed")


def _create_stall(*, actor, market, group, categories, **fields) -> Trader:
    application = application_submit(
        kind=ApplicationKind.TRADER, applicant=None, submitted_by=actor, region=market.region
    )
    stall = Trader(user=None, market=market, group=group, application=application, **fields)
    stall.full_clean(validate_constraints=False)
    stall.save()
    stall.categories.set(categories)
    return stall


def stall_claims_offer(*, owner, phone: str) -> list[StallClaim]:
    """Offer `owner`, who has just verified `phone` (E.164), the stalls registered for that number that
    have no account: an open link each (replacing a code sent to a former owner of the number), and a
    notice in the app and on WhatsApp. Stalls in a market where the owner already has a stall or an
    application are left out, as are rejected ones. Runs in the caller's transaction (accounts'
    `phone_verified` signal)."""
    stalls = (
        Trader.objects.filter(user=None, whatsapp=phone, application__isnull=False)
        .exclude(status=TraderStatus.REJECTED)
        .select_related("market", "application")
        .order_by("pk")
    )
    offered = []
    for stall in stalls:
        if user_has_open_stall(owner, stall.market):
            continue
        # Locked, so a code being confirmed for the same stall at this moment finishes first.
        claim = StallClaim.objects.select_for_update().filter(trader=stall).first()
        if claim is not None and claim.confirmed_at is not None:
            continue
        claim = claim or StallClaim(trader=stall)
        claim.user = owner
        claim.requested_by_id = stall.application.submitted_by_id
        claim.needs_code = False
        claim.code_digest = ""
        claim.attempts = 0
        claim.sent_at = timezone.now()
        claim.expires_at = None
        claim.save()
        notify(
            event=STALL_LINK_OFFERED.name,
            params={"stall": stall.stall_name, "market": stall.market.name},
            user=owner,
        )
        offered.append(claim)
    return offered


def stall_claim_confirm(*, actor, claim_id: int, code: str = "") -> Trader:
    """Join the stall to the account of its number: with the code sent there, or, for a link offered when
    the owner verified the number (`needs_code` false), by the owner's own confirmation.

    For a code, the actor is the account's owner or whoever looks after the registration (the owner read
    them the code). Raises VendorError "not_found", "owner_only" (an offered link, confirmed by someone
    else), "number_changed" (the owner no longer holds the number), "code_required" (on the code field),
    "expired", "too_many_attempts", "wrong_code" (the attempt is counted), "already_applied" (the owner
    got a stall in the market meanwhile)."""
    try:
        with atomic_or_busy(VendorError):
            claim = _locked_claim(actor, claim_id)
            if not claim.needs_code:
                return _accept_offer(actor, claim)
            if not code.strip():
                raise VendorError(
                    _("Enter the code sent to the stall's WhatsApp."), "code_required", field="code"
                )
            if claim.expires_at <= timezone.now():
                raise VendorError(_("This code has expired. Send a new code."), "expired")
            if claim.attempts >= MAX_ATTEMPTS:
                raise VendorError(TOO_MANY_ATTEMPTS, "too_many_attempts")
            if constant_time_compare(claim.code_digest, _digest(code.strip())):
                return _link(claim)
            claim.attempts += 1
            claim.save(update_fields=["attempts"])
    except IntegrityError as error:
        # Another stall of the same owner in the market was linked at the same moment.
        raise VendorError(OWNER_HAS_STALL, "already_applied") from error
    # Raised once the counted attempt is saved, so guessing stays limited.
    raise VendorError(_("That code is not right. Check the WhatsApp message."), "wrong_code")


def stall_claim_resend(*, actor, claim_id: int) -> StallClaim:
    """Send a new code (the old one stops working); wrong codes stay counted. Raises VendorError
    "not_found", "no_code" (an offered link, which the owner confirms without one), "too_soon",
    "too_many_attempts" (the link is closed), "too_many_codes" (a day's resends)."""
    with atomic_or_busy(VendorError):
        claim = _locked_claim(actor, claim_id)
        if not claim.needs_code:
            raise VendorError(
                _("This link needs no code: the number's owner confirms it in their own account."), "no_code"
            )
        if claim.attempts >= MAX_ATTEMPTS:
            raise VendorError(TOO_MANY_ATTEMPTS, "too_many_attempts")
        if claim.sent_at > timezone.now() - RESEND_AFTER:
            raise VendorError(_("A code was sent less than a minute ago. Wait a moment."), "too_soon")
        if not budget_consume([(RESENDS, str(claim.pk))]):
            raise VendorError(TOO_MANY_CODES, "too_many_codes")
        _issue_code(claim)
    return claim


def _locked_claim(actor, claim_id: int) -> StallClaim:
    claim = stall_claim_list_for_user(actor).select_for_update(of=("self",)).filter(pk=claim_id).first()
    if claim is None:
        raise VendorError(NO_CLAIM, "not_found")
    return claim


def _accept_offer(actor, claim: StallClaim) -> Trader:
    # The offer was made because the actor verified the stall's number: they alone confirm it, and only
    # while the number is still theirs.
    if claim.user_id != actor.pk:
        raise VendorError(
            _("Only the owner of the stall's number can confirm this link, in their own account."),
            "owner_only",
        )
    if actor.verified_phone != claim.trader.whatsapp:
        raise VendorError(_("The stall's number is no longer verified in your account."), "number_changed")
    return _link(claim)


def _link(claim: StallClaim) -> Trader:
    stall = Trader.objects.select_for_update().select_related("market").get(pk=claim.trader_id)
    if stall.user_id is not None:
        raise VendorError(NO_CLAIM, "not_found")
    if user_has_open_stall(claim.user, stall.market):
        raise VendorError(OWNER_HAS_STALL, "already_applied")
    stall.user = claim.user
    stall.save(update_fields=["user"])
    Application.objects.filter(pk=stall.application_id).update(applicant=claim.user)
    claim.confirmed_at = timezone.now()
    claim.save(update_fields=["confirmed_at"])
    notify(
        event=STALL_LINKED.name,
        params={"stall": stall.stall_name, "market": stall.market.name},
        user=claim.user,
    )
    return stall


def _issue_code(claim: StallClaim) -> None:
    """A new code for the claim, saved, and sent to the stall's WhatsApp once the transaction commits."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = timezone.now()
    claim.needs_code = True
    claim.code_digest = _digest(code)
    claim.sent_at = now
    claim.expires_at = now + CODE_LIFETIME
    claim.save()
    stall = claim.trader
    transaction.on_commit(
        partial(
            _send_code,
            to=str(stall.whatsapp),
            language=claim.user.language,
            params={"code": code, "stall": stall.stall_name, "market": stall.market.name},
        )
    )


def _send_code(*, to: str, language: str, params: dict) -> None:
    # Codes never go through the outbox; a failed send is logged and the registrant sends a new code.
    try:
        whatsapp.send_template(
            to=to,
            template=STALL_LINK_CODE.whatsapp_template,
            language=language,
            params=STALL_LINK_CODE.whatsapp_parameters(params),
        )
    except TransportError:
        logger.exception("Could not send a stall link code over WhatsApp")


def _digest(code: str) -> str:
    return salted_hmac("vendors.StallClaim.code", code, algorithm="sha256").hexdigest()
