"""The notification events of the trade office's review, registered from MarketConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from notifications.events import Event

# A new application or a coordinator's registration waits for the review (market.services), to each of
# the region's staff; in-app only.
APPLICATION_SUBMITTED = Event(
    name="application.submitted",
    title=_("New application no. %(number)s"),
    body=_("Application no. %(number)s waits for review by the %(region)s trade office."),
    whatsapp_template="pasar_application_submitted",
    whatsapp_params=("region", "number"),
)
# The trade office's review decisions (market.services), to the applicant or whoever registered them.
APPLICATION_APPROVED = Event(
    name="application.approved",
    title=_("Application approved"),
    body=_("The %(region)s trade office approved your application no. %(number)s."),
    whatsapp_template="pasar_application_approved",
    whatsapp_params=("region", "number"),
)
APPLICATION_REJECTED = Event(
    name="application.rejected",
    title=_("Application rejected"),
    body=_(
        "The %(region)s trade office rejected your application no. %(number)s. Reason: %(reason)s. "
        "You may apply again."
    ),
    whatsapp_template="pasar_application_rejected",
    whatsapp_params=("region", "number", "reason"),
)
APPLICATION_SUSPENDED = Event(
    name="application.suspended",
    title=_("Suspended by the trade office"),
    body=_(
        "The %(region)s trade office suspended your approval (application no. %(number)s). "
        "Reason: %(reason)s."
    ),
    whatsapp_template="pasar_application_suspended",
    whatsapp_params=("region", "number", "reason"),
)
APPLICATION_REINSTATED = Event(
    name="application.reinstated",
    title=_("Suspension lifted"),
    body=_(
        "The %(region)s trade office lifted the suspension of your application no. %(number)s. "
        "Note: %(reason)s."
    ),
    whatsapp_template="pasar_application_reinstated",
    whatsapp_params=("region", "number", "reason"),
)
# What waits for a staff member's review in their regions (market.summaries), at most hourly; WhatsApp
# only (each application has its own in-app notification).
REVIEW_SUMMARY = Event(
    name="review.summary",
    title=_("Applications waiting for your review"),
    body=_(
        "Waiting for your review at Pasar Daring: %(traders)s trader, %(couriers)s courier and "
        "%(companies)s courier company applications. Open the queue at %(link)s to decide on them."
    ),
    whatsapp_template="pasar_review_summary",
    whatsapp_params=("traders", "couriers", "companies", "link"),
)

EVENTS = (
    APPLICATION_SUBMITTED,
    APPLICATION_APPROVED,
    APPLICATION_REJECTED,
    APPLICATION_SUSPENDED,
    APPLICATION_REINSTATED,
    REVIEW_SUMMARY,
)
