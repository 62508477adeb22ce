"""The trade office's review: approve, reject, suspend and reinstate applications of every kind.

Each decision is one transaction: the application's new status, a Decision row (kept for good), the
`application_decided` signal (the kind's own app updates its profile in the same transaction) and the
applicant's notification, sent once the transaction commits.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.locking import atomic_or_busy
from market.errors import ReviewError
from market.events import APPLICATION_SUBMITTED
from market.models import Application, Decision, DecisionAction, Region
from market.permissions import is_region_staff
from market.selectors import region_staff_list
from market.signals import application_decided
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
    """Take `action` (a DecisionAction) on the application as staff member `actor`: the one entry point
    of every decision, for the review's pages and API and for vendors' trader list alike.

    Raises ReviewError "not_found" when the application is not in one of the actor's regions,
    "invalid_transition" when its status does not allow the action (or there is no such action),
    "reason_required" (on the reason field) when the action needs a reason and none was given, "busy"
    when another request keeps the application locked past the lock timeout, or a receiver's own
    ReviewError. Nothing is saved when it raises.
    """
    reason = (reason or "").strip()
    with atomic_or_busy(ReviewError):
        application = Application.objects.select_for_update().filter(pk=application_id).first()
        if application is None or not is_region_staff(actor, application.region_id):
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
