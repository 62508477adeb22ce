"""The storefront's cache for anonymous visitors: a version number per market that every change to what
its public pages show bumps (prices, stock, products, stalls, trader groups, opening hours and closed
days), one for the home page that every market's bump raises too (and a change of a search word:
the search page's results are cached under it), and one per stall and product that
their own saves bump (a stall or product moved to another market leaves its old market's version as it
was). Fragments and pages are cached with the versions they were made at, so a bump makes the next
request render afresh; old entries age out.

The versions live in the configured cache (Redis through CACHE_URL once there is more than one web
process: a per-process cache would keep each worker's own versions). A change bumps at once and again
after its commit, so no request can cache the old rows under the final number."""

import hashlib
import time
from typing import NamedTuple

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language

from market.models import Market, MarketClosure, MarketHours, Region, SearchSynonym

HOME = "home"
# A cached fragment or page lives this long without a bump: names of categories and staples, edited
# rarely in the admin, show within this time.
FRAGMENT_SECONDS = 600


def _version_key(scope) -> str:
    return f"storefront:version:{scope}"


def storefront_version(scope) -> int:
    """The current version of a market's pages (its id) or of the home page (HOME)."""
    key = _version_key(scope)
    version = cache.get(key)
    if version is None:
        cache.add(key, _fresh(), timeout=None)
        version = cache.get(key, 0)
    return version


def fragment_get(scope, key: str) -> tuple[int, object]:
    """The scope's current version and the fragment stored under `key` if it was made at that version
    (else None): one round trip to the cache."""
    version_key = _version_key(scope)
    found = cache.get_many([version_key, key])
    version = found.get(version_key)
    if version is None:
        version = storefront_version(scope)
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return version, entry[1]
    return version, None


def fragment_set(key: str, version: int, fragment) -> None:
    cache.set(key, (version, fragment), FRAGMENT_SECONDS)


def stall_scope(pk) -> str:
    return f"stall:{pk}"


def product_scope(pk) -> str:
    return f"product:{pk}"


def storefront_versions(scopes) -> dict:
    """The current versions of these scopes (market ids, stall_scope(), product_scope()): one round trip
    to the cache once they exist. Read them before the rows the cached entry is made of."""
    keys = {_version_key(scope): scope for scope in scopes}
    found = cache.get_many(keys)
    return {scope: found[key] if key in found else storefront_version(scope) for key, scope in keys.items()}


class PageEntry(NamedTuple):
    """A cached page: the versions it was made at (storefront_versions()), the Unix time it holds until
    (None: until a bump; an opening label changes with the clock) and the page itself."""

    versions: dict
    until: float | None
    page: object


def page_key(request, kind: str) -> str:
    """The key of a storefront page's `kind` of entry (page_get): its language, its path with the query
    and the static files' manifest (a deploy's new file names)."""
    manifest = getattr(staticfiles_storage, "manifest_hash", "")
    parts = [kind, get_language(), request.get_full_path(), manifest]
    return f"storefront:page:{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}"


# The version keys of the entries this process has read, by entry key: a guess that lets page_get ask
# for an entry and its versions in one round trip. Only a guess: the entry itself says what it was made
# at, and a wrong guess costs the second round trip.
_versions_read: dict[str, list[str]] = {}
VERSIONS_READ_MAX = 10_000


def page_get(key: str) -> PageEntry | None:
    """The entry stored under `key` while every version it was made at is current and its moment has not
    come, else None: one round trip to the cache (two the first time this process reads it), no SQL."""
    guess = _versions_read.get(key, [])
    found = cache.get_many([key, *guess])
    entry = found.get(key)
    if entry is None:
        return None
    versions, until, _page = entry
    if until is not None and time.time() >= until:
        return None
    keys = [_version_key(scope) for scope in versions]
    if keys != guess:
        if len(_versions_read) >= VERSIONS_READ_MAX:
            _versions_read.clear()
        _versions_read[key] = keys
        found = cache.get_many(keys)
    if any(
        found.get(version_key) != version
        for version_key, version in zip(keys, versions.values(), strict=True)
    ):
        return None
    return PageEntry(*entry)


def page_set(key: str, entry: PageEntry) -> None:
    seconds = FRAGMENT_SECONDS if entry.until is None else min(FRAGMENT_SECONDS, entry.until - time.time())
    if seconds > 0:
        cache.set(key, tuple(entry), seconds)


def _fresh() -> int:
    """A first version: the clock in milliseconds, so a version lost from the cache (evicted, flushed)
    comes back higher than any number that cached fragments still carry."""
    return time.time_ns() // 1_000_000


def storefront_changed(*market_ids, stalls=(), products=()) -> None:
    """What these markets' public pages show has changed: bump their versions and the home page's, and
    those of the stalls and products given (saved: they may have moved to another market)."""
    scopes = {HOME, *market_ids, *map(stall_scope, stalls), *map(product_scope, products)}
    # Now, and again after the commit: a request that read the old rows meanwhile cached them under
    # the number between.
    _bump(scopes)
    transaction.on_commit(lambda: _bump(scopes))


def _bump(scopes) -> None:
    for scope in scopes:
        key = _version_key(scope)
        try:
            cache.incr(key)
        except ValueError:  # never read yet, or evicted
            cache.add(key, _fresh(), timeout=None)


@receiver([post_save, post_delete], sender=Market, dispatch_uid="market.storefront_market")
def market_saved(sender, instance, **kwargs):
    storefront_changed(instance.pk)


@receiver([post_save, post_delete], sender=MarketHours, dispatch_uid="market.storefront_hours")
@receiver([post_save, post_delete], sender=MarketClosure, dispatch_uid="market.storefront_closure")
def hours_saved(sender, instance, **kwargs):
    storefront_changed(instance.market_id)


@receiver([post_save, post_delete], sender=Region, dispatch_uid="market.storefront_region")
def region_saved(sender, instance, **kwargs):
    """Its name and time zone (the opening labels) show on its markets' pages."""
    storefront_changed(*Market.objects.filter(region_id=instance.pk).values_list("pk", flat=True))


@receiver([post_save, post_delete], sender=SearchSynonym, dispatch_uid="market.storefront_synonym")
def synonym_saved(sender, instance, **kwargs):
    # What a search finds: its cached results (vendors' search page, under the home page's version).
    storefront_changed()
