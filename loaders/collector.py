"""Python's cyclic garbage collector, paused while a write transaction builds its documents.

A transaction of 1,000 articles keeps a few hundred thousand dicts and lists alive until it
commits. They all outlive the collector's young generations, so on Python 3.11 it runs a full
collection, which visits every object of the process, about three times per transaction: 1 ms
of the 6 to 8 ms an article takes on the analyst bench (`python -m bench analyst`), measured with
`gc.callbacks`. The documents hold no reference cycles: reference counting frees them when the
transaction ends. Cycles that other tasks make meanwhile (a server answers queries during a
write) wait for the collector until the last write ends; a transaction is bounded, so they are too.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_writers = 0  # write transactions under way in this process
_was_enabled = False  # whether the collector ran before the first of them


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off until the last of overlapping writes ends (tasks of one event loop may
    overlap theirs); left off afterwards if it was off before the first."""
    global _writers, _was_enabled
    if _writers == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _writers += 1
    try:
        yield
    finally:
        _writers -= 1
        if _writers == 0 and _was_enabled:
            gc.enable()


__all__ = ["collector_paused"]
