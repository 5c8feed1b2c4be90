"""Both backends behind one fixture: the contract suite runs every test against each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from store import Store, open_store
from store.testing import mongomock_client


@pytest.fixture(params=["sqlite", "mongodb"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    if request.param == "sqlite":
        opened = await open_store(data_dir=tmp_path / "data")
    else:
        opened = await open_store(mongo_client=mongomock_client(), db_name="claimgraph_test")
    assert opened.backend == request.param
    try:
        yield opened
    finally:
        await opened.close()
