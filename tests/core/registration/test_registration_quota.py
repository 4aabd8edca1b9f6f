"""One quota per account, whoever spends it: ``RateLimit`` over a shared ``QuotaState``.

Two ``RateLimit`` objects stand for two worker processes of one site; sharing one state, they
stop together at the reserve, and a 403 seen by one stops the other before it sends anything.
"""

from __future__ import annotations

import threading

from flattr_core.registration.quota import LocalQuota, RateLimit, RateLimitSnapshot

HEADERS = {"X-RateLimit-Limit": "100", "X-RateLimit-Reset": "4102444800"}


def allowed(rate: RateLimit, tries: int) -> int:
    return sum(rate.acquire() for _ in range(tries))


def test_two_governors_over_one_state_spend_one_quota() -> None:
    shared = LocalQuota()
    one, other = RateLimit(reserve=10, state=shared), RateLimit(reserve=10, state=shared)
    one.observe({**HEADERS, "X-RateLimit-Remaining": "14"})
    assert other.snapshot().remaining == 14  # what one saw, the other knows
    assert allowed(one, 3) + allowed(other, 3) == 4  # 14 - reserve 10, not 4 each
    assert one.snapshot().remaining == other.snapshot().remaining == 10


def test_a_refusal_seen_by_one_stops_the_other() -> None:
    shared = LocalQuota()
    one, other = RateLimit(state=shared), RateLimit(state=shared)
    one.observe({**HEADERS, "X-RateLimit-Remaining": "500"})
    one.exhausted(4102444800.0)
    assert other.acquire() is False
    assert other.snapshot() == RateLimitSnapshot(100, 0, 4102444800.0)


def test_concurrent_spenders_never_cross_the_reserve() -> None:
    shared = LocalQuota()
    governors = [RateLimit(reserve=5, state=shared) for _ in range(4)]
    governors[0].observe({**HEADERS, "X-RateLimit-Remaining": "45"})
    counts: list[int] = []
    lock = threading.Lock()

    def spend(rate: RateLimit) -> None:
        got = allowed(rate, 30)
        with lock:
            counts.append(got)

    threads = [threading.Thread(target=spend, args=(g,)) for g in governors for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sum(counts) == 40  # exactly 45 - 5, however the threads interleave


def test_a_take_that_lands_below_the_reserve_is_given_back() -> None:
    class Racing(LocalQuota):
        """Another process spends the last requests between our read and our take."""

        def take(self) -> int | None:
            self.write(RateLimitSnapshot(100, 10, None))
            return super().take()

    state = Racing()
    state.write(RateLimitSnapshot(100, 12, None))
    rate = RateLimit(reserve=10, state=state)
    assert rate.acquire() is False
    assert state.read().remaining == 10  # the request not sent is not counted


def test_a_new_period_forgets_the_old_figures() -> None:
    now = [1000.0]
    rate = RateLimit(reserve=10, clock=lambda: now[0])
    rate.observe({**HEADERS, "X-RateLimit-Remaining": "3", "X-RateLimit-Reset": "2000"})
    assert rate.acquire() is False
    now[0] = 2000.0
    assert rate.acquire() is True
    assert rate.snapshot().remaining is None
