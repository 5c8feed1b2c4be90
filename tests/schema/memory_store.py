"""An in-memory Store for the schema tests: the filter language of store/base.py over dicts.

A test double only (no indexes, no persistence), used while the embedded store is not in the
tree; the fixtures prefer `store.open_store` whenever it exists.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from contextlib import asynccontextmanager
from typing import Any

from store.base import COLLECTIONS, Cursor, Store, Where

MISSING = object()


def _get(doc: Mapping[str, Any], path: str) -> Any:
    value: Any = doc
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return MISSING
        value = value[part]
    return value


def _equals(value: Any, wanted: Any) -> bool:
    if isinstance(value, list):
        return wanted in value
    return value is not MISSING and value == wanted


def _matches(doc: Mapping[str, Any], where: Where) -> bool:
    for path, cond in where.items():
        value = _get(doc, path)
        if isinstance(cond, Mapping):
            for op, operand in cond.items():
                if op == "$in":
                    ok = any(_equals(value, v) for v in operand)
                elif op == "$ne":
                    ok = not _equals(value, operand)
                elif op == "$exists":
                    ok = (value is not MISSING and value is not None) == bool(operand)
                elif op == "$contains":
                    ok = isinstance(value, str) and str(operand).casefold() in value.casefold()
                else:
                    raise ValueError(f"unknown operator {op}")
                if not ok:
                    return False
        elif not _equals(value, cond):
            return False
    return True


def _sort_key(doc: Mapping[str, Any], sort: str) -> tuple[str, str]:
    value = _get(doc, sort)
    return ("" if value is MISSING or value is None else str(value), doc["_id"])


class MemoryStore(Store):
    backend = "memory"

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, dict[str, dict[str, Any]]] = {c: {} for c in COLLECTIONS}

    async def close(self) -> None:
        return None

    @asynccontextmanager
    async def writing(self) -> Any:
        yield self

    def _select(
        self, collection: str, where: Where, sort: str, after: Cursor | None, limit: int | None
    ) -> list[dict[str, Any]]:
        docs = sorted(
            (d for d in self.data[collection].values() if _matches(d, where)),
            key=lambda d: _sort_key(d, sort),
        )
        if after is not None:
            position = ("" if after[0] is None else str(after[0]), after[1])
            docs = [d for d in docs if _sort_key(d, sort) > position]
        return [copy.deepcopy(d) for d in docs[:limit]] if limit is not None else copy.deepcopy(docs)

    async def _get_many(self, collection: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        return {i: copy.deepcopy(self.data[collection][i]) for i in ids if i in self.data[collection]}

    async def _find(
        self, collection: str, where: Where, *, sort: str, after: Cursor | None, limit: int | None
    ) -> list[dict[str, Any]]:
        return self._select(collection, where, sort, after, limit)

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
    ) -> dict[Any, list[dict[str, Any]]]:
        return {k: self._select(collection, {**where, group_field: k}, sort, after, limit) for k in keys}

    async def _count_docs(self, collection: str, where: Where) -> int:
        return len(self._select(collection, where, "_id", None, None))

    async def _count_grouped(
        self, collection: str, group_field: str, keys: list[Any], where: Where
    ) -> dict[Any, int]:
        return {k: len(self._select(collection, {**where, group_field: k}, "_id", None, None)) for k in keys}

    async def _upsert_many(self, collection: str, docs: list[dict[str, Any]]) -> int:
        for doc in docs:
            self.data[collection][doc["_id"]] = copy.deepcopy(doc)
        return len(docs)

    async def _update_many(self, collection: str, ids: list[str], fields: dict[str, Any]) -> int:
        hit = [i for i in ids if i in self.data[collection]]
        for i in hit:
            self.data[collection][i].update(copy.deepcopy(fields))
        return len(hit)

    async def _delete_many(self, collection: str, ids: list[str]) -> int:
        return sum(self.data[collection].pop(i, None) is not None for i in ids)

    async def _ping(self) -> None:
        return None
