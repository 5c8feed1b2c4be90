"""The event log, on both backends: appended only inside a transaction, numbered in commit order,
kept only when the transaction commits, read by sequence, bounded, and announced to the commit
listeners after the commit."""

from __future__ import annotations

import pytest

from store import Store
from store.base import EVENT_RETENTION, StoreError


async def test_events_are_numbered_in_order_and_read_after_a_sequence(store: Store) -> None:
    assert await store.last_event() == 0 and await store.first_event() == 0
    async with store.transaction():
        assert await store.append_events([{"kind": "a", "n": 1}, {"kind": "b", "n": 2}]) == [1, 2]
    async with store.transaction():
        assert await store.append_events([{"kind": "c", "n": 3}]) == [3]
    assert await store.last_event() == 3 and await store.first_event() == 1
    assert [{k: v for k, v in e.items() if k != "at"} for e in await store.events_after(0)] == [
        {"kind": "a", "n": 1, "seq": 1},
        {"kind": "b", "n": 2, "seq": 2},
        {"kind": "c", "n": 3, "seq": 3},
    ]
    assert [e["seq"] for e in await store.events_after(1, limit=1)] == [2]
    assert await store.events_after(3) == []


async def test_a_rolled_back_write_records_no_event(store: Store) -> None:
    heard: list[int] = []
    store.commit_listeners.append(lambda: heard.append(1))
    with pytest.raises(RuntimeError):
        async with store.transaction():
            await store.upsert_many("articles", [{"_id": "art_0000000000000001", "order": "1"}])
            await store.append_events([{"kind": "articleIngested"}])
            raise RuntimeError("the write failed after its events were appended")
    if store.atomic:
        assert await store.last_event() == 0 and await store.events_after(0) == []
    assert heard == []  # nobody is told of a write that did not commit
    async with store.transaction():
        await store.append_events([{"kind": "articleIngested"}])
    assert heard == [1]
    async with store.transaction():  # a write without events wakes nobody
        await store.upsert_many("articles", [{"_id": "art_0000000000000002", "order": "2"}])
    assert heard == [1]


async def test_events_are_appended_only_inside_a_transaction(store: Store) -> None:
    with pytest.raises(StoreError, match="inside the transaction"):
        await store.append_events([{"kind": "a"}])
    async with store.transaction():
        with pytest.raises(StoreError, match="kind"):
            await store.append_events([{"no": "kind"}])


async def test_the_log_keeps_the_newest_events_only(store: Store) -> None:
    async with store.transaction():
        await store.append_events([{"kind": "x"}] * (EVENT_RETENTION + 5))
    assert await store.last_event() == EVENT_RETENTION + 5
    assert await store.first_event() == 6
    assert [e["seq"] for e in await store.events_after(0, limit=2)] == [6, 7]
