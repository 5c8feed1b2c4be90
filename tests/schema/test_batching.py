"""BatchLoader: the DataLoader semantics the schema relies on (one batch per loop turn, one load
per key per request, failures reported to every caller) and `ready` for synchronous reads."""

from __future__ import annotations

import asyncio

import pytest

from schema.batching import MISSING, BatchLoader


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.batches: list[list[str]] = []
        self.fail = fail

    async def __call__(self, keys: list[str]) -> list[str | None]:
        self.batches.append(list(keys))
        await asyncio.sleep(0)
        if self.fail:
            raise ConnectionError("store down")
        return [k.upper() if k != "none" else None for k in keys]


async def test_loads_in_one_turn_are_one_batch_and_each_key_loads_once() -> None:
    source = Recorder()
    loader = BatchLoader(source)
    first, second, third = await asyncio.gather(
        loader.load("a"), loader.load_many(["b", "a", "none"]), loader.load("b")
    )
    assert (first, second, third) == ("A", ["B", "A", None], "B")
    assert source.batches == [["a", "b", "none"]]
    assert await loader.load_many(["a", "c"]) == ["A", "C"]
    assert source.batches[1:] == [["c"]]


async def test_ready_answers_without_waiting() -> None:
    loader = BatchLoader(Recorder())
    assert loader.ready("a") is MISSING
    waits = loader.request(["a", "none"])
    assert loader.ready("a") is MISSING  # queued, not loaded
    for batch in waits:
        await batch
    assert loader.ready("a") == "A"
    assert loader.ready("none") is None  # loaded: there is no such document
    assert loader.ready_many(["a", "none"]) == ["A", None]
    assert loader.ready_many(["a", "b"]) is MISSING


async def test_primed_values_cost_nothing_and_never_override_a_load() -> None:
    source = Recorder()
    loader = BatchLoader(source)
    assert await loader.load("a") == "A"
    loader.prime_many({"a": "stale", "b": "primed"})
    assert await loader.load_many(["a", "b"]) == ["A", "primed"]
    assert source.batches == [["a"]]


async def test_a_failed_batch_fails_every_key_for_every_caller() -> None:
    source = Recorder(fail=True)
    loader = BatchLoader(source)
    results = await asyncio.gather(loader.load("a"), loader.load("b"), return_exceptions=True)
    assert all(isinstance(r, ConnectionError) for r in results)
    assert loader.ready("a") is MISSING
    with pytest.raises(ConnectionError, match="store down"):
        await loader.load("a")
    assert source.batches == [["a", "b"]]  # not retried within the request


async def test_a_batch_of_the_wrong_length_is_an_error() -> None:
    async def short(keys: list[str]) -> list[str]:
        return keys[:1]

    loader = BatchLoader(short)
    with pytest.raises(RuntimeError, match="a batch of 2 keys loaded 1 values"):
        await loader.load_many(["a", "b"])


async def test_held_keys_wait_for_release_and_share_one_batch() -> None:
    source = Recorder()
    loader = BatchLoader(source)
    loader.hold(["a"])
    loader.hold(["b"])  # a sibling, same turn: same batch
    for _ in range(3):
        await asyncio.sleep(0)
    assert source.batches == []  # held: nothing sent yet
    loader.release()
    loader.release()  # a second sibling releasing is harmless
    assert await loader.load_many(["a", "b"]) == ["A", "B"]
    assert source.batches == [["a", "b"]]


async def test_loading_a_held_key_sends_its_batch() -> None:
    source = Recorder()
    loader = BatchLoader(source)
    loader.hold(["a"])
    assert await asyncio.wait_for(loader.load("a"), timeout=5) == "A"
    assert source.batches == [["a"]]
