"""A small cache where concurrent misses of one key compute it once.

Forty parents opening the same canteen's week at 11:55 must not parse the
same school year forty times: the first request parses, the others wait for
its result (single flight), and the result is kept, least recently used
first out. Per process: each web worker keeps its own. Pure module.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Dict, Generic, Hashable, Optional, TypeVar, Union

Value = TypeVar("Value")

# A waiter gives up on a computation that takes longer than this and does its
# own, so that one stuck request cannot hold every visitor of a service.
WAIT_SECONDS = 120.0


class _Flight:
    __slots__ = ("done", "value", "error")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value = None
        self.error: Optional[BaseException] = None


class SingleFlightCache(Generic[Value]):
    def __init__(self, capacity: Union[int, Callable[[], int]], wait_seconds: float = WAIT_SECONDS):
        self._capacity = capacity if callable(capacity) else (lambda: capacity)
        self._wait_seconds = wait_seconds
        self._values: "OrderedDict[Hashable, Value]" = OrderedDict()
        self._flights: Dict[Hashable, _Flight] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            flight = self._flights.get(key)
            leading = flight is None
            if leading:
                flight = self._flights[key] = _Flight()
        if not leading:
            if flight.done.wait(self._wait_seconds):
                if flight.error is not None:
                    raise flight.error
                return flight.value
            return compute()
        try:
            flight.value = compute()
        except BaseException as error:
            flight.error = error
            raise
        finally:
            with self._lock:
                self._flights.pop(key, None)
                if flight.error is None:
                    self._values[key] = flight.value
                    while len(self._values) > max(self._capacity(), 1):
                        self._values.popitem(last=False)
            flight.done.set()
        return flight.value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)
