"""The storefront's fragment cache: a version number per market that every change to what its public
pages show bumps (prices, stock, products, stalls, opening hours and closed days), and one for the home
page that every market's bump raises too, as does a change of a search word (the search page's results
are cached under the home page's version). Fragments are cached under keys holding the version, so a
bump makes the next request render afresh; old entries age out.

The versions live in the configured cache (Redis through CACHE_URL once there is more than one web
process: a per-process cache would keep each worker's own versions). A change bumps at once and again
after its commit, so no request can cache the old rows under the final number."""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from market.models import Market, MarketClosure, MarketHours, SearchSynonym

HOME = "home"
# A cached fragment lives this long without a bump: names of categories and staples, edited rarely in
# the admin, show within this time.
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


def _fresh() -> int:
    """A first version: the clock in milliseconds, so a version lost from the cache (evicted, flushed)
    comes back higher than any number that cached fragments still carry."""
    return time.time_ns() // 1_000_000


def storefront_changed(*market_ids) -> None:
    """What these markets' public pages show has changed: bump their versions and the home page's."""
    scopes = {HOME, *market_ids}
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


@receiver([post_save, post_delete], sender=SearchSynonym, dispatch_uid="market.storefront_synonym")
def synonym_saved(sender, instance, **kwargs):
    # What a search finds: its cached results (vendors' search page, under the home page's version).
    storefront_changed()
