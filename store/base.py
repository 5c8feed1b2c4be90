"""The document store seam: one small async interface, two transports behind it.

Like an HTTP client's transport, the rest of claimgraph talks to `Store` and never knows whether
MongoDB or the embedded SQLite file answers. The interface is deliberately small so that both
backends implement exactly the same semantics, and the contract tests in `tests/store/` run
against both.

Filter language (`where`), the only one either backend accepts:

    {"field": value}                  equality; on an array field: the array holds value
    {"field": {"$in": [v1, v2]}}      any of the values (array field: holds any of them)
    {"field": {"$ne": value}}         not equal (a missing field counts as not equal)
    {"field": {"$exists": bool}}      the field is present and not null (or absent/null)
    {"field": {"$gte": number}}       a number at least this large (a missing field or a
                                      non-number never is)
    {"field": {"$contains": "text"}}  case-insensitive substring of a string field, taken
                                      literally: never a regex, never an operator
    dotted paths reach into sub-documents: {"span.start": 10}

Every top-level key of `where` must hold (AND). Keyset pagination orders by (`sort` field, `_id`)
ascending; `after` is the (sort value, _id) pair of the last document already seen.

Each public call is one store operation; it is counted in `operations` by (collection, kind) and
reported to every function in `observers`, which is how the API's N+1 test and its Prometheus
metrics see the store without the store knowing about either.

The event log (`append_events`, `events_after`, `last_event`) records what each write added
(an article ingested, a statement, a relation), appended inside the write's own transaction: a
write that fails or rolls back records nothing, and a committed one never loses its events. After a
commit that appended events, every function in `commit_listeners` is called (the process's own
subscriptions wake at once; other processes find them by polling `last_event`).

Writes happen in transactions (`transaction()`): every read and write the task makes inside one is
part of it and sees its own writes, other readers see none of it until it commits, and a crash
leaves all of it or nothing. Within one process transactions run one at a time (an asyncio lock, so
a read-then-write never interleaves with another writer's); across processes the embedded store's
writer lock does the same. A write called outside any transaction is a transaction of its own.
"""
from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TypeVar

COLLECTIONS = ("articles", "claims", "entities", "relations", "keys", "reviews", "groups")
# The event log: what each committed write added, in commit order, numbered 1, 2, 3, ... (its
# sequence). Not a document collection: appended only inside a write's transaction, read by
# sequence. Every server process tails it to feed its subscriptions.
EVENTS = "events"
EVENT_RETENTION = 10_000  # the newest events kept: how far back a reconnecting client can replay

Where = Mapping[str, Any]
Cursor = tuple[Any, str]  # (sort value, _id) of the last document seen
Observer = Callable[[str, str], None]  # (collection, kind)
T = TypeVar("T")


class StoreError(Exception):
    """A store operation failed for a reason the caller can act on."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (server down, folder gone or unreadable)."""


class StoreLocked(StoreError):
    """Another process is writing to the embedded store (and did not finish within the lock timeout),
    or a concurrent transaction on MongoDB conflicted with this one. Worth retrying shortly."""


class StoreFull(StoreError):
    """The disk under the store, or the store's configured size limit, is full: writes are refused
    (reads still work) until space is freed. Nothing of the refused write is kept."""


async def settle(work: Awaitable[T]) -> T:
    """Await `work` to its end even when the awaiting task is cancelled meanwhile, then let the
    cancellation through. Beginning or ending a transaction must never stop half-way: a begun
    transaction nobody ends would keep the writer lock."""
    future = asyncio.ensure_future(work)
    cancelled = False
    while not future.done():
        try:
            await asyncio.shield(future)
        except asyncio.CancelledError:
            cancelled = cancelled or not future.done()
        except BaseException:
            break  # the work failed: its error is raised below
    if cancelled:
        if not future.cancelled():
            future.exception()  # retrieved, so an error of the work is not reported as unhandled
        raise asyncio.CancelledError
    return future.result()


class Store(ABC):
    """Async document store. Subclasses implement the underscored methods."""

    backend: str = "abstract"
    # Whether a transaction is all-or-nothing for readers and crashes. False only on a MongoDB
    # deployment without multi-document transactions (a standalone server), where a transaction
    # only serialises this process's writers and the write path orders its writes instead.
    atomic: bool = True

    def __init__(self) -> None:
        self.operations: Counter[tuple[str, str]] = Counter()
        self.observers: list[Observer] = []
        # The transaction the current task is in (a backend handle), None outside one. A ContextVar,
        # so tasks started inside a transaction belong to it and every other task reads committed data.
        self._current: ContextVar[Any] = ContextVar(f"claimgraph_tx_{id(self)}", default=None)
        self._write_lock = asyncio.Lock()
        self.full: StoreFull | None = None  # the last write refused for want of space, until one succeeds
        self.commit_listeners: list[Callable[[], None]] = []
        self._appended = False  # whether the transaction under way appended events

    def _count(self, collection: str, kind: str) -> None:
        if collection not in COLLECTIONS and collection != EVENTS:
            raise StoreError(f"unknown collection {collection!r}")
        self.operations[(collection, kind)] += 1
        for observe in self.observers:
            observe(collection, kind)

    @property
    def total_operations(self) -> int:
        return sum(self.operations.values())

    # -- reads ---------------------------------------------------------------------------------
    async def get_many(self, collection: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Documents by `_id`, decoded for this call (the caller may change them); missing ids
        are simply absent from the result."""
        self._count(collection, "get")
        if not ids:
            return {}
        return await self._get_many(collection, list(dict.fromkeys(ids)))

    async def find(
        self,
        collection: str,
        where: Where,
        *,
        sort: str = "_id",
        after: Cursor | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Documents matching `where`, ordered by (sort, _id), strictly after `after`."""
        self._count(collection, "find")
        return await self._find(collection, where, sort=sort, after=after, limit=limit)

    async def find_grouped(
        self,
        collection: str,
        group_field: str,
        keys: Sequence[Any],
        where: Where,
        *,
        sort: str = "_id",
        after: Cursor | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> dict[Any, list[dict[str, Any]]]:
        """For each key, the first `limit` documents whose `group_field` equals (or, for an array
        field, holds) that key and that match `where`, after `after` — in one operation. This is
        what lets a DataLoader fetch a page of statements for 50 actors in one round trip.
        `newest_first`: in descending (sort, _id) order instead, the last `limit` of each key
        (no cursor: pages are read oldest first)."""
        self._count(collection, "find")
        if newest_first and after is not None:
            raise StoreError(f"{collection}: a page after a cursor is read oldest first, not newest_first")
        if not keys:
            return {}
        return await self._find_grouped(
            collection,
            group_field,
            list(dict.fromkeys(keys)),
            where,
            sort=sort,
            after=after,
            limit=limit,
            newest_first=newest_first,
        )

    async def count(self, collection: str, where: Where) -> int:
        self._count(collection, "count")
        return await self._count_docs(collection, where)

    async def count_grouped(
        self, collection: str, group_field: str, keys: Sequence[Any], where: Where
    ) -> dict[Any, int]:
        """How many documents match `where` for each key of `group_field` (0 for none)."""
        self._count(collection, "count")
        if not keys:
            return {}
        return await self._count_grouped(collection, group_field, list(dict.fromkeys(keys)), where)

    # -- writes --------------------------------------------------------------------------------
    async def upsert_many(self, collection: str, docs: Iterable[Mapping[str, Any]]) -> int:
        """Insert or wholly replace documents by `_id`; returns how many were written."""
        self._count(collection, "upsert")
        batch = [dict(d) for d in docs]
        for d in batch:
            if not isinstance(d.get("_id"), str) or not d["_id"]:
                raise StoreError(f"{collection}: every document needs a string _id")
        if not batch:
            return 0
        async with self.transaction():
            return await self._upsert_many(collection, batch)

    async def update_many(self, collection: str, ids: Sequence[str], fields: Mapping[str, Any]) -> int:
        """Set top-level `fields` on the documents with these ids; returns how many matched."""
        self._count(collection, "update")
        if not ids:
            return 0
        async with self.transaction():
            return await self._update_many(collection, list(dict.fromkeys(ids)), dict(fields))

    async def delete_many(self, collection: str, ids: Sequence[str]) -> int:
        self._count(collection, "delete")
        if not ids:
            return 0
        async with self.transaction():
            return await self._delete_many(collection, list(dict.fromkeys(ids)))

    # -- the event log -------------------------------------------------------------------------
    async def append_events(self, events: Sequence[Mapping[str, Any]]) -> list[int]:
        """Append events (JSON-able mappings, each with a `kind`; `at`, the time, is added) to the
        log, inside the current transaction; their sequence numbers. The oldest events past
        EVENT_RETENTION are dropped."""
        if not self.in_transaction:
            raise StoreError("internal: events are appended inside the transaction of their write")
        batch = [dict(e) for e in events]
        if not batch:
            return []
        self._count(EVENTS, "append")
        at = datetime.now(UTC).isoformat(timespec="milliseconds")
        for event in batch:
            if not isinstance(event.get("kind"), str):
                raise StoreError("every event needs a string `kind`")
            event.setdefault("at", at)
        numbers = await self._append_events(batch)
        self._appended = True
        return numbers

    async def events_after(self, seq: int, *, limit: int = 500) -> list[dict[str, Any]]:
        """Events with a sequence above `seq`, oldest first, at most `limit`: each the appended
        mapping plus its `seq`."""
        self._count(EVENTS, "find")
        return await self._events_after(int(seq), max(0, int(limit)))

    async def last_event(self) -> int:
        """The sequence of the newest event (0 when there is none): one indexed look-up."""
        self._count(EVENTS, "last")
        return await self._last_event()

    async def first_event(self) -> int:
        """The sequence of the oldest event still kept (0 when there is none)."""
        self._count(EVENTS, "first")
        return await self._first_event()

    # -- lifecycle -----------------------------------------------------------------------------
    async def ping(self) -> None:
        """Raise StoreUnavailable unless the store answers now."""
        await self._ping()

    @abstractmethod
    async def close(self) -> None: ...

    # -- transactions --------------------------------------------------------------------------
    async def has_room(self) -> bool:
        """Whether writes may succeed, as far as the store can tell: after a StoreFull, until a
        write succeeds again or (embedded store) space is found free. For readiness checks."""
        return self.full is None

    @property
    def in_transaction(self) -> bool:
        """Whether the current task is inside a transaction of this store."""
        return self._current.get() is not None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """One unit of writes (see the module docstring). Inside a transaction of this store, a
        nested one simply joins it. Raises StoreLocked when another process keeps the embedded
        store's writer lock past the lock timeout, StoreFull when the disk is full."""
        if self._current.get() is not None:
            yield
            return
        async with self._write_lock:
            handle = await settle(self._begin())
            self._appended = False
            token = self._current.set(handle)
            try:
                yield
            except BaseException as exc:
                self._current.reset(token)
                # Settled: a cancelled task (a client gone) still rolls back, and releases the
                # writer lock, before the next transaction of this process begins.
                await settle(self._end(handle, commit=False))
                if isinstance(exc, StoreFull):
                    self.full = exc
                raise
            self._current.reset(token)
            try:
                await settle(self._end(handle, commit=True))
            except StoreFull as exc:
                self.full = exc
                raise
            self.full = None
            if self._appended:
                for listener in list(self.commit_listeners):
                    listener()

    @abstractmethod
    async def _begin(self) -> Any:
        """Start a transaction; returns the handle the operations inside it use (never None)."""

    @abstractmethod
    async def _end(self, handle: Any, *, commit: bool) -> None:
        """Commit or roll back, and release whatever _begin took (even when this fails)."""

    def _transaction_handle(self) -> Any:
        """The current task's transaction handle, or None outside a transaction."""
        return self._current.get()

    # -- implementation hooks ------------------------------------------------------------------
    @abstractmethod
    async def _get_many(self, collection: str, ids: list[str]) -> dict[str, dict[str, Any]]: ...

    @abstractmethod
    async def _find(
        self, collection: str, where: Where, *, sort: str, after: Cursor | None, limit: int | None
    ) -> list[dict[str, Any]]: ...

    @abstractmethod
    async def _find_grouped(
        self,
        collection: str,
        group_field: str,
        keys: list[Any],
        where: Where,
        *,
        sort: str,
        after: Cursor | None,
        limit: int | None,
        newest_first: bool = False,
    ) -> dict[Any, list[dict[str, Any]]]: ...

    @abstractmethod
    async def _count_docs(self, collection: str, where: Where) -> int: ...

    @abstractmethod
    async def _count_grouped(
        self, collection: str, group_field: str, keys: list[Any], where: Where
    ) -> dict[Any, int]: ...

    @abstractmethod
    async def _upsert_many(self, collection: str, docs: list[dict[str, Any]]) -> int: ...

    @abstractmethod
    async def _update_many(self, collection: str, ids: list[str], fields: dict[str, Any]) -> int: ...

    @abstractmethod
    async def _delete_many(self, collection: str, ids: list[str]) -> int: ...

    @abstractmethod
    async def _ping(self) -> None: ...

    @abstractmethod
    async def _append_events(self, events: list[dict[str, Any]]) -> list[int]: ...

    @abstractmethod
    async def _events_after(self, seq: int, limit: int) -> list[dict[str, Any]]: ...

    @abstractmethod
    async def _last_event(self) -> int: ...

    @abstractmethod
    async def _first_event(self) -> int: ...
