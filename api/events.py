"""Live events for this process's subscriptions: one `EventHub` tails the store's event log and hands
every event to each subscription, and `ConnectionLimits` counts the streaming connections of each
API key.

The log is the only source (store.base): a write in any process, `claimgraph load` included,
reaches every subscriber of every process, and a subscriber always reads events in sequence order,
with none missing and none twice. The hub polls the newest sequence (`last_event`: one indexed
look-up on a reader connection) every `poll_seconds` while it has subscribers, and not at all
without; a commit in this process wakes it at once (the store's commit listeners).

The hub reads each new event once and keeps the newest RECENT in memory. Each subscription keeps
its own position and takes the events after it from memory when memory holds the next one, else
from the log (a reconnecting client's `after`, a slow reader left behind): so it never misses one
or gets one twice, and a busy hub never queues without bound for a slow client.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections import Counter, deque
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from store.base import Store, StoreError

logger = logging.getLogger("claimgraph.api")

RECENT = 1000  # the newest events the hub keeps in memory for its subscriptions
PAGE = 500  # events read from the log at a time


class EventHub:
    """schema.context.EventFeed over the store's event log, shared by every subscription of the
    process (api.app makes one)."""

    def __init__(self, store_of: Callable[[], Awaitable[Store]], *, poll_seconds: float = 0.5) -> None:
        self.store_of = store_of
        self.poll_seconds = poll_seconds
        self._subscribers = 0
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._tick = asyncio.Event()  # set (and replaced) whenever new events are in `_recent`
        self._recent: deque[dict[str, Any]] = deque(maxlen=RECENT)  # consecutive sequences
        self._newest: int | None = None  # the newest sequence the hub has read
        self._listening: Store | None = None
        self.polls = 0  # how many times the hub looked for new events (tests and the README's figure)

    @property
    def subscribers(self) -> int:
        return self._subscribers

    async def check_after(self, after: int) -> None:
        store = await self.store_of()
        newest = await store.last_event()
        if after > newest:
            raise ValueError(f"after: there is no event {after} (the newest is {newest})")
        oldest = await store.first_event()
        if oldest and after < oldest - 1:
            raise ValueError(
                f"after: event {after} is older than the oldest event kept ({oldest}), so what came "
                "after it cannot be replayed; query the graph again, then subscribe without `after`"
            )

    async def stream(self, after: int | None) -> AsyncIterator[dict[str, Any]]:
        store = await self.store_of()
        self._subscribers += 1
        self._start(store)
        try:
            position = after if after is not None else await store.last_event()
            while True:
                tick = self._tick  # taken before looking: an event arriving meanwhile sets it
                if self._newest is not None and position >= self._newest:
                    await tick.wait()
                    continue
                events = self._held_after(position)
                if events is None:  # not in memory (a replay, or a slow reader): from the log
                    events = await store.events_after(position, limit=PAGE)
                    if not events:
                        await tick.wait()
                        continue
                for event in events:
                    position = event["seq"]
                    yield event
        finally:
            self._subscribers -= 1

    def _held_after(self, position: int) -> list[dict[str, Any]] | None:
        """The events after `position` when memory holds the next one, else None."""
        if not self._recent or not self._recent[0]["seq"] <= position + 1 <= self._recent[-1]["seq"]:
            return None
        start = position + 1 - self._recent[0]["seq"]
        return list(itertools.islice(self._recent, start, None))

    def _start(self, store: Store) -> None:
        if self._listening is not store:
            if self._listening is not None:
                with contextlib.suppress(ValueError):
                    self._listening.commit_listeners.remove(self._wake.set)
            store.commit_listeners.append(self._wake.set)
            self._listening = store
            self._recent.clear()
            self._newest = None
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._tail(store))

    async def _tail(self, store: Store) -> None:
        """Read new events into memory and tell the subscribers, while there are any."""
        while self._subscribers:
            try:
                self.polls += 1
                newest = await store.last_event()
                if self._newest is None:
                    self._newest = newest
                while self._newest < newest:
                    batch = await store.events_after(self._newest, limit=PAGE)
                    if not batch:
                        break
                    self._recent.extend(batch)
                    self._newest = batch[-1]["seq"]
                self._tick.set()  # every poll: a subscriber that started meanwhile looks again
                self._tick = asyncio.Event()
            except StoreError as exc:  # the store is down: subscribers wait, the hub retries
                logger.warning("event log unavailable, retrying: %s", exc)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
        self._task = None
        self._recent.clear()  # stale once nobody follows: the next subscriber starts afresh
        self._newest = None

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._listening is not None:
            with contextlib.suppress(ValueError):
                self._listening.commit_listeners.remove(self._wake.set)
            self._listening = None


class ConnectionLimits:
    """Streaming connections (WebSocket and server-sent events) per API key, anonymous clients
    counted together per address."""

    def __init__(self, per_key: int) -> None:
        self.per_key = per_key
        self.open: Counter[str] = Counter()

    def available(self, holder: str) -> bool:
        return self.open[holder] < self.per_key

    def acquire(self, holder: str) -> bool:
        if self.open[holder] >= self.per_key:
            return False
        self.open[holder] += 1
        return True

    def release(self, holder: str) -> None:
        self.open[holder] -= 1
        if self.open[holder] <= 0:
            del self.open[holder]
