"""loaders.corroboration against the embedded store: what a statement group's count is written to."""

from __future__ import annotations

from typing import Any

import pytest

from loaders.corroboration import COUNTED_ON_CLAIMS, recount_members
from store.base import Store


def _claim(n: int, group: str, sources: int | None) -> dict[str, Any]:
    doc: dict[str, Any] = {"_id": f"clm_{group}_{n}", "order": f"2026-01-0{1 + n % 9}|{n}", "same_id": group}
    if sources is not None:
        doc["independent_sources"] = sources
        doc["sources_rank"] = -sources
    return doc


async def test_members_take_their_groups_count_and_only_stale_ones_are_rewritten(
    loader_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = [
        _claim(0, "sam_a", 2),  # right already
        _claim(1, "sam_a", 1),  # stale
        _claim(2, "sam_a", None),  # written before counts existed
        _claim(3, "sam_b", 5),  # stale: its group counts more than the cap
        _claim(4, "sam_b", COUNTED_ON_CLAIMS),
        _claim(5, "sam_c", 1),  # a group not recounted keeps what it says
    ]
    async with loader_store.transaction():
        await loader_store.upsert_many("claims", members)
    read: list[str] = []
    rewritten: list[str] = []
    find_grouped, update_many = loader_store.find_grouped, loader_store.update_many

    async def spy_find(*args: Any, **kwargs: Any) -> dict[Any, list[dict[str, Any]]]:
        found = await find_grouped(*args, **kwargs)
        read.extend(d["_id"] for docs in found.values() for d in docs)
        return found

    async def spy_update(collection: str, ids: Any, fields: Any) -> int:
        rewritten.extend(ids)
        return await update_many(collection, ids, fields)

    monkeypatch.setattr(loader_store, "find_grouped", spy_find)
    monkeypatch.setattr(loader_store, "update_many", spy_update)
    async with loader_store.transaction():
        await recount_members(loader_store, {"sam_a": {"independent": 2}, "sam_b": {"independent": 40}})

    # Members already right are neither rewritten nor read back (a big group is read per origin).
    assert sorted(read) == sorted(rewritten) == ["clm_sam_a_1", "clm_sam_a_2", "clm_sam_b_3"]
    stored = {d["_id"]: d for d in await loader_store.find("claims", {})}
    expected = {"clm_sam_a_": 2, "clm_sam_b_": COUNTED_ON_CLAIMS, "clm_sam_c_": 1}
    for claim_id, doc in stored.items():
        n = expected[claim_id[:-1]]
        assert (doc["independent_sources"], doc["sources_rank"]) == (n, -n), claim_id


async def test_no_groups_reads_nothing(loader_store: Store) -> None:
    before = loader_store.total_operations
    await recount_members(loader_store, {})
    assert loader_store.total_operations == before
