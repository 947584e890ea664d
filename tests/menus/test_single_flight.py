"""The menu cache: one computation for concurrent misses, least recently used out."""
import threading
import time

import pytest

from ckanext.opendatalocale.menus.single_flight import SingleFlightCache

from .helpers import at_once, held


def test_forty_concurrent_misses_compute_once_and_share_the_result():
    cache = SingleFlightCache(8)
    calls = []

    def slow_parse():
        calls.append(1)
        time.sleep(0.2)
        return object()

    results, errors = at_once(40, lambda: cache.get("service", slow_parse))
    assert errors == [] and len(calls) == 1
    assert len(results) == 40 and len({id(r) for r in results}) == 1


def test_different_keys_do_not_wait_for_each_other():
    cache = SingleFlightCache(8)
    compute, started, release = held("a")
    thread = threading.Thread(target=cache.get, args=("a", compute))
    thread.start()
    started.wait(5)
    began = time.monotonic()
    assert cache.get("b", lambda: "b") == "b"
    assert time.monotonic() - began < 1
    release.set()
    thread.join(5)


def test_a_failure_reaches_every_waiter_and_is_not_kept():
    cache = SingleFlightCache(8)

    def failing():
        time.sleep(0.2)
        raise ValueError("illisible")

    results, errors = at_once(5, lambda: cache.get("k", failing))
    assert results == [] and len(errors) == 5
    assert all(isinstance(error, ValueError) for error in errors)
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
    compute, started, release = held("tard")
    thread = threading.Thread(target=cache.get, args=("k", compute))
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
