"""The statements the embedded store's threads run: each takes the connection of the thread it runs
on (store.sqlite hands them to the writer thread, a reader thread, or the event loop's own reader
connection) and does one thing: begin, commit or roll back, write documents with their side tables,
read rows, append events, refresh the planner's statistics."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import orjson

from store.base import EVENT_RETENTION, EVENTS, StoreError
from store.sqlite_file import DatabaseFile
from store.sqlite_sql import (
    SIDE_SORT,
    SORT_KEY,
    array_values,
    indexed_arrays,
    json_path,
    side_sort_value,
    side_table,
)

ANALYSIS_ROWS = 1000  # rows sampled per index by ANALYZE
LISTED = "(SELECT value FROM json_each(?))"  # a list of ids bound as one JSON parameter
T = TypeVar("T")


def run_on(file: DatabaseFile, fn: Callable[..., T], *args: Any) -> T:
    conn = file.connection()
    try:
        return fn(conn, *args)
    except sqlite3.DatabaseError as exc:
        raise file.translate(exc) from exc


def stop() -> int:
    return 1  # any non-zero answer interrupts the statement


def begin(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:  # never expected: a transaction left open would hold SQLite's lock
        conn.rollback()
    conn.execute("BEGIN IMMEDIATE")


def commit(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("COMMIT")
    except sqlite3.DatabaseError:
        if conn.in_transaction:
            conn.rollback()
        raise


def rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.rollback()


def analyze(conn: sqlite3.Connection) -> None:
    try:
        conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_ROWS}")
        conn.execute("ANALYZE")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        # Another process is writing; it will refresh the statistics when its load ends.


ROOM_BYTES = 1 << 20  # free space below which the store still counts as full


def has_room(conn: sqlite3.Connection, data_dir: Path, max_bytes: int | None) -> bool:
    if shutil.disk_usage(data_dir).free < ROOM_BYTES:
        return False
    if max_bytes is None:
        return True
    used = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
    return used + ROOM_BYTES <= max_bytes


def fetch(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[Any]:
    return conn.execute(sql, params).fetchall()


def write_docs(
    conn: sqlite3.Connection, collection: str, rows: list[tuple[str, str]], docs: dict[str, dict[str, Any]]
) -> None:
    before = side_rows_of_stored(conn, collection, list(docs))
    conn.executemany(
        f"INSERT INTO {collection} (_id, doc) VALUES (?, ?) "
        "ON CONFLICT(_id) DO UPDATE SET doc = excluded.doc",
        rows,
    )
    refresh_side_tables(conn, collection, docs, before)


def update_docs(conn: sqlite3.Connection, collection: str, ids: list[str], fields: dict[str, Any]) -> int:
    found = fetch(
        conn,
        f"SELECT _id, doc FROM {collection} WHERE _id IN {LISTED}",
        [orjson.dumps(ids).decode()],
    )
    stored = {doc_id: orjson.loads(doc) for doc_id, doc in found}
    docs = {doc_id: {**doc, **fields} for doc_id, doc in stored.items()}
    try:
        rows = [(orjson.dumps(doc).decode(), doc_id) for doc_id, doc in docs.items()]
    except TypeError as exc:
        raise StoreError(f"{collection}: update values are not JSON-serializable: {exc}") from exc
    conn.executemany(f"UPDATE {collection} SET doc = ? WHERE _id = ?", rows)
    if SORT_KEY in fields or any(field in fields for field in indexed_arrays(collection)):
        refresh_side_tables(conn, collection, docs, {i: side_rows(collection, d) for i, d in stored.items()})
    return len(docs)


def append_events(conn: sqlite3.Connection, rows: list[str]) -> list[int]:
    """Numbered after the newest event, inside the writer's transaction (which holds the
    cross-process writer lock, so two processes never take the same numbers)."""
    last = int(conn.execute(f"SELECT coalesce(max(seq), 0) FROM {EVENTS}").fetchone()[0])
    numbers = list(range(last + 1, last + 1 + len(rows)))
    conn.executemany(f"INSERT INTO {EVENTS} (seq, doc) VALUES (?, ?)", list(zip(numbers, rows, strict=True)))
    conn.execute(f"DELETE FROM {EVENTS} WHERE seq <= ?", [numbers[-1] - EVENT_RETENTION])
    return numbers


def delete_docs(conn: sqlite3.Connection, collection: str, ids: list[str]) -> int:
    before = side_rows_of_stored(conn, collection, ids)
    param = [orjson.dumps(ids).decode()]
    deleted = conn.execute(f"DELETE FROM {collection} WHERE _id IN {LISTED}", param).rowcount
    refresh_side_tables(conn, collection, {}, before)
    return int(deleted)


# -- side tables --------------------------------------------------------------------------------
# A side table is its primary key (value, ord, _id) and nothing else: an index on `_id` beside it
# would be written at a random place for every element of every array (a claim's ten terms, an
# article's eight band keys), the largest index of the store. Rows are found by their whole key
# instead, from what the stored document held before the write, and only the rows that change are
# deleted and inserted.
SideRows = tuple[Any, dict[str, list[Any]]]  # a document's `ord` and its elements per array field


def side_rows(collection: str, doc: dict[str, Any]) -> SideRows:
    """What the side tables hold for a document: its keyset key, and the elements of each array."""
    return side_sort_value(doc), {
        field: array_values(doc[field]) for field in indexed_arrays(collection) if field in doc
    }


def side_rows_of_stored(conn: sqlite3.Connection, collection: str, ids: list[str]) -> dict[str, SideRows]:
    """side_rows of the stored documents among `ids`, read as the fields alone (one JSON array per
    document, whatever its size)."""
    arrays = indexed_arrays(collection)
    if not arrays or not ids:
        return {}
    paths = ", ".join(json_path(p) for p in (SORT_KEY, *arrays))
    found = fetch(
        conn,
        f"SELECT _id, json_extract(doc, {paths}) FROM {collection} WHERE _id IN {LISTED}",
        [orjson.dumps(ids).decode()],
    )
    fields = (SORT_KEY, *arrays)
    return {
        doc_id: side_rows(collection, dict(zip(fields, orjson.loads(packed), strict=True)))
        for doc_id, packed in found
    }


def refresh_side_tables(
    conn: sqlite3.Connection, collection: str, docs: dict[str, dict[str, Any]], before: dict[str, SideRows]
) -> None:
    """Side tables from `before` (what stored documents held, side_rows) to `docs` (what they hold
    now; a document in `before` and not in `docs` was deleted)."""
    after = {doc_id: side_rows(collection, doc) for doc_id, doc in docs.items()}
    for field in indexed_arrays(collection):
        gone: list[tuple[Any, Any, str]] = []
        added: list[tuple[Any, Any, str]] = []
        for doc_id in {**before, **after}:
            old_ord, old_arrays = before.get(doc_id, (None, {}))
            new_ord, new_arrays = after.get(doc_id, (None, {}))
            old = [(v, old_ord) for v in old_arrays.get(field, ())]
            new = [(v, new_ord) for v in new_arrays.get(field, ())]
            kept = set(old) & set(new)
            gone += [(v, o, doc_id) for v, o in old if (v, o) not in kept]
            added += [(v, o, doc_id) for v, o in new if (v, o) not in kept]
        table = side_table(collection, field)
        if gone:
            conn.executemany(f"DELETE FROM {table} WHERE value = ? AND {SIDE_SORT} IS ? AND _id = ?", gone)
        if added:
            conn.executemany(f"INSERT INTO {table} (value, {SIDE_SORT}, _id) VALUES (?, ?, ?)", added)
