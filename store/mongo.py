"""The MongoDB backend: PyMongo's AsyncMongoClient (Motor's official successor).

The filter language is translated operator by operator from store.where's parsed conditions, so
user text only ever becomes a value: `$contains` is an escaped, case-insensitive regex, never the
caller's pattern. Grouped reads are one aggregate each. Network failures become StoreUnavailable;
the driver reconnects by itself when the server is back, so the store needs no reopening.

Transactions (store.base): on a replica set or a sharded cluster, each is a multi-document
transaction in a session of its own, and every read and write inside it passes that session, so an
article and everything it changes commit together. A standalone server has no transactions: there
the transaction only serialises this process's writers, each write is applied at once, and the
write path orders its writes so that no reader ever meets a claim without its article (`atomic` is
False; see loaders.write). Orphans left by older versions are removed once, when the store opens.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pymongo import ASCENDING, DESCENDING, AsyncMongoClient, ReplaceOne, ReturnDocument
from pymongo.errors import ConnectionFailure, OperationFailure, PyMongoError
from pymongo.uri_parser import parse_uri

from store.base import (
    COLLECTIONS,
    EVENT_RETENTION,
    EVENTS,
    Cursor,
    Store,
    StoreError,
    StoreFull,
    StoreLocked,
    StoreUnavailable,
    Where,
)
from store.mongo_query import GROUP, group_pipeline, index_specs, keyset, mongo_query, sort_field, sort_spec
from store.where import (
    check_limit,
    check_update_fields,
)

DEFAULT_DB = "claimgraph"
SERVER_SELECTION_TIMEOUT_MS = 2000
# Server error codes that mean "not reachable right now" rather than "bad request".
_UNAVAILABLE_CODES = frozenset({6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436})
_OUT_OF_SPACE_CODES = frozenset({14031})  # OutOfDiskSpace
REPAIRED = "orphans_removed"  # the marker document in `meta` once an older store was repaired


class MongoStore(Store):
    backend = "mongodb"

    def __init__(self, client: Any, db_name: str, *, owns_client: bool, where: str = "MongoDB") -> None:
        super().__init__()
        self.client = client
        self.db = client[db_name]
        self.where = where  # for messages: the server address, never the credentials
        self._owns_client = owns_client
        self.atomic = False  # set by open(): whether the deployment runs multi-document transactions

    @classmethod
    async def open(
        cls,
        uri: str | None = None,
        *,
        db_name: str | None = None,
        client: Any = None,
        server_selection_timeout_ms: int = SERVER_SELECTION_TIMEOUT_MS,
    ) -> MongoStore:
        """Connect (or adopt an injected client) and create the indexes. The database is the URI's
        path, else db_name, else "claimgraph"."""
        if client is not None:
            store = cls(client, db_name or DEFAULT_DB, owns_client=False)
        else:
            store = cls.connect(
                uri or "", db_name=db_name, server_selection_timeout_ms=server_selection_timeout_ms
            )
        try:
            await store.create_indexes()
            store.atomic = await store._supports_transactions()
            await store.remove_orphans()
        except BaseException:
            await store.close()
            raise
        return store

    async def _ids(self, collection: str, query: dict[str, Any]) -> set[str]:
        return {d["_id"] for d in await self.db[collection].find(query, {"_id": 1}).to_list(None)}

    async def _supports_transactions(self) -> bool:
        """A replica set member or a mongos answers `hello` with setName or msg "isdbgrid"."""
        try:
            hello = await self.db.command("hello")
        except (PyMongoError, NotImplementedError, KeyError, TypeError):
            return False  # an old server, or a test double that does not know the command
        return bool(hello.get("setName")) or hello.get("msg") == "isdbgrid"

    async def remove_orphans(self) -> dict[str, int]:
        """Once per database: delete claims whose article is missing and relations whose claims are
        missing (an older, non-atomic version could leave them), and set the `contradicted` flag of
        the claims that lost a contradicting relation. Done again only if the marker is gone."""
        with self._errors("checking for orphans"):
            if await self.db["meta"].find_one({"_id": REPAIRED}):
                return {"claims": 0, "relations": 0}
            article_ids = [i for i in await self.db["claims"].distinct("article_id") if isinstance(i, str)]
            present = await self._ids("articles", {"_id": {"$in": article_ids}})
            missing = [i for i in article_ids if i not in present]
            gone = await self._ids("claims", {"article_id": {"$in": missing}})
            claims = 0
            if gone:
                claims = (await self.db["claims"].delete_many({"_id": {"$in": sorted(gone)}})).deleted_count
            ends: set[str] = set()
            for end in ("from_claim", "to_claim"):
                ends |= {e for e in await self.db["relations"].distinct(end) if isinstance(e, str)}
            alive = await self._ids("claims", {"_id": {"$in": sorted(ends)}})
            dead = sorted(ends - alive)
            dangling = await self.db["relations"].find(
                {"$or": [{"from_claim": {"$in": dead}}, {"to_claim": {"$in": dead}}]}
            ).to_list(None)
            relations = 0
            if dangling:
                relations = (
                    await self.db["relations"].delete_many({"_id": {"$in": [r["_id"] for r in dangling]}})
                ).deleted_count
            for target in sorted({r["to_claim"] for r in dangling if r["to_claim"] in alive}):
                still = await self.db["relations"].count_documents(
                    {"to_claim": target, "type": "CONTRADICTS", "status": "active"}
                )
                await self.db["claims"].update_one({"_id": target}, {"$set": {"contradicted": still > 0}})
            await self.db["meta"].replace_one({"_id": REPAIRED}, {"_id": REPAIRED}, upsert=True)
        return {"claims": int(claims), "relations": int(relations)}

    @classmethod
    def connect(
        cls,
        uri: str,
        *,
        db_name: str | None = None,
        server_selection_timeout_ms: int = SERVER_SELECTION_TIMEOUT_MS,
    ) -> MongoStore:
        """A store on its own client, without touching the server yet (the driver connects lazily).
        A serverSelectionTimeoutMS in the URI wins over the default."""
        if not uri:
            raise StoreError("a MongoDB URI is needed (e.g. mongodb://127.0.0.1:27017/claimgraph)")
        try:
            parsed = parse_uri(uri)
            options: dict[str, Any] = {}
            if "serverSelectionTimeoutMS" not in parsed["options"]:
                options["serverSelectionTimeoutMS"] = server_selection_timeout_ms
            client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri, **options)
        except (PyMongoError, ValueError) as exc:
            raise StoreError(f"invalid MongoDB URI: {exc}") from exc
        name = parsed["database"] or db_name or DEFAULT_DB
        hosts = ",".join(f"{host}:{port}" for host, port in parsed["nodelist"]) or "the configured hosts"
        return cls(client, name, owns_client=True, where=f"MongoDB at {hosts}")

    async def create_indexes(self) -> None:
        with self._errors("creating indexes"):
            for collection in COLLECTIONS:
                for spec in index_specs(collection):
                    name = "__".join(f for f, _ in spec)
                    await self.db[collection].create_index(spec, name=name)

    async def close(self) -> None:
        if self._owns_client:
            await self.client.close()

    # -- transactions -------------------------------------------------------------------------------
    async def _begin(self) -> Any:
        if not self.atomic:
            return _NO_SESSION
        with self._errors("starting a transaction"):
            session = self.client.start_session()
            try:
                await session.start_transaction()
            except BaseException:
                await session.end_session()
                raise
        return session

    async def _end(self, handle: Any, *, commit: bool) -> None:
        if handle is _NO_SESSION:
            return
        try:
            with self._errors("committing a transaction" if commit else "aborting a transaction"):
                if commit:
                    try:
                        await handle.commit_transaction()
                    except OperationFailure as exc:
                        if exc.has_error_label("TransientTransactionError"):
                            raise StoreLocked(
                                f"{self.where}: a concurrent write conflicted with this one; retry it"
                            ) from exc
                        raise
                elif handle.in_transaction:
                    await handle.abort_transaction()
        finally:
            await handle.end_session()

    def _session(self) -> dict[str, Any]:
        """The keyword that puts a driver call in the current transaction (none outside one)."""
        handle = self._transaction_handle()
        return {} if handle is None or handle is _NO_SESSION else {"session": handle}

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        try:
            yield
        except ConnectionFailure as exc:  # includes AutoReconnect, ServerSelectionTimeoutError
            raise StoreUnavailable(f"{self.where} is unreachable while {what}: {exc}") from exc
        except StoreError:
            raise
        except OperationFailure as exc:
            if exc.code in _OUT_OF_SPACE_CODES:
                raise StoreFull(f"{self.where} is out of disk space while {what}: {exc}") from exc
            if exc.has_error_label("TransientTransactionError"):
                raise StoreLocked(
                    f"{self.where}: a concurrent write conflicted while {what}; retry it"
                ) from exc
            if exc.code in _UNAVAILABLE_CODES or exc.has_error_label("RetryableWriteError"):
                raise StoreUnavailable(f"{self.where} is unavailable while {what}: {exc}") from exc
            raise StoreError(f"{self.where} refused {what}: {exc}") from exc
        except PyMongoError as exc:
            raise StoreError(f"{self.where} failed while {what}: {exc}") from exc

    async def _aggregate(self, collection: str, pipeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
        cursor = self.db[collection].aggregate(pipeline, **self._session())
        # PyMongo's async collection returns an awaitable that yields the cursor; Motor-style clients
        # (mongomock-motor in tests) return the cursor itself.
        if inspect.isawaitable(cursor):
            cursor = await cursor
        result: list[dict[str, Any]] = await cursor.to_list(None)
        return result

    # -- reads -----------------------------------------------------------------------------------------
    async def _ping(self) -> None:
        with self._errors("pinging"):
            await self.db.command("ping")

    async def _get_many(self, collection: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        with self._errors(f"reading {collection}"):
            docs = await self.db[collection].find({"_id": {"$in": ids}}, **self._session()).to_list(None)
        return {doc["_id"]: doc for doc in docs}

    async def _find(
        self, collection: str, where: Where, *, sort: str, after: Cursor | None, limit: int | None
    ) -> list[dict[str, Any]]:
        limit = check_limit(limit)
        query = mongo_query(where, keyset(sort_field(sort), after))
        if limit == 0:  # MongoDB reads limit(0) as "no limit"
            return []
        cursor = self.db[collection].find(query, **self._session()).sort(sort_spec(sort))
        if limit is not None:
            cursor = cursor.limit(limit)
        with self._errors(f"reading {collection}"):
            docs: list[dict[str, Any]] = await cursor.to_list(None)
        return docs

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
        newest_first: bool = False,
    ) -> dict[Any, list[dict[str, Any]]]:
        limit = check_limit(limit)
        sort = sort_field(sort)
        way = -1 if newest_first else 1
        pipeline = group_pipeline(group_field, keys, mongo_query(where, keyset(sort, after)))
        # One entry per (group, document) even when an array holds a key twice, back in (sort, _id)
        # order, then each group's documents in that order, cut to `limit`.
        pipeline += [
            {"$group": {"_id": {"g": f"${GROUP}", "d": "$_id"}, "doc": {"$first": "$$ROOT"}}},
            {"$sort": {f"doc.{field}": direction * way for field, direction in sort_spec(sort)}},
            {"$group": {"_id": "$_id.g", "docs": {"$push": "$doc"}}},
        ]
        if limit is not None:
            pipeline.append({"$project": {"docs": {"$slice": ["$docs", limit]}}})
        result: dict[Any, list[dict[str, Any]]] = {key: [] for key in keys}
        if limit == 0:
            return result
        with self._errors(f"reading {collection}"):
            groups = await self._aggregate(collection, pipeline)
        for group in groups:
            docs = group["docs"]
            for doc in docs:
                doc.pop(GROUP, None)
            result[group["_id"]] = docs
        return result

    async def _count_docs(self, collection: str, where: Where) -> int:
        query = mongo_query(where)
        with self._errors(f"counting {collection}"):
            return int(await self.db[collection].count_documents(query, **self._session()))

    async def _count_grouped(
        self, collection: str, group_field: str, keys: list[Any], where: Where
    ) -> dict[Any, int]:
        pipeline = group_pipeline(group_field, keys, mongo_query(where))
        pipeline += [
            {"$group": {"_id": {"g": f"${GROUP}", "d": "$_id"}}},
            {"$group": {"_id": "$_id.g", "n": {"$sum": 1}}},
        ]
        counts: dict[Any, int] = {key: 0 for key in keys}
        with self._errors(f"counting {collection}"):
            for group in await self._aggregate(collection, pipeline):
                counts[group["_id"]] = int(group["n"])
        return counts

    # -- writes ----------------------------------------------------------------------------------------
    async def _upsert_many(self, collection: str, docs: list[dict[str, Any]]) -> int:
        latest = {doc["_id"]: doc for doc in docs}
        requests = [ReplaceOne({"_id": doc_id}, doc, upsert=True) for doc_id, doc in latest.items()]
        with self._errors(f"writing {collection}"):
            await self.db[collection].bulk_write(requests, ordered=False, **self._session())
        return len(docs)

    async def _update_many(self, collection: str, ids: list[str], fields: dict[str, Any]) -> int:
        check_update_fields(collection, fields)
        if not fields:
            return await self._count_docs(collection, {"_id": {"$in": ids}})
        with self._errors(f"updating {collection}"):
            result = await self.db[collection].update_many(
                {"_id": {"$in": ids}}, {"$set": fields}, **self._session()
            )
        return int(result.matched_count)

    async def _delete_many(self, collection: str, ids: list[str]) -> int:
        with self._errors(f"deleting from {collection}"):
            result = await self.db[collection].delete_many({"_id": {"$in": ids}}, **self._session())
        return int(result.deleted_count)

    # -- the event log: `events`, numbered by a counter in `meta` (in the write's transaction) -----------
    async def _append_events(self, events: list[dict[str, Any]]) -> list[int]:
        with self._errors("appending events"):
            counter = await self.db["meta"].find_one_and_update(
                {"_id": EVENTS},
                {"$inc": {"seq": len(events)}},
                upsert=True,
                return_document=ReturnDocument.AFTER,
                **self._session(),
            )
            last = int(counter["seq"])
            numbers = list(range(last - len(events) + 1, last + 1))
            await self.db[EVENTS].insert_many(
                [{**e, "_id": n} for n, e in zip(numbers, events, strict=True)], **self._session()
            )
            await self.db[EVENTS].delete_many({"_id": {"$lte": last - EVENT_RETENTION}}, **self._session())
        return numbers

    async def _events_after(self, seq: int, limit: int) -> list[dict[str, Any]]:
        if limit == 0:
            return []
        with self._errors("reading events"):
            cursor = self.db[EVENTS].find({"_id": {"$gt": seq}}, **self._session()).sort("_id", ASCENDING)
            docs: list[dict[str, Any]] = await cursor.limit(limit).to_list(None)
        return [{**{k: v for k, v in d.items() if k != "_id"}, "seq": int(d["_id"])} for d in docs]

    async def _edge_event(self, direction: int) -> int:
        with self._errors("reading events"):
            docs = await self.db[EVENTS].find({}, {"_id": 1}).sort("_id", direction).limit(1).to_list(None)
        return int(docs[0]["_id"]) if docs else 0

    async def _last_event(self) -> int:
        return await self._edge_event(DESCENDING)

    async def _first_event(self) -> int:
        return await self._edge_event(ASCENDING)


_NO_SESSION = object()  # the handle of a transaction on a deployment without transactions
