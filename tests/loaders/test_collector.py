"""loaders.collector: the cyclic garbage collector is off while write transactions are under way,
and back as it was once the last of them ends, however they end."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loaders.collector import collector_paused
from loaders.model import Article
from loaders.read import read_paths
from loaders.write import write_articles
from store.base import Store, StoreUnavailable

from .test_write import write_partner_corpus


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_off_inside_and_on_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_on_again_after_an_error() -> None:
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("boom")
    assert gc.isenabled()


def test_overlapping_writes_keep_it_off_until_the_last_ends() -> None:
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first to start ends first
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_left_off_when_it_was_off_before() -> None:
    gc.disable()
    with collector_paused(), collector_paused():
        pass
    assert not gc.isenabled()


async def test_a_write_runs_with_it_off_and_ends_with_it_on(loader_store: Store, tmp_path: Path) -> None:
    items: list[Any] = [
        (a, a.extraction) for a in read_paths(write_partner_corpus(tmp_path, 3)) if isinstance(a, Article)
    ]
    seen: list[bool] = []
    upsert_many = loader_store.upsert_many

    async def watched(collection: str, docs: Any) -> int:
        seen.append(gc.isenabled())
        await asyncio.sleep(0)  # other tasks run meanwhile; the collector stays off
        return await upsert_many(collection, docs)

    loader_store.upsert_many = watched  # type: ignore[method-assign]
    await asyncio.gather(write_articles(loader_store, items[:2]), write_articles(loader_store, items[2:]))
    assert seen and not any(seen)
    assert gc.isenabled()
    assert len(await loader_store.find("articles", {})) == 3


async def test_a_failed_write_ends_with_it_on(loader_store: Store, tmp_path: Path) -> None:
    items: list[Any] = [
        (a, a.extraction) for a in read_paths(write_partner_corpus(tmp_path, 1)) if isinstance(a, Article)
    ]

    async def unavailable(collection: str, docs: Any) -> int:
        raise StoreUnavailable("the disk went away")

    loader_store.upsert_many = unavailable  # type: ignore[method-assign]
    with pytest.raises(StoreUnavailable):
        await write_articles(loader_store, items)
    assert gc.isenabled()
