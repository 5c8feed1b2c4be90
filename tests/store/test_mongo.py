"""What only the MongoDB backend does: reaching (or failing to reach) a server, choosing the
database, creating indexes, and the exact queries it sends."""

from __future__ import annotations

import gc
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from pymongo import ReplaceOne

from store import StoreError, StoreUnavailable, open_store
from store.mongo import MongoStore
from store.mongo_query import keyset, mongo_query
from store.testing import mongomock_client, patch_mongomock_bulk_sort


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# PyMongo's async connection setup leaves the socket of a refused connection to the garbage
# collector (driver issue PYTHON-5867, "close sockets ... during async connection creation"). Collect
# it inside the test that caused it, where the ResourceWarning is expected, so it cannot surface as
# an "unraisable exception" in whichever test happens to run next.
refused_socket_leak = pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning")


@pytest.fixture
def collect_leaked_sockets() -> Iterator[None]:
    yield
    gc.collect()


@refused_socket_leak
@pytest.mark.usefixtures("collect_leaked_sockets")
async def test_unreachable_server_gives_store_unavailable_from_ping_and_find() -> None:
    port = closed_port()
    store = MongoStore.connect(f"mongodb://127.0.0.1:{port}/claimgraph", server_selection_timeout_ms=300)
    try:
        with pytest.raises(StoreUnavailable, match=f"127.0.0.1:{port} is unreachable"):
            await store.ping()
        with pytest.raises(StoreUnavailable, match="unreachable while reading claims"):
            await store.find("claims", {"speaker_id": "ent_a"}, sort="order", limit=5)
        with pytest.raises(StoreUnavailable):
            await store.upsert_many("claims", [{"_id": "clm_1"}])
    finally:
        await store.close()


@refused_socket_leak
@pytest.mark.usefixtures("collect_leaked_sockets")
async def test_open_store_on_an_unreachable_server_fails_clearly() -> None:
    port = closed_port()
    with pytest.raises(StoreUnavailable, match="creating indexes"):
        await open_store(mongodb_uri=f"mongodb://127.0.0.1:{port}/?serverSelectionTimeoutMS=300")


async def test_database_comes_from_the_uri_then_db_name_then_default() -> None:
    stores = [
        MongoStore.connect("mongodb://127.0.0.1:1/from_uri", db_name="ignored"),
        MongoStore.connect("mongodb://127.0.0.1:1", db_name="from_setting"),
        MongoStore.connect("mongodb://127.0.0.1:1/"),
    ]
    try:
        assert [s.db.name for s in stores] == ["from_uri", "from_setting", "claimgraph"]
        assert stores[0].where == "MongoDB at 127.0.0.1:1"
    finally:
        for s in stores:
            await s.close()


def test_an_invalid_uri_is_refused_with_the_reason() -> None:
    with pytest.raises(StoreError, match="invalid MongoDB URI"):
        MongoStore.connect("http://example.com/")
    with pytest.raises(StoreError, match="URI is needed"):
        MongoStore.connect("")


async def test_opening_creates_the_indexes() -> None:
    client = mongomock_client()
    store = await open_store(mongo_client=client, db_name="idx")
    try:
        claims = await store.db["claims"].index_information()  # type: ignore[attr-defined]
        assert claims["speaker_id__order___id"]["key"] == [("speaker_id", 1), ("order", 1), ("_id", 1)]
        assert claims["mention_ids__order___id"]["key"][0] == ("mention_ids", 1)
        entities = await store.db["entities"].index_information()  # type: ignore[attr-defined]
        assert "names_norm__order___id" in entities
        keys = await store.db["keys"].index_information()  # type: ignore[attr-defined]
        assert keys["hash___id"]["key"] == [("hash", 1), ("_id", 1)]
    finally:
        await store.close()


def test_user_text_only_ever_becomes_a_value() -> None:
    assert mongo_query({"text": {"$contains": "a.*(b)$where"}}) == {
        "text": {"$regex": r"a\.\*\(b\)\$where", "$options": "i"}
    }
    assert mongo_query({"cue": {"$exists": True}, "kind": "DIRECT"}) == {
        "$and": [{"cue": {"$ne": None}}, {"kind": "DIRECT"}]
    }
    with pytest.raises(StoreError):
        mongo_query({"text": {"$where": "sleep(100)"}})
    with pytest.raises(StoreError):
        mongo_query({"$or": [{"a": 1}]})


def test_keyset_condition() -> None:
    assert keyset("order", ("o1", "clm_1")) == {
        "$or": [{"order": {"$gt": "o1"}}, {"order": "o1", "_id": {"$gt": "clm_1"}}]
    }
    assert keyset("_id", ("clm_1", "clm_1")) == {"_id": {"$gt": "clm_1"}}
    assert keyset("order", None) is None


async def test_upsert_many_is_one_unordered_bulk_write_of_replacements(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = await open_store(mongo_client=mongomock_client(), db_name="bulk")
    assert isinstance(store, MongoStore)
    collection_type = type(store.db["claims"])  # type(), not __class__: mongomock-motor masquerades
    original = collection_type.bulk_write
    calls: list[tuple[list[Any], dict[str, Any]]] = []

    async def spy(self: Any, requests: list[Any], **kwargs: Any) -> Any:
        calls.append((requests, kwargs))
        return await original(self, requests, **kwargs)

    monkeypatch.setattr(collection_type, "bulk_write", spy)
    try:
        docs = [{"_id": f"clm_{n}", "order": str(n)} for n in range(3)]
        assert await store.upsert_many("claims", docs) == 3
        assert len(calls) == 1
        requests, kwargs = calls[0]
        assert [type(r) for r in requests] == [ReplaceOne] * 3 and kwargs == {"ordered": False}
        assert await store.count("claims", {}) == 3
    finally:
        await store.close()


def test_the_mongomock_shim_refuses_a_sort_it_cannot_apply() -> None:
    import mongomock

    patch_mongomock_bulk_sort()
    collection: Any = mongomock.MongoClient()["shim"]["claims"]
    collection.bulk_write([ReplaceOne({"_id": "a"}, {"_id": "a", "v": 1}, upsert=True)])
    assert collection.find_one({"_id": "a"}) == {"_id": "a", "v": 1}
    with pytest.raises(NotImplementedError, match="sort"):
        collection.bulk_write([ReplaceOne({"_id": "a"}, {"_id": "a"}, upsert=True, sort={"order": 1})])
