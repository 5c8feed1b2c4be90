"""What only the embedded store does: the single-writer lock between processes, outages of its
folder or file (and recovery without reopening), and index use proven by EXPLAIN QUERY PLAN."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from store import StoreLocked, StoreUnavailable, open_store
from store.sqlite import SqliteStore
from store.sqlite_file import DB_FILE
from store.sqlite_sql import find_grouped_sql, find_sql, get_many_sql

REPO = Path(__file__).resolve().parents[2]

HOLD_LOCK = """
import asyncio, sys
from store import open_store

async def main() -> None:
    store = await open_store(data_dir=sys.argv[1])
    async with store.transaction():
        print("holding", flush=True)
        sys.stdin.readline()
    await store.close()

asyncio.run(main())
"""


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    store = await open_store(data_dir=tmp_path / "data")
    assert isinstance(store, SqliteStore)
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the writer lock on tmp_path/data until its stdin is closed."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path / "data")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None and not stream.closed:
                stream.close()


def doc(n: int, **extra: Any) -> dict[str, Any]:
    return {
        "_id": f"clm_{n:06d}",
        "speaker_id": f"ent_{n % 40}",
        "order": f"{n:08d}",
        "mention_ids": [f"ent_{n % 7}"],
        "article_id": f"art_{n // 20}",
        **extra,
    }


# -- the writer lock ------------------------------------------------------------------------------------


async def test_a_second_writer_process_gets_store_locked_naming_folder_and_pid(
    sqlite_store: SqliteStore, holder: subprocess.Popen[str], tmp_path: Path
) -> None:
    with pytest.raises(StoreLocked) as caught:
        async with sqlite_store.transaction():
            pytest.fail("entered the write session while another process holds it")
    message = str(caught.value)
    assert str(tmp_path / "data") in message
    assert f"pid {holder.pid}" in message
    # A single write is a transaction of its own: it waits for the lock like any other. Reads never
    # take it.
    with pytest.raises(StoreLocked):
        await sqlite_store.upsert_many("claims", [doc(1)])
    assert await sqlite_store.count("claims", {}) == 0


async def test_the_lock_is_free_again_when_the_holder_finishes(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    store = await open_store(data_dir=tmp_path / "data", lock_timeout=30)
    try:
        waiting = asyncio.create_task(enter_and_write(store))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # still waiting for the other process
        assert holder.stdin is not None
        holder.stdin.close()
        await waiting
        assert await store.count("claims", {}) == 1
    finally:
        await store.close()


async def enter_and_write(store: Any) -> None:
    async with store.transaction():
        await store.upsert_many("claims", [doc(1)])


async def test_a_killed_holder_leaves_no_stale_lock(
    sqlite_store: SqliteStore, holder: subprocess.Popen[str]
) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    async with sqlite_store.transaction():
        await sqlite_store.upsert_many("claims", [doc(1)])
    assert await sqlite_store.count("claims", {}) == 1


# -- outages --------------------------------------------------------------------------------------------


async def assert_unavailable(store: SqliteStore) -> None:
    for attempt in (store.ping(), store.find("claims", {}), store.upsert_many("claims", [doc(9)])):
        with pytest.raises(StoreUnavailable, match=re.escape(str(store.data_dir))):
            await attempt


async def test_folder_moved_away_then_back(sqlite_store: SqliteStore, tmp_path: Path) -> None:
    await sqlite_store.upsert_many("claims", [doc(1), doc(2)])
    (tmp_path / "data").rename(tmp_path / "elsewhere")
    await assert_unavailable(sqlite_store)
    assert not (tmp_path / "data").exists()  # never silently recreated
    (tmp_path / "elsewhere").rename(tmp_path / "data")
    await sqlite_store.ping()
    assert await sqlite_store.count("claims", {}) == 2


async def test_folder_removed_then_a_new_empty_folder_is_a_fresh_store(
    sqlite_store: SqliteStore, tmp_path: Path
) -> None:
    await sqlite_store.upsert_many("claims", [doc(1)])
    shutil.rmtree(tmp_path / "data")
    await assert_unavailable(sqlite_store)
    (tmp_path / "data").mkdir()
    await sqlite_store.ping()
    assert await sqlite_store.count("claims", {}) == 0
    await sqlite_store.upsert_many("claims", [doc(2)])
    assert await sqlite_store.count("claims", {"mention_ids": "ent_2"}) == 1


async def test_unreadable_folder_then_readable_again(sqlite_store: SqliteStore, tmp_path: Path) -> None:
    await sqlite_store.upsert_many("claims", [doc(1)])
    (tmp_path / "data").chmod(0)
    try:
        await assert_unavailable(sqlite_store)
    finally:
        (tmp_path / "data").chmod(0o755)
    await sqlite_store.ping()
    assert await sqlite_store.count("claims", {}) == 1


async def test_folder_replaced_by_a_file(sqlite_store: SqliteStore, tmp_path: Path) -> None:
    await sqlite_store.upsert_many("claims", [doc(1)])
    (tmp_path / "data").rename(tmp_path / "kept")
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(StoreUnavailable, match="not a folder"):
        await sqlite_store.ping()
    (tmp_path / "data").unlink()
    (tmp_path / "kept").rename(tmp_path / "data")
    assert await sqlite_store.count("claims", {}) == 1


async def test_database_file_removed_is_an_outage_not_a_fresh_start(
    sqlite_store: SqliteStore, tmp_path: Path
) -> None:
    await sqlite_store.upsert_many("claims", [doc(1)])
    async with sqlite_store.transaction():  # leaves writer.lock in the folder
        pass
    db = tmp_path / "data" / DB_FILE
    saved = tmp_path / "saved.sqlite3"
    await sqlite_store.close()  # checkpoint the WAL so the file alone holds the data
    shutil.copy(db, saved)
    store = await open_store(data_dir=tmp_path / "data")
    try:
        for leftover in (tmp_path / "data").glob(f"{DB_FILE}*"):
            leftover.unlink()
        await assert_unavailable(store)  # type: ignore[arg-type]
        assert not db.exists()
        shutil.copy(saved, db)  # restored from the backup: another inode
        assert await store.count("claims", {}) == 1
    finally:
        await store.close()


async def test_database_file_replaced_by_garbage(sqlite_store: SqliteStore, tmp_path: Path) -> None:
    await sqlite_store.upsert_many("claims", [doc(1)])
    await sqlite_store.close()  # checkpoint: the WAL would otherwise still serve page 1
    store = await open_store(data_dir=tmp_path / "data")
    try:
        db = tmp_path / "data" / DB_FILE
        db.rename(tmp_path / "original")
        db.write_bytes(b"this is not a database" * 100)
        with pytest.raises(StoreUnavailable, match="not a database"):
            await store.find("claims", {})
        (tmp_path / "original").replace(db)
        assert await store.count("claims", {}) == 1
    finally:
        await store.close()


async def test_open_store_where_no_folder_can_be_made(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(StoreUnavailable, match="a-file"):
        await open_store(data_dir=tmp_path / "a-file" / "data")


# -- index use -------------------------------------------------------------------------------------------


def full_scans(plan: list[str]) -> list[str]:
    """Plan lines that read a whole table; scanning json_each over the bound list of ids or keys
    (a virtual table) or a subquery's own result is fine."""
    return [
        line
        for line in plan
        if line.startswith("SCAN") and "VIRTUAL TABLE" not in line and not line.startswith("SCAN (")
    ]


@pytest.fixture
async def indexed(sqlite_store: SqliteStore) -> SqliteStore:
    await sqlite_store.upsert_many("claims", [doc(n) for n in range(2000)])
    await sqlite_store.upsert_many(
        "relations",
        [
            {
                "_id": f"rel_{n:06d}",
                "from_claim": f"clm_{n:06d}",
                "to_claim": f"clm_{n + 1:06d}",
                "type": "SUPPORTS",
                "status": "active",
                "order": f"{n:08d}",
            }
            for n in range(2000)
        ],
    )
    await sqlite_store.analyze()
    return sqlite_store


async def test_page_of_one_speakers_claims_is_an_index_range(indexed: SqliteStore) -> None:
    sql, params = find_sql(
        "claims", {"speaker_id": "ent_3"}, sort="order", after=("00000500", "clm_000500"), limit=50
    )
    plan = await indexed.explain(sql, params)
    # An index range that starts at the cursor (not a walk from the speaker's first claim), already
    # in (order, _id) order: no sort step.
    assert plan == ["SEARCH c USING INDEX claims__speaker_id (<expr>=? AND <expr>>?)"], plan


async def test_relations_of_fifty_claims_use_the_foreign_key_index(indexed: SqliteStore) -> None:
    claim_ids = [f"clm_{n:06d}" for n in range(0, 1000, 20)]
    for field in ("from_claim", "to_claim"):
        sql, params = find_sql(
            "relations", {field: {"$in": claim_ids}, "status": "active"}, sort="order", after=None, limit=None
        )
        plan = await indexed.explain(sql, params)
        assert not full_scans(plan), plan
        assert any(f"relations__{field}" in line for line in plan), plan


async def test_get_many_and_grouped_pages_use_indexes(indexed: SqliteStore) -> None:
    plan = await indexed.explain(*get_many_sql("claims", [f"clm_{n:06d}" for n in range(100)]))
    assert not full_scans(plan) and any("sqlite_autoindex_claims" in line for line in plan), plan
    speakers = [f"ent_{n}" for n in range(20)]
    sql, params, _ = find_grouped_sql("claims", "speaker_id", speakers, {}, sort="order", after=None, limit=5)
    plan = await indexed.explain(sql, params)
    assert not full_scans(plan) and any("claims__speaker_id" in line for line in plan), plan
    sql, params, _ = find_grouped_sql(
        "claims", "mention_ids", ["ent_1"], {}, sort="order", after=None, limit=5
    )
    plan = await indexed.explain(sql, params)
    assert not full_scans(plan), plan
    assert "SEARCH g USING PRIMARY KEY (value=?)" in plan, plan  # the side table is its own index


async def test_page_of_claims_mentioning_an_entity_is_a_side_table_range(indexed: SqliteStore) -> None:
    sql, params = find_sql(
        "claims",
        {"mention_ids": "ent_3", "kind": {"$ne": "x"}},
        sort="order",
        after=("00000500", "clm_000500"),
        limit=50,
    )
    plan = await indexed.explain(sql, params)
    assert plan[0] == "SEARCH g USING PRIMARY KEY (value=? AND ord>?)", plan
    assert not full_scans(plan) and not any("TEMP B-TREE" in line for line in plan), plan


async def test_side_tables_without_ord_are_rebuilt_on_open(tmp_path: Path) -> None:
    store = await open_store(data_dir=tmp_path / "data")
    await store.upsert_many("claims", [doc(n) for n in range(30)])
    await store.upsert_many("articles", [{"_id": "art_0"}, {"_id": "art_1"}])
    await store.close()
    # The layout of the first release: (value, _id) only.
    conn = sqlite3.connect(tmp_path / "data" / DB_FILE)
    conn.execute("DROP TABLE claims__mention_ids")
    conn.execute(
        "CREATE TABLE claims__mention_ids (value NOT NULL, _id TEXT NOT NULL, "
        "PRIMARY KEY (value, _id)) WITHOUT ROWID"
    )
    conn.execute("PRAGMA user_version = 0")  # what every store of the first releases had
    conn.commit()
    conn.close()
    store = await open_store(data_dir=tmp_path / "data")
    try:
        found = await store.find("claims", {"mention_ids": "ent_3"}, sort="order", limit=3)
        assert [d["_id"] for d in found] == ["clm_000003", "clm_000010", "clm_000017"]
        pages = await store.find_grouped(
            "claims", "mention_ids", ["ent_3"], {}, sort="order", limit=2, after=("00000003", "clm_000003")
        )
        assert [d["_id"] for d in pages["ent_3"]] == ["clm_000010", "clm_000017"]
    finally:
        await store.close()


async def test_plans_match_what_the_store_runs(indexed: SqliteStore) -> None:
    """The SQL the tests explain is the SQL the store executes: same results."""
    sql, params = find_sql("claims", {"speaker_id": "ent_3"}, sort="order", after=None, limit=3)
    found = await indexed.find("claims", {"speaker_id": "ent_3"}, sort="order", limit=3)
    assert [d["_id"] for d in found] == ["clm_000003", "clm_000043", "clm_000083"]
    assert sql.startswith("SELECT c.doc FROM claims AS c WHERE") and params[-1] == 3


async def test_a_large_write_session_refreshes_the_planner_statistics(sqlite_store: SqliteStore) -> None:
    """Without statistics SQLite may walk the `status` index (every relation is active); a load of
    this size ends with ANALYZE, after which the selective foreign-key index wins."""
    async with sqlite_store.transaction():
        await sqlite_store.upsert_many(
            "relations",
            [
                {"_id": f"rel_{n:06d}", "from_claim": f"clm_{n:06d}", "status": "active", "order": f"{n:08d}"}
                for n in range(1500)
            ],
        )
    sql, params = find_sql(
        "relations",
        {"from_claim": {"$in": ["clm_000001", "clm_000002"]}, "status": "active"},
        sort="order",
        after=None,
        limit=None,
    )
    plan = await sqlite_store.explain(sql, params)
    assert any("relations__from_claim" in line for line in plan), plan


async def test_short_reads_run_inline_and_long_ones_move_to_a_reader_thread(
    sqlite_store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sqlite_store.upsert_many("claims", [doc(n) for n in range(300)])
    handed_over: list[str] = []
    original = sqlite_store._call_reader

    def counting(fn: Any, *args: Any) -> Any:
        handed_over.append(getattr(fn, "__name__", "?"))
        return original(fn, *args)

    monkeypatch.setattr(sqlite_store, "_call_reader", counting)
    assert len(await sqlite_store.get_many("claims", ["clm_000001", "clm_000002"])) == 2
    assert await sqlite_store.count("claims", {"speaker_id": "ent_3"}) == 8
    assert handed_over == []  # a page and a small count: answered on the event loop's thread
    monkeypatch.setattr("store.sqlite.INLINE_STEPS", 50)  # now every read outgrows the budget
    assert await sqlite_store.count("claims", {}) == 300
    found = await sqlite_store.find("claims", {"mention_ids": "ent_3"}, sort="order", limit=500)
    assert len(found) == 43
    assert handed_over == ["fetch", "fetch"]  # stopped, then run again in full on a reader


async def test_kept_counts_follow_every_write(sqlite_store: SqliteStore) -> None:
    """Counts of claims by speaker, article and mentioned entity come from the counts the triggers
    keep; after any mix of inserts, rewrites moving a claim, updates and deletes they equal a count
    of the documents themselves (forced by a condition the kept counts cannot answer)."""
    import random

    rng = random.Random(11)
    speakers = [f"ent_{i}" for i in range(6)]

    def claim(n: int) -> dict[str, Any]:
        return {
            "_id": f"clm_{n:04d}",
            "order": f"{n:04d}",
            "speaker_id": rng.choice(speakers + [None]),
            "article_id": f"art_{rng.randint(0, 3)}",
            "mention_ids": rng.sample(speakers, rng.randint(0, 3)),
        }

    for _ in range(40):
        op = rng.random()
        if op < 0.5:
            await sqlite_store.upsert_many(
                "claims", [claim(rng.randint(0, 60)) for _ in range(rng.randint(1, 8))]
            )
        elif op < 0.7:
            ids = [f"clm_{rng.randint(0, 60):04d}" for _ in range(3)]
            await sqlite_store.update_many("claims", ids, {"speaker_id": rng.choice(speakers)})
        elif op < 0.85:
            ids = [f"clm_{rng.randint(0, 60):04d}" for _ in range(3)]
            await sqlite_store.update_many("claims", ids, {"mention_ids": rng.sample(speakers, 2)})
        else:
            await sqlite_store.delete_many("claims", [f"clm_{rng.randint(0, 60):04d}" for _ in range(5)])
        for field, keys in (
            ("speaker_id", speakers),
            ("mention_ids", speakers),
            ("article_id", [f"art_{i}" for i in range(4)]),
        ):
            kept = await sqlite_store.count_grouped("claims", field, keys, {})
            real = await sqlite_store.count_grouped("claims", field, keys, {"_id": {"$ne": ""}})
            assert kept == real, field
            assert await sqlite_store.count("claims", {field: keys[0]}) == real[keys[0]]


def _side_rows(path: Path, table: str, collection: str, field: str) -> tuple[list[Any], list[Any]]:
    """A side table's rows, and the rows its collection's documents call for (as an upgrade
    rebuilds them), each sorted."""
    conn = sqlite3.connect(path)
    try:
        held = conn.execute(f"SELECT value, ord, _id FROM {table} ORDER BY 1, 2, 3").fetchall()
        wanted = conn.execute(
            f"SELECT DISTINCT e.value, json_extract(c.doc, '$.order'), c._id FROM {collection} AS c, "
            f"json_each(c.doc, '$.{field}') AS e WHERE e.type IN ('text', 'integer', 'real') ORDER BY 1, 2, 3"
        ).fetchall()
    finally:
        conn.close()
    return held, wanted


async def test_side_tables_equal_their_documents_after_any_writes(
    sqlite_store: SqliteStore, tmp_path: Path
) -> None:
    """Side tables have no index on `_id`: a write finds a document's rows by what the stored
    document held. After any mix of new documents, rewrites that move them (a new `order`)
    or change their elements (repeated, numbers, a scalar), updates and deletes, in one transaction
    or many, each side table holds exactly its documents' elements."""
    import random

    rng = random.Random(5)
    terms: list[Any] = ["port", "strike", "levy", "dam", 7, 2.5]

    def claim(n: int) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "_id": f"clm_{n:03d}",
            "article_id": f"art_{n % 3}",
            "order": f"{rng.randint(0, 9):04d}|{n}",
        }
        if rng.random() < 0.9:
            doc["terms"] = rng.sample(terms, rng.randint(0, 4)) + (["port"] if rng.random() < 0.2 else [])
        elif rng.random() < 0.5:
            doc["terms"] = "strike"  # a scalar counts as a one-element array
        return doc

    for step in range(60):
        async with sqlite_store.transaction():
            for _ in range(rng.randint(1, 3)):
                op = rng.random()
                ids = [f"clm_{rng.randint(0, 25):03d}" for _ in range(rng.randint(1, 4))]
                if op < 0.5:
                    await sqlite_store.upsert_many("claims", [claim(int(i[4:])) for i in ids])
                elif op < 0.65:
                    await sqlite_store.update_many("claims", ids, {"order": f"{rng.randint(0, 9):04d}|u"})
                elif op < 0.8:
                    await sqlite_store.update_many("claims", ids, {"terms": rng.sample(terms, 2)})
                elif op < 0.9:
                    await sqlite_store.update_many("claims", ids, {"speaker_id": "ent_1"})
                else:
                    await sqlite_store.delete_many("claims", ids)
        held, wanted = _side_rows(tmp_path / "data" / DB_FILE, "claims__terms", "claims", "terms")
        assert held == wanted, step
    assert held, "the sequence left some rows to compare"

    def holds_port(d: dict[str, Any]) -> bool:
        value = d.get("terms")
        return "port" in (value if isinstance(value, list) else [value])

    everything = await sqlite_store.find("claims", {})
    expected = sorted(
        filter(holds_port, everything),
        key=lambda d: (d.get("order") is not None, d.get("order") or "", d["_id"]),
    )
    found = await sqlite_store.find("claims", {"terms": "port"}, sort="order")
    assert [d["_id"] for d in found] == [d["_id"] for d in expected] != []


async def test_an_older_store_loses_its_side_table_id_indexes(tmp_path: Path) -> None:
    store = await open_store(data_dir=tmp_path / "data")
    await store.upsert_many("claims", [doc(n) for n in range(10)])
    await store.close()
    conn = sqlite3.connect(tmp_path / "data" / DB_FILE)
    conn.execute("CREATE INDEX claims__mention_ids__id ON claims__mention_ids (_id)")  # the layout before
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = await open_store(data_dir=tmp_path / "data")
    try:
        await store.delete_many("claims", ["clm_000003"])
        await store.upsert_many("claims", [{**doc(4), "mention_ids": ["ent_9"]}])
        assert [d["_id"] for d in await store.find("claims", {"mention_ids": "ent_9"})] == ["clm_000004"]
    finally:
        await store.close()
    conn = sqlite3.connect(tmp_path / "data" / DB_FILE)
    try:
        indexes = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")]
    finally:
        conn.close()
    assert not [name for name in indexes if name.endswith("__id")], indexes
    held, wanted = _side_rows(tmp_path / "data" / DB_FILE, "claims__mention_ids", "claims", "mention_ids")
    assert held == wanted and ("ent_9", doc(4)["order"], "clm_000004") in held
