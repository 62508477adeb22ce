"""The review's moves: which decision takes an application from which status to which."""

from market.models import ApplicationStatus, DecisionAction, ProfileStatus

# action -> {status it may start from: status it leads to}
MOVES: dict[str, dict[str, str]] = {
    DecisionAction.APPROVE: {ApplicationStatus.PENDING: ApplicationStatus.APPROVED},
    DecisionAction.REJECT: {ApplicationStatus.PENDING: ApplicationStatus.REJECTED},
    DecisionAction.SUSPEND: {ApplicationStatus.APPROVED: ApplicationStatus.SUSPENDED},
    DecisionAction.REINSTATE: {ApplicationStatus.SUSPENDED: ApplicationStatus.APPROVED},
}

# decision -> the status it gives the profile behind the application (a stall, a courier, a company);
# each kind's app applies it in the decision's transaction (its application_decided receiver).
PROFILE_STATUS: dict[str, str] = {
    DecisionAction.APPROVE: ProfileStatus.ACTIVE,
    DecisionAction.REINSTATE: ProfileStatus.ACTIVE,
    DecisionAction.REJECT: ProfileStatus.REJECTED,
    DecisionAction.SUSPEND: ProfileStatus.SUSPENDED,
}

# Only an approval may go without a reason: the applicant is told why anything else happened.
REASON_REQUIRED = {DecisionAction.REJECT, DecisionAction.SUSPEND, DecisionAction.REINSTATE}


def next_status(status: str, action: str) -> str | None:
    """The status `action` leads to from `status`, or None when the move is not allowed."""
    return MOVES.get(action, {}).get(status)


def actions_from(status: str) -> list[str]:
    """The decisions staff may take on an application in `status`, in DecisionAction's order."""
    return [action for action in DecisionAction.values if status in MOVES[action]]
