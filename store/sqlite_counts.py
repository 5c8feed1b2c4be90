"""Counts the embedded store keeps as it writes: how many documents hold each value of the fields
of store.documents.COUNTED_FIELDS (claims by speaker, by article, by mentioned entity).

SQLite counts an index range row by row, so the total of a busy actor's statements (81,033 of them
at a million claims) cost more than the page of statements itself, on every dossier. Here triggers
keep a table of (collection, field, value) -> n in the same transaction as every write: on the
document table for a scalar field, on the field's side table (one row per value and document) for
an array field; they cannot drift from the documents, whoever writes. A schema upgrade recounts
everything once. Only string values are counted (the counted fields hold ids); a count with another
key, or with any other condition, is counted from the documents as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from store.documents import ARRAY_FIELDS, COUNTED_FIELDS

TABLE = "counts"


def counted(collection: str, field: str) -> bool:
    return field in COUNTED_FIELDS.get(collection, ())


def counts_statements(side_table: Any, json_path: Any) -> list[str]:
    """The counts table and its triggers (side_table and json_path are store.sqlite_sql's)."""
    out = [
        f"CREATE TABLE IF NOT EXISTS {TABLE} (collection TEXT NOT NULL, field TEXT NOT NULL, "
        "value TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (collection, field, value)) WITHOUT ROWID"
    ]
    bump = (
        f"INSERT INTO {TABLE} (collection, field, value, n) SELECT '{{c}}', '{{f}}', {{v}}, 1 WHERE {{when}} "
        "ON CONFLICT (collection, field, value) DO UPDATE SET n = n + 1;"
    )
    drop = f"UPDATE {TABLE} SET n = n - 1 WHERE collection = '{{c}}' AND field = '{{f}}' AND value = {{v}};"
    for collection, fields in COUNTED_FIELDS.items():
        for field in fields:
            name = f"{collection}__count_{field}"
            if field in ARRAY_FIELDS:
                table = side_table(collection, field)
                new = bump.format(c=collection, f=field, v="NEW.value", when="typeof(NEW.value) = 'text'")
                old = drop.format(c=collection, f=field, v="OLD.value")
                out += [
                    f"CREATE TRIGGER IF NOT EXISTS {name}__insert AFTER INSERT ON {table} BEGIN {new} END",
                    f"CREATE TRIGGER IF NOT EXISTS {name}__delete AFTER DELETE ON {table} BEGIN {old} END",
                ]
                continue
            path = json_path(field)
            new_v, old_v = f"json_extract(NEW.doc, {path})", f"json_extract(OLD.doc, {path})"
            new = bump.format(c=collection, f=field, v=new_v, when=f"json_type(NEW.doc, {path}) = 'text'")
            old = drop.format(c=collection, f=field, v=old_v)
            out += [
                f"CREATE TRIGGER IF NOT EXISTS {name}__insert AFTER INSERT ON {collection} BEGIN {new} END",
                f"CREATE TRIGGER IF NOT EXISTS {name}__delete AFTER DELETE ON {collection} BEGIN {old} END",
                f"CREATE TRIGGER IF NOT EXISTS {name}__update AFTER UPDATE OF doc ON {collection} "
                f"WHEN {old_v} IS NOT {new_v} BEGIN {old} {new} END",
            ]
    return out


def recount_statements(side_table: Any, json_path: Any) -> list[str]:
    """Every count recomputed from the documents (a schema upgrade, a repair)."""
    out = [f"DELETE FROM {TABLE}"]
    for collection, fields in COUNTED_FIELDS.items():
        for field in fields:
            if field in ARRAY_FIELDS:
                out.append(
                    f"INSERT INTO {TABLE} SELECT '{collection}', '{field}', value, count(*) "
                    f"FROM {side_table(collection, field)} WHERE typeof(value) = 'text' GROUP BY value"
                )
            else:
                path = json_path(field)
                out.append(
                    f"INSERT INTO {TABLE} SELECT '{collection}', '{field}', json_extract(doc, {path}), "
                    f"count(*) FROM {collection} WHERE json_type(doc, {path}) = 'text' GROUP BY 3"
                )
    return out


def counts_sql(collection: str, field: str, keys: Sequence[str]) -> tuple[str, list[Any]]:
    return (
        f"SELECT value, n FROM {TABLE} WHERE collection = ? AND field = ? "
        "AND value IN (SELECT value FROM json_each(?))",
        [collection, field, orjson.dumps(list(keys)).decode()],
    )
