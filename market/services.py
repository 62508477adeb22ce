"""The trade office's review: approve, reject, suspend and reinstate applications of every kind.

Each decision is one transaction: the application's new status, a Decision row (kept for good), the
`application_decided` signal (the kind's own app updates its profile in the same transaction) and the
applicant's notification, sent once the transaction commits.
"""

import datetime
from collections.abc import Iterable
from datetime import time

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.locking import atomic_or_busy
from market.errors import MarketError, ReviewError
from market.events import APPLICATION_SUBMITTED
from market.models import (
    Application,
    Decision,
    DecisionAction,
    DeliveryWindow,
    Market,
    MarketClosure,
    MarketHours,
    Region,
    RegionStaff,
    SearchSynonym,
)
from market.permissions import is_region_staff, may_decide_application
from market.selectors import region_staff_list
from market.signals import application_decided
from market.storefront import storefront_changed
from market.transitions import REASON_REQUIRED, next_status
from notifications.models import Channel
from notifications.services import notify

NOT_FOUND = _("Application not found.")

EVENTS = {
    DecisionAction.APPROVE: "application.approved",
    DecisionAction.REJECT: "application.rejected",
    DecisionAction.SUSPEND: "application.suspended",
    DecisionAction.REINSTATE: "application.reinstated",
}


def application_submit(
    *, kind: str, region: Region, submitted_by, applicant=None, note: str = ""
) -> Application:
    """Open a pending application of `kind` for `region`'s review, in the caller's transaction (the kind's
    app then links its profile to it). Each of the region's staff is told in the app, once, unless one of
    them files it for someone else: a staff member's registration is theirs to approve at once."""
    application = Application(
        kind=kind, region=region, submitted_by=submitted_by, applicant=applicant, note=note
    )
    application.full_clean()
    application.save()
    for_someone_else = applicant is None or applicant.pk != submitted_by.pk
    if for_someone_else and is_region_staff(submitted_by, region.pk):
        return application
    params = {"number": application.pk, "region": region.name}
    for assignment in region_staff_list(region.pk).exclude(user=submitted_by):
        notify(
            event=APPLICATION_SUBMITTED.name, params=params, user=assignment.user, channels=[Channel.IN_APP]
        )
    return application


def application_approve(*, application_id: int, actor, reason: str = "") -> Application:
    """Approve a pending application (the reason is optional). Raises ReviewError (application_decide)."""
    return application_decide(
        application_id=application_id, actor=actor, action=DecisionAction.APPROVE, reason=reason
    )


def application_reject(*, application_id: int, actor, reason: str) -> Application:
    """Reject a pending application; the applicant may apply again. Raises ReviewError (see above)."""
    return application_decide(
        application_id=application_id, actor=actor, action=DecisionAction.REJECT, reason=reason
    )


def application_suspend(*, application_id: int, actor, reason: str) -> Application:
    """Suspend an approved application: its profile stops working at once. Raises ReviewError."""
    return application_decide(
        application_id=application_id, actor=actor, action=DecisionAction.SUSPEND, reason=reason
    )


def application_reinstate(*, application_id: int, actor, reason: str) -> Application:
    """Lift a suspension: the application is approved again. Raises ReviewError (application_decide)."""
    return application_decide(
        application_id=application_id, actor=actor, action=DecisionAction.REINSTATE, reason=reason
    )


def application_decide(*, application_id: int, actor, action: str, reason: str = "") -> Application:
    """Take `action` (a DecisionAction) on the application as `actor`: the one entry point of every
    decision, for the review's pages and API, vendors' trader list and couriers' company pages alike.
    `actor` is staff of the application's region, or someone its kind's app lets decide it
    (market.registry.register_application_deciders: a courier company's admins).

    Raises ReviewError "not_found" when the actor may not decide the application,
    "invalid_transition" when its status does not allow the action (or there is no such action),
    "reason_required" (on the reason field) when the action needs a reason and none was given, "busy"
    when another request keeps the application locked past the lock timeout, or a receiver's own
    ReviewError. Nothing is saved when it raises.
    """
    reason = (reason or "").strip()
    with atomic_or_busy(ReviewError):
        application = Application.objects.select_for_update().filter(pk=application_id).first()
        if application is None or not may_decide_application(actor, application):
            raise ReviewError(NOT_FOUND, "not_found")
        new_status = next_status(application.status, action)
        if new_status is None:
            raise ReviewError(
                _("This decision does not apply to an application that is “%(status)s”.")
                % {"status": application.get_status_display()},
                "invalid_transition",
            )
        if action in REASON_REQUIRED and not reason:
            raise ReviewError(
                _("Give a reason: the applicant will read it."), "reason_required", field="reason"
            )
        now = timezone.now()
        application.status = new_status
        application.decided_at = now
        application.save(update_fields=["status", "decided_at"])
        decision = Decision(
            application=application, action=action, actor=actor, reason=reason, created_at=now
        )
        decision.full_clean()
        decision.save()
        application_decided.send(sender=Application, application=application, decision=decision)
        _notify(application, decision)
    return application


def decision_notice(application: Application, decision: Decision) -> dict:
    """The notification of `decision` for whoever answers for the application: its `event` and `params`."""
    return {
        "event": EVENTS[decision.action],
        "params": {"number": application.pk, "region": application.region.name, "reason": decision.reason},
    }


def _notify(application: Application, decision: Decision) -> None:
    # An application with no applicant account (a trader registered by a coordinator or staff) is told
    # by the receiver of its kind's app, which knows who serves that profile.
    if application.applicant is None:
        return
    notify(**decision_notice(application, decision), user=application.applicant)


# --- Markets: opening hours, closed days and the desk number, kept by the region's staff ------------


def _staff_market(*, market_id: int, actor) -> Market:
    """The market, locked, if `actor` is staff of its region; MarketError "not_found" otherwise."""
    market = Market.objects.select_for_update(no_key=True).filter(pk=market_id).first()
    if market is None or not RegionStaff.objects.filter(user=actor, region_id=market.region_id).exists():
        raise MarketError(_("Market not found."), "not_found")
    return market


def market_hours_set(
    *,
    market_id: int,
    actor,
    week: dict[int, tuple[time, time] | None],
    desk_whatsapp: str = "",
    windows: Iterable[time] | None = None,
) -> Market:
    """Replace a market's weekly hours (weekday 0-6 -> (opens, closes), None for a closed day; a close
    at or before the opening runs past midnight), its desk WhatsApp number and, when given, its delivery
    windows (start times; none: "as soon as possible" only). Raises MarketError "not_found" outside the
    actor's regions, "busy", or ValidationError for bad times; all or nothing."""
    with atomic_or_busy(MarketError):
        market = _staff_market(market_id=market_id, actor=actor)
        market.desk_whatsapp = desk_whatsapp
        market.full_clean(validate_unique=False, validate_constraints=False)
        market.save(update_fields=["desk_whatsapp"])
        rows = [
            MarketHours(market=market, weekday=day, opens=times[0], closes=times[1])
            for day, times in sorted(week.items())
            if times is not None
        ]
        for row in rows:
            row.full_clean(exclude=["market"], validate_unique=False)
        MarketHours.objects.filter(market=market).delete()
        MarketHours.objects.bulk_create(rows)
        if windows is not None:
            DeliveryWindow.objects.filter(market=market).delete()
            DeliveryWindow.objects.bulk_create(
                DeliveryWindow(market=market, starts=starts) for starts in sorted(set(windows))
            )
        storefront_changed(market.pk)  # bulk_create sends no signal
    return market


def market_closure_add(*, market_id: int, actor, date: datetime.date, reason: str = "") -> MarketClosure:
    """Mark a day closed (a holiday). Raises MarketError "not_found", "busy", or ValidationError when the
    day is already closed."""
    with atomic_or_busy(MarketError):
        market = _staff_market(market_id=market_id, actor=actor)
        closure = MarketClosure(market=market, date=date, reason=reason.strip())
        closure.full_clean()
        closure.save()
    return closure


def market_closure_remove(*, closure_id: int, actor) -> None:
    """Open a closed day again. Raises MarketError "not_found" outside the actor's regions, "busy"."""
    with atomic_or_busy(MarketError):
        closure = MarketClosure.objects.filter(pk=closure_id).first()
        if closure is None:
            raise MarketError(_("Closed day not found."), "not_found")
        _staff_market(market_id=closure.market_id, actor=actor)
        closure.delete()


# --- Search words, kept by the region's staff -----------------------------------------------------------


def search_synonym_add(*, region_id: int, actor, word: str, means: str) -> SearchSynonym:
    """Teach the search a word of the region: a search for `word` also finds `means`. Works from the
    next search on. Raises MarketError "not_found" for a region the actor is not staff of, or
    ValidationError (the word already has a meaning in the region, or means itself)."""
    if not RegionStaff.objects.filter(user=actor, region_id=region_id).exists():
        raise MarketError(_("Region not found."), "not_found")
    synonym = SearchSynonym(
        region_id=region_id, word=" ".join(word.lower().split()), means=" ".join(means.lower().split())
    )
    if synonym.word == synonym.means:
        raise ValidationError({"means": _("Give another word than the one people type.")})
    synonym.full_clean()
    synonym.save()
    return synonym


def search_synonym_remove(*, synonym_id: int, actor) -> None:
    """Forget a search word of one of the actor's regions. Raises MarketError "not_found" otherwise
    (the common words are the platform's, in the admin)."""
    deleted, _rows = SearchSynonym.objects.filter(pk=synonym_id, region__staff__user=actor).delete()
    if not deleted:
        raise MarketError(_("Search word not found."), "not_found")
