"""The review's moves: which decision takes an application from which status to which."""

from market.models import ApplicationStatus, DecisionAction

# action -> {status it may start from: status it leads to}
MOVES: dict[str, dict[str, str]] = {
    DecisionAction.APPROVE: {ApplicationStatus.PENDING: ApplicationStatus.APPROVED},
    DecisionAction.REJECT: {ApplicationStatus.PENDING: ApplicationStatus.REJECTED},
    DecisionAction.SUSPEND: {ApplicationStatus.APPROVED: ApplicationStatus.SUSPENDED},
    DecisionAction.REINSTATE: {ApplicationStatus.SUSPENDED: ApplicationStatus.APPROVED},
}

# Only an approval may go without a reason: the applicant is told why anything else happened.
REASON_REQUIRED = {DecisionAction.REJECT, DecisionAction.SUSPEND, DecisionAction.REINSTATE}


def next_status(status: str, action: str) -> str | None:
    """The status `action` leads to from `status`, or None when the move is not allowed."""
    return MOVES[action].get(status)


def actions_from(status: str) -> list[str]:
    """The decisions staff may take on an application in `status`, in DecisionAction's order."""
    return [action for action in DecisionAction.values if status in MOVES[action]]
