"""What each kind of application is about, told to the review by the app that owns the kind.

market may not read vendors' or couriers' data, yet the queue must say who applies for what. Each app
registers its kind from its AppConfig.ready()::

    register_application_kind(
        ApplicationKind.TRADER,
        summaries=trader_summaries,  # list of applications -> {application id: ApplicationSummary}
        search=trader_search,  # typed text -> Q on Application
        in_market=trader_in_market,  # a Market -> Q on Application (kinds that belong to a market)
    )

The queue calls `summaries` once per page and kind, so a provider must read all the applications it is
given in a fixed number of queries.

Besides the region's staff, others may decide some applications of a kind (a courier company's admins
decide the applications of couriers who applied to their company). The kind's app says which::

    register_application_deciders(
        ApplicationKind.COURIER,
        scope=company_admin_scope,  # a user -> Q on Application: the applications they may decide
    )

market.permissions.may_decide_application asks it, so the review's one decision service serves them too.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q

from market.models import Application, Market


@dataclass(frozen=True)
class Fact:
    """One thing the kind's app tells about an application: `key` for API clients, `label` for people."""

    key: str
    label: str
    value: str


@dataclass(frozen=True)
class ApplicationSummary:
    """Whom an application is for (the applicant, or the trader registered) and its facts, in order."""

    name: str
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class ApplicationKindProvider:
    summaries: Callable[[list[Application]], dict[int, ApplicationSummary]]
    search: Callable[[str], Q]
    in_market: Callable[[Market], Q] | None = None


_PROVIDERS: dict[str, ApplicationKindProvider] = {}
_DECIDERS: dict[str, Callable[[object], Q]] = {}


def register_application_kind(kind: str, *, summaries, search, in_market=None) -> None:
    """Let the review summarise, search (and, for kinds that belong to a market, filter by market) the
    applications of `kind`. Registering the same functions again is harmless; different ones raise."""
    provider = ApplicationKindProvider(summaries=summaries, search=search, in_market=in_market)
    existing = _PROVIDERS.get(kind)
    if existing is not None and existing != provider:
        raise ValueError(f"application kind {kind!r} is already registered")
    _PROVIDERS[kind] = provider


def register_application_deciders(kind: str, *, scope: Callable[[object], Q]) -> None:
    """Let users other than the region's staff decide applications of `kind`: `scope(user)` is a Q on
    Application holding those `user` may decide (none: Q(pk__in=[])). Registering the same function
    again is harmless; another one raises."""
    existing = _DECIDERS.get(kind)
    if existing is not None and existing != scope:
        raise ValueError(f"deciders of application kind {kind!r} are already registered")
    _DECIDERS[kind] = scope


def application_decider_scope(user) -> Q:
    """The applications `user` may decide besides any region staff's: each registered kind's scope."""
    query = Q(pk__in=[])
    for kind, scope in _DECIDERS.items():
        query |= Q(kind=kind) & scope(user)
    return query


def application_summaries(applications: Iterable[Application]) -> dict[int, ApplicationSummary]:
    """Each application's summary, asking each kind's provider once for all of its applications; an
    application its provider does not know is summarised by its applicant's name (if it has one)."""
    applications = list(applications)
    summaries: dict[int, ApplicationSummary] = {}
    by_kind: dict[str, list[Application]] = {}
    for application in applications:
        by_kind.setdefault(application.kind, []).append(application)
    for kind, group in by_kind.items():
        provider = _PROVIDERS.get(kind)
        if provider is not None:
            summaries.update(provider.summaries(group))
    return {
        application.pk: summaries.get(application.pk) or _fallback(application)
        for application in applications
    }


def application_search(term: str) -> Q:
    """Applications whose kind's provider finds `term` (a name, a phone number, a los number...)."""
    query = Q(pk__in=[])
    for provider in _PROVIDERS.values():
        query |= provider.search(term)
    return query


def application_in_market(market: Market) -> Q:
    """Applications that belong to `market`; kinds that belong to no market (couriers) never do."""
    query = Q(pk__in=[])
    for provider in _PROVIDERS.values():
        if provider.in_market is not None:
            query |= provider.in_market(market)
    return query


def _fallback(application: Application) -> ApplicationSummary:
    applicant = application.applicant
    return ApplicationSummary(name=(applicant.name or str(applicant)) if applicant else "")
