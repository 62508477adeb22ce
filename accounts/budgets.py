"""Budgets counted in the cache: at most `amount` uses per key in each window of `seconds`.

Fixed windows (a burst across a window's edge can reach twice the amount, which is fine for caps on
messages and guesses). The counters live in the shared cache (Redis in production; `check --deploy`
warns when it is per process). Used for the WhatsApp codes anyone can make us send (accounts.adapter)
and for stall-link codes (vendors.registration).
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Budget:
    name: str
    amount: int
    seconds: int

    def cache_key(self, key: str, now: float) -> str:
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        return f"budget:{self.name}:{self.seconds}:{int(now // self.seconds)}:{digest}"


def budget_available(uses: list[tuple[Budget, str]]) -> bool:
    """Whether each (budget, key) has a use left, consuming nothing."""
    now = time.time()
    counts = cache.get_many([budget.cache_key(key, now) for budget, key in uses])
    return all(counts.get(budget.cache_key(key, now), 0) < budget.amount for budget, key in uses)


def budget_consume(uses: list[tuple[Budget, str]]) -> bool:
    """Take one use of every (budget, key), or none of them: False when any is spent."""
    now = time.time()
    taken = []
    for budget, key in uses:
        cache_key = budget.cache_key(key, now)
        cache.add(cache_key, 0, timeout=budget.seconds)
        taken.append(cache_key)
        if cache.incr(cache_key) > budget.amount:
            for spent in taken:
                cache.decr(spent)
            return False
    return True


HOUR, DAY = 60 * 60, 24 * 60 * 60


def _limit(name: str) -> int:
    return settings.WHATSAPP_CODE_LIMITS[name]


def login_code_uses(phone: str) -> list[tuple[Budget, str]]:
    """Login codes to a number, verified or not: per number and day only (the owner is asking)."""
    return [(Budget("login_code", _limit("login_per_number_per_day"), DAY), phone)]


def unverified_code_uses(phone: str) -> list[tuple[Budget, str]]:
    """Codes to a number nobody has verified (signup, a new number): per number and hour and day, and
    for all such numbers together per hour, whatever the caller's address."""
    return [
        (Budget("unverified_code", _limit("unverified_per_number_per_hour"), HOUR), phone),
        (Budget("unverified_code", _limit("unverified_per_number_per_day"), DAY), phone),
        (Budget("unverified_code_total", _limit("unverified_total_per_hour"), HOUR), "all"),
    ]
