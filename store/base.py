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
    {"field": {"$contains": "text"}}  case-insensitive substring of a string field, taken
                                      literally: never a regex, never an operator
    dotted paths reach into sub-documents: {"span.start": 10}

Every top-level key of `where` must hold (AND). Keyset pagination orders by (`sort` field, `_id`)
ascending; `after` is the (sort value, _id) pair of the last document already seen.

Each public call is one store operation; it is counted in `operations` by (collection, kind) and
reported to every function in `observers`, which is how the API's N+1 test and its Prometheus
metrics see the store without the store knowing about either.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

COLLECTIONS = ("articles", "claims", "entities", "relations", "keys", "reviews")

Where = Mapping[str, Any]
Cursor = tuple[Any, str]  # (sort value, _id) of the last document seen
Observer = Callable[[str, str], None]  # (collection, kind)


class StoreError(Exception):
    """A store operation failed for a reason the caller can act on."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (server down, folder gone or unreadable)."""


class StoreLocked(StoreError):
    """Another process is writing to the embedded store."""


class Store(ABC):
    """Async document store. Subclasses implement the underscored methods."""

    backend: str = "abstract"

    def __init__(self) -> None:
        self.operations: Counter[tuple[str, str]] = Counter()
        self.observers: list[Observer] = []

    def _count(self, collection: str, kind: str) -> None:
        if collection not in COLLECTIONS:
            raise StoreError(f"unknown collection {collection!r}")
        self.operations[(collection, kind)] += 1
        for observe in self.observers:
            observe(collection, kind)

    @property
    def total_operations(self) -> int:
        return sum(self.operations.values())

    # -- reads ---------------------------------------------------------------------------------
    async def get_many(self, collection: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Documents by `_id`; missing ids are simply absent from the result."""
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
    ) -> dict[Any, list[dict[str, Any]]]:
        """For each key, the first `limit` documents whose `group_field` equals (or, for an array
        field, holds) that key and that match `where`, after `after` — in one operation. This is
        what lets a DataLoader fetch a page of statements for 50 actors in one round trip."""
        self._count(collection, "find")
        if not keys:
            return {}
        return await self._find_grouped(
            collection, group_field, list(dict.fromkeys(keys)), where, sort=sort, after=after, limit=limit
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
        return await self._upsert_many(collection, batch)

    async def update_many(self, collection: str, ids: Sequence[str], fields: Mapping[str, Any]) -> int:
        """Set top-level `fields` on the documents with these ids; returns how many matched."""
        self._count(collection, "update")
        if not ids:
            return 0
        return await self._update_many(collection, list(dict.fromkeys(ids)), dict(fields))

    async def delete_many(self, collection: str, ids: Sequence[str]) -> int:
        self._count(collection, "delete")
        if not ids:
            return 0
        return await self._delete_many(collection, list(dict.fromkeys(ids)))

    # -- lifecycle -----------------------------------------------------------------------------
    async def ping(self) -> None:
        """Raise StoreUnavailable unless the store answers now."""
        await self._ping()

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    def writing(self) -> Any:
        """Async context manager around a write session (a whole load, one mutation). The embedded
        store takes its single-writer file lock here and raises StoreLocked when another process
        holds it; MongoDB needs no lock and just yields."""

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
