"""Fixtures for the loader tests: the real embedded store in a temporary folder, hand-built
extractions, and a snapshot of everything stored (to compare loads with each other)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from store import open_store
from store.base import COLLECTIONS, Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
async def loader_store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await open_store(data_dir=tmp_path / "store")
    try:
        yield store
    finally:
        await store.close()


async def snapshot(store: Store) -> dict[str, dict[str, dict[str, Any]]]:
    """Every stored document, by collection and id (reviews left out: they carry a time)."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for name in COLLECTIONS:
        if name in ("keys", "reviews"):
            continue
        out[name] = {d["_id"]: d for d in await store.find(name, {})}
    return out
