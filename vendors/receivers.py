"""vendors' answers to lower apps: market's review decision sets a stall's status; a number verified in
accounts is offered the stalls registered for it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import receiver

from accounts.signals import phone_verified
from market.errors import ReviewError
from market.models import ApplicationKind
from market.services import decision_notice
from market.signals import application_decided
from market.transitions import PROFILE_STATUS
from notifications.services import notify
from vendors.models import Trader
from vendors.selectors import stall_recipient
from vendors.services.groups import coordinator_release
from vendors.services.registration import STALL_TAKEN, stall_claims_offer


@receiver(application_decided, dispatch_uid="vendors.stall_follows_decision")
def stall_follows_decision(sender, application, decision, **kwargs):
    """Set the stall's status in the decision's transaction. A suspended stall leaves browsing, search
    and ordering at once: every public selector shows active stalls only, and a group it coordinated loses
    its coordinator at once (the region's other staff are told). A stall with no account of its own is
    told through its coordinator (market tells applicants with an account).

    Raises ReviewError("stall_taken") when another active stall of the market has the stall number."""
    if application.kind != ApplicationKind.TRADER:
        return
    stall = Trader.objects.select_for_update().get(application=application)
    stall.status = PROFILE_STATUS[decision.action]
    try:
        stall.validate_constraints()
        # The check above cannot see a stall activated at this moment; the constraint then refuses.
        with transaction.atomic():
            stall.save(update_fields=["status"])
    except ValidationError as error:
        raise ReviewError(" ".join(error.messages), "stall_taken") from error
    except IntegrityError as error:
        raise ReviewError(str(STALL_TAKEN), "stall_taken") from error
    coordinator_release(stall=stall, actor=decision.actor)
    if application.applicant is None:
        notify(**decision_notice(application, decision), **stall_recipient(stall))


@receiver(phone_verified, dispatch_uid="vendors.offer_stalls_to_number_owner")
def offer_stalls_to_number_owner(sender, user, phone, **kwargs):
    """A stall registered for a number with no account is offered to whoever verifies the number; they
    confirm it on /saya/tautan-lapak/ (vendors.registration.stall_claims_offer)."""
    stall_claims_offer(owner=user, phone=phone)
