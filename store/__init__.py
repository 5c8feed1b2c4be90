"""The document store seam: `open_store` picks MongoDB or the embedded SQLite store; everything else
talks to the `Store` interface of store.base."""

from __future__ import annotations

import os

from store.base import Store, StoreError, StoreFull, StoreLocked, StoreUnavailable

__all__ = ["Store", "StoreError", "StoreFull", "StoreLocked", "StoreUnavailable", "open_store"]


async def open_store(
    *,
    mongodb_uri: str | None = None,
    data_dir: str | os.PathLike[str] = ".claimgraph",
    db_name: str | None = None,
    mongo_client: object | None = None,
    lock_timeout: float = 0.0,
    max_bytes: int | None = None,
) -> Store:
    """MongoDB when a URI or an injected client is given (its indexes are created now), else the
    embedded SQLite store under data_dir, created if missing, at most `max_bytes` large when given.
    Raises StoreUnavailable when the server or folder cannot be reached."""
    if mongodb_uri or mongo_client is not None:
        from store.mongo import MongoStore

        return await MongoStore.open(mongodb_uri, db_name=db_name, client=mongo_client)
    from store.sqlite import SqliteStore

    return await SqliteStore.open(data_dir, lock_timeout=lock_timeout, max_bytes=max_bytes)
