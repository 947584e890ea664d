"""The menu cache: one computation for concurrent misses, least recently used out."""
import threading
import time

import pytest

from ckanext.opendatalocale.menus.single_flight import SingleFlightCache


def test_forty_concurrent_misses_compute_once_and_share_the_result():
    cache = SingleFlightCache(8)
    calls = []

    def slow_parse():
        calls.append(1)
        time.sleep(0.2)
        return object()

    start = threading.Barrier(40)
    results = []

    def visitor():
        start.wait()
        results.append(cache.get("service", slow_parse))

    threads = [threading.Thread(target=visitor) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(calls) == 1
    assert len(results) == 40 and len({id(r) for r in results}) == 1


def test_different_keys_do_not_wait_for_each_other():
    cache = SingleFlightCache(8)
    release = threading.Event()
    started = threading.Event()

    def blocked():
        started.set()
        release.wait(5)
        return "a"

    thread = threading.Thread(target=cache.get, args=("a", blocked))
    thread.start()
    started.wait(5)
    began = time.monotonic()
    assert cache.get("b", lambda: "b") == "b"
    assert time.monotonic() - began < 1
    release.set()
    thread.join(5)


def test_a_failure_reaches_every_waiter_and_is_not_kept():
    cache = SingleFlightCache(8)
    start = threading.Barrier(5)
    errors = []

    def failing():
        time.sleep(0.2)
        raise ValueError("illisible")

    def visitor():
        start.wait()
        try:
            cache.get("k", failing)
        except ValueError as error:
            errors.append(error)

    threads = [threading.Thread(target=visitor) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(errors) == 5
    assert cache.get("k", lambda: "lu") == "lu"  # the next request tries again


def test_least_recently_used_goes_first_and_capacity_is_read_each_time():
    capacity = [2]
    cache = SingleFlightCache(lambda: capacity[0])
    calls = []

    def compute(key):
        return lambda: calls.append(key) or key

    cache.get("a", compute("a"))
    cache.get("b", compute("b"))
    cache.get("a", compute("a"))  # a is used again: b is now the oldest
    cache.get("c", compute("c"))
    assert calls == ["a", "b", "c"] and len(cache) == 2
    cache.get("a", compute("a"))
    assert calls == ["a", "b", "c"]
    cache.get("b", compute("b"))
    assert calls == ["a", "b", "c", "b"]
    capacity[0] = 0  # at least one is kept
    cache.get("d", compute("d"))
    assert len(cache) == 1


def test_a_stuck_computation_does_not_hold_waiters_for_ever():
    cache = SingleFlightCache(8, wait_seconds=0.2)
    release = threading.Event()
    started = threading.Event()

    def stuck():
        started.set()
        release.wait(5)
        return "tard"

    thread = threading.Thread(target=cache.get, args=("k", stuck))
    thread.start()
    started.wait(5)
    assert cache.get("k", lambda: "à temps") == "à temps"
    release.set()
    thread.join(5)


@pytest.mark.parametrize("size", [1, 3])
def test_clear_forgets_everything(size):
    cache = SingleFlightCache(size)
    cache.get("a", lambda: 1)
    cache.clear()
    assert len(cache) == 0 and cache.get("a", lambda: 2) == 2
