"""Assisted registration: staff or a group's coordinator registers a trader who has no smartphone.

Registered by staff, the stall is approved at once (a Decision by that staff member); registered by a
coordinator, it waits for the trade office's review like any application. The stall has no account and its
coordinator runs it. When the number already belongs to an account, the stall joins that account only once
the code sent to the number's WhatsApp is confirmed (StallClaim).
"""

import logging
import secrets
from datetime import timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.budgets import Budget, budget_consume
from accounts.selectors import user_get_by_verified_phone
from config.locking import atomic_or_busy
from market.models import Application, ApplicationKind, Market, RegionStaff
from market.selectors import staff_regions
from market.services import ReviewError, application_approve
from notifications.events import STALL_LINK_CODE, STALL_LINKED
from notifications.services import notify
from notifications.transports import TransportError, whatsapp
from vendors.models import StallClaim, Trader, TraderGroup, TraderStatus
from vendors.selectors import groups_coordinated_by
from vendors.services import VendorError

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
) -> Trader:
    """Register a stall for a trader who is not the actor; `whatsapp` is E.164.

    Staff of the market's region may register into any group of the market (or none): the stall is
    approved at once. A coordinator registers into a group they coordinate: the stall waits for review.
    A number with an account gets a StallClaim and a code on WhatsApp.

    Raises VendorError "not_allowed", "wrong_group", "closed_market", "own_number" (the actor's own
    number: apply instead), "already_applied" (the number's owner has a stall or an open application in
    the market), "stall_taken" (staff: an active stall has the number), ValidationError per field."""
    is_staff = RegionStaff.objects.filter(user=actor, region_id=market.region_id).exists()
    _check_may_register(actor, market, group, is_staff=is_staff)
    owner = user_get_by_verified_phone(phone=whatsapp)
    if owner is not None and owner.pk == actor.pk:
        raise VendorError(_("This is your own number: apply for a stall yourself."), "own_number")
    if owner is not None and _has_open_stall(owner, market):
        raise VendorError(OWNER_HAS_STALL, "already_applied")
    try:
        with atomic_or_busy(VendorError):
            stall = _create_stall(
                actor=actor,
                market=market,
                group=group,
                owner_name=owner_name,
                stall_name=stall_name,
                stall_number=stall_number,
                whatsapp=whatsapp,
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
        raise VendorError(error.message, error.code) from error
    except IntegrityError as error:
        # The stall has no account yet, so only its active stall number can be taken meanwhile.
        raise VendorError(STALL_TAKEN, "stall_taken") from error
    stall.refresh_from_db()
    return stall


def _check_may_register(actor, market: Market, group: TraderGroup | None, *, is_staff: bool) -> None:
    if not market.is_active:
        raise VendorError(_("This market does not take applications."), "closed_market")
    if group is not None and group.market_id != market.pk:
        raise VendorError(_("Choose a group of this market."), "wrong_group")
    if is_staff:
        return
    if group is None or not groups_coordinated_by(actor).filter(pk=group.pk).exists():
        raise VendorError(NOT_ALLOWED, "not_allowed")


def _has_open_stall(user, market: Market) -> bool:
    return Trader.objects.filter(user=user, market=market).exclude(status=TraderStatus.REJECTED).exists()


def _create_stall(*, actor, market, group, categories, **fields) -> Trader:
    application = Application.objects.create(
        kind=ApplicationKind.TRADER, applicant=None, submitted_by=actor, region=market.region
    )
    stall = Trader(user=None, market=market, group=group, application=application, **fields)
    stall.full_clean(validate_constraints=False)
    stall.save()
    stall.categories.set(categories)
    return stall


def stall_claim_list_for_user(user) -> QuerySet[StallClaim]:
    """Open links the user may confirm: those for their own number, and those of stalls they registered
    or look after (their regions as staff, their groups as coordinator)."""
    if not user.is_authenticated:
        return StallClaim.objects.none()
    return (
        StallClaim.objects.filter(confirmed_at__isnull=True)
        .exclude(trader__status=TraderStatus.REJECTED)
        .filter(
            Q(user=user)
            | Q(trader__market__region__in=staff_regions(user))
            | Q(trader__group__in=groups_coordinated_by(user))
        )
        .select_related("trader__market", "user")
        .order_by("-sent_at", "-pk")
    )


def stall_claim_confirm(*, actor, claim_id: int, code: str) -> Trader:
    """Join the stall to the account of its number, given the code sent there.

    The actor is the account's owner, or whoever looks after the registration (the owner read them the
    code). Raises VendorError "not_found", "expired", "too_many_attempts", "wrong_code" (the attempt is
    counted), "already_applied" (the owner got a stall in the market meanwhile)."""
    try:
        with atomic_or_busy(VendorError):
            claim = _locked_claim(actor, claim_id)
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
    "not_found", "too_soon", "too_many_attempts" (the link is closed), "too_many_codes" (a day's resends)."""
    with atomic_or_busy(VendorError):
        claim = _locked_claim(actor, claim_id)
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


def _link(claim: StallClaim) -> Trader:
    stall = Trader.objects.select_for_update().select_related("market").get(pk=claim.trader_id)
    if _has_open_stall(claim.user, stall.market):
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
