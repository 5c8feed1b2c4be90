"""A per-request batching cache: what Strawberry's DataLoader does, at a fraction of its cost per key.

Strawberry's DataLoader gives every key its own Future, with a done-callback for the batch and one
for each `gather` that waits on it, so loading 250 keys costs some 500 event-loop callbacks. Here a
batch has one Future; values go into a dict as they arrive. That is what lets the prefetch
(schema.prefetch) load a whole level cheaply and the resolvers below read it with `ready`.

Semantics kept from DataLoader: loads made in the same turn of the event loop go in one batch,
dispatched on the next turn (so sibling resolvers share it); a key is loaded at most once per
request; a failed batch fails every key in it, for every later load too (the error surfaces on
each field that asks).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping, Sequence
from enum import Enum
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")


class Missing(Enum):
    """What `ready` answers for a key the loader does not hold yet."""

    MISSING = "missing"


MISSING = Missing.MISSING


class BatchLoader(Generic[K, V]):
    """Loads values by key through `load_batch(keys) -> values` (same length, same order)."""

    def __init__(self, load_batch: Callable[[list[K]], Awaitable[Sequence[V]]]) -> None:
        self._load_batch = load_batch
        self._values: dict[K, V] = {}
        self._errors: dict[K, Exception] = {}
        self._loading: dict[K, asyncio.Future[None]] = {}  # key -> the batch that brings it
        self._queued: list[K] = []  # the next batch, dispatched on the next loop turn
        self._queued_done: asyncio.Future[None] | None = None
        self._held = False  # the queued batch waits for release() (see hold)
        self._running: set[asyncio.Task[None]] = set()  # keeps batch tasks referenced

    def ready(self, key: K) -> V | Missing:
        """The value held for `key` (loaded or primed), without waiting; MISSING while it is not
        loaded yet, still loading, or its load failed."""
        return self._values.get(key, MISSING)

    def ready_many(self, keys: Iterable[K]) -> list[V] | Missing:
        """`ready` for several keys: all their values, or MISSING if any is not there."""
        values = self._values
        out: list[V] = []
        for key in keys:
            value = values.get(key, MISSING)
            if value is MISSING:
                return MISSING
            out.append(value)
        return out

    async def load(self, key: K) -> V:
        for batch in self.request((key,)):
            await batch
        return self._result(key)

    async def load_many(self, keys: Iterable[K]) -> list[V]:
        keys = list(keys)
        for batch in self.request(keys):
            await batch
        return [self._result(key) for key in keys]

    def request(self, keys: Iterable[K]) -> list[asyncio.Future[None]]:
        """Queue the keys not loaded or loading yet, at once (no task); the batches to wait for
        before all of `keys` are `ready` (or failed). The futures never raise."""
        waits = self._enqueue(keys)
        if self._held and self._queued_done in waits:
            self.release()  # someone waits for it now
        return waits

    def hold(self, keys: Iterable[K]) -> None:
        """Queue keys in a batch that goes to the store only at `release()` or when a load needs
        it. Lets a connection queue its count with its page, so sibling connections still share
        one batch, yet send it last, to run while the response is being completed."""
        if self._queued_done is None:
            self._held = True
        self._enqueue(keys)

    def release(self) -> None:
        """Send the held batch (on the next loop turn, after batches queued before this call)."""
        if self._held:
            self._held = False
            if self._queued_done is not None:
                asyncio.get_running_loop().call_soon(self._dispatch)

    def _enqueue(self, keys: Iterable[K]) -> list[asyncio.Future[None]]:
        waits: list[asyncio.Future[None]] = []
        for key in keys:
            if key in self._values or key in self._errors:
                continue
            batch = self._loading.get(key)
            if batch is None:
                batch = self._queue(key)
            if not waits or waits[-1] is not batch:
                waits.append(batch)
        return waits

    def prime_many(self, values: Mapping[K, V]) -> None:
        """Values another load already fetched: later loads of these keys cost nothing. A key
        already loaded or loading keeps what it has or gets."""
        for key, value in values.items():
            if key not in self._values and key not in self._errors and key not in self._loading:
                self._values[key] = value

    # -- batching ------------------------------------------------------------------------------
    def _queue(self, key: K) -> asyncio.Future[None]:
        batch = self._queued_done
        if batch is None:
            loop = asyncio.get_running_loop()
            batch = self._queued_done = loop.create_future()
            if not self._held:
                loop.call_soon(self._dispatch)
        self._queued.append(key)
        self._loading[key] = batch
        return batch

    def _dispatch(self) -> None:
        keys, done = self._queued, self._queued_done
        if done is None:  # already sent
            return
        self._queued, self._queued_done = [], None
        task = asyncio.get_running_loop().create_task(self._run(keys, done))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _run(self, keys: list[K], done: asyncio.Future[None]) -> None:
        try:
            values = await self._load_batch(keys)
            if len(values) != len(keys):
                raise RuntimeError(f"a batch of {len(keys)} keys loaded {len(values)} values")
            self._values.update(zip(keys, values, strict=True))
        except Exception as exc:
            for key in keys:
                self._errors[key] = exc
        finally:
            for key in keys:
                self._loading.pop(key, None)
                if key not in self._values and key not in self._errors:  # the batch was cancelled
                    self._errors[key] = RuntimeError(f"loading {key!r} was cancelled")
            if not done.done():
                done.set_result(None)

    def _result(self, key: K) -> V:
        value = self._values.get(key, MISSING)
        if value is MISSING:
            raise self._errors[key]
        return value


def soon_of(
    loader: BatchLoader[K, V | None], key: K, make: Callable[[V], T]
) -> T | None | Awaitable[T | None]:
    """`make(value)` for a key now when the loader holds it, else an awaitable of it (None for a
    key that has no value): what a relationship field returns so that graphql-core completes a
    prefetched object without a task."""
    value = loader.ready(key)
    if value is MISSING:
        return _made(loader, key, make)
    return None if value is None else make(value)


async def _made(loader: BatchLoader[K, V | None], key: K, make: Callable[[V], T]) -> T | None:
    value = await loader.load(key)
    return None if value is None else make(value)
