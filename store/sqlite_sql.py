"""The embedded store's schema and the translation of the filter language into SQL.

Documents live as JSON text, one table per collection (`_id TEXT PRIMARY KEY, doc TEXT`). Every
scalar field of INDEXED_FIELDS gets an expression index (field, order, _id), so "one speaker's
claims after this cursor" is a single index range scan. SQLite cannot index the elements of a JSON
array by expression, so each array field of INDEXED_FIELDS gets a side table (value, _id) kept in
the same transaction as the document it mirrors.

Field names are inlined into the SQL (validated as dotted identifiers by store.where): the planner
only picks an expression index when the query's expression text matches the index's. Values are
always bound parameters; lists travel as one JSON parameter read back with json_each, so no list is
too long for SQLite's parameter limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from store.base import COLLECTIONS, EVENTS, Cursor, StoreError, Where
from store.documents import ARRAY_FIELDS, INDEXED_FIELDS
from store.sqlite_counts import counts_statements
from store.where import Condition, Scalar, check_cursor, check_field, check_scalar, parse_where

SQL = tuple[str, list[Any]]
SORT_KEY = "order"  # every collection's keyset key (store/documents.py)
SIDE_SORT = "ord"  # its copy in the side tables


def side_table(collection: str, field: str) -> str:
    return f"{collection}__{field}"


def indexed_arrays(collection: str) -> tuple[str, ...]:
    return tuple(f for f in INDEXED_FIELDS.get(collection, ()) if f in ARRAY_FIELDS)


def json_path(path: str) -> str:
    return f"'$.{path}'"


def field_expr(path: str, doc: str = "c.doc", id_col: str = "c._id") -> str:
    """The SQL expression for a document field; `_id` is the primary-key column itself."""
    return id_col if path == "_id" else f"json_extract({doc}, {json_path(path)})"


def schema_statements() -> list[str]:
    # The event log (store.base): the sequence is the rowid, so reading after a sequence and
    # finding the newest are both index look-ups.
    statements: list[str] = [
        f"CREATE TABLE IF NOT EXISTS {EVENTS} (seq INTEGER PRIMARY KEY, doc TEXT NOT NULL)"
    ]
    for collection in COLLECTIONS:
        statements.append(
            f"CREATE TABLE IF NOT EXISTS {collection} (_id TEXT PRIMARY KEY, doc TEXT NOT NULL)"
        )
        fields = INDEXED_FIELDS.get(collection, ())
        tail = ["order"] if "order" in fields else []
        for field in fields:
            if field in ARRAY_FIELDS:
                table = side_table(collection, field)
                # `ord` copies the document's keyset key, so a page of "claims mentioning X" is a
                # range of (value, ord, _id) like a page of "claims by speaker X". The table is that
                # key itself (WITHOUT ROWID): no rowid table beside the index, whose pages every
                # claim's ten terms used to write twice.
                statements.append(
                    f"CREATE TABLE IF NOT EXISTS {table} (value NOT NULL, {SIDE_SORT}, _id TEXT NOT NULL, "
                    f"PRIMARY KEY (value, {SIDE_SORT}, _id)) WITHOUT ROWID"
                )
                # No index on `_id`: the write path finds a document's rows by their whole key
                # (store.sqlite_ops.refresh_side_tables); stores that had one lose it here.
                statements.append(f"DROP INDEX IF EXISTS {table}__id")
                continue
            columns = [field] + [f for f in tail if f != field]
            exprs = ", ".join(f"json_extract(doc, {json_path(f)})" for f in columns)
            statements.append(
                f"CREATE INDEX IF NOT EXISTS {collection}__{field} ON {collection} ({exprs}, _id)"
            )
    return statements + counts_statements(side_table, json_path)


def side_table_fill(collection: str, field: str) -> str:
    """Rebuild one side table from the documents (used when an older store lacks the ord column).
    Same elements as array_values: strings and numbers, once per document."""
    return (
        f"INSERT INTO {side_table(collection, field)} (value, {SIDE_SORT}, _id) "
        f"SELECT DISTINCT e.value, json_extract(c.doc, {json_path(SORT_KEY)}), c._id "
        f"FROM {collection} AS c, json_each(c.doc, {json_path(field)}) AS e "
        "WHERE e.type IN ('text', 'integer', 'real')"
    )


def side_sort_value(doc: dict[str, Any]) -> Any:
    """The document's keyset key as json_extract would return it."""
    return extracted(doc, SORT_KEY)


def extracted(doc: dict[str, Any], path: str) -> Any:
    """`json_extract(doc, '$.<path>')` computed on the decoded document: booleans as 0/1, objects
    and arrays as their JSON text, a missing field as None."""
    value: Any = doc
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, bool):
        return int(value)
    if value is None or isinstance(value, str | int | float):
        return value
    return orjson.dumps(value).decode()


def order_key(doc: dict[str, Any], sort: str) -> tuple[int, Any, str]:
    """Where SQLite's `ORDER BY json_extract(doc, sort), _id` puts the document: NULL first, then
    numbers, then text (compared by code point, as SQLite compares UTF-8 bytes)."""
    value = extracted(doc, sort)
    rank = 0 if value is None else 2 if isinstance(value, str) else 1
    return (rank, 0 if value is None else value, doc["_id"])


def array_values(value: object) -> list[Scalar]:
    """What an array field's side table holds for one document: its distinct scalar elements
    (a scalar stored in an array field counts as a one-element array, as in MongoDB)."""
    items = value if isinstance(value, list) else [value]
    out: dict[Any, None] = {}
    for item in items:
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            out[item] = None
    return list(out)


class Translator:
    """Turns parsed conditions into a WHERE clause against `FROM <collection> AS c`."""

    def __init__(self, collection: str) -> None:
        self.collection = collection
        self.arrays = frozenset(indexed_arrays(collection))

    def where(self, conditions: Sequence[Condition]) -> SQL:
        parts: list[str] = []
        params: list[Any] = []
        for condition in conditions:
            sql, args = self.condition(condition)
            parts.append(sql)
            params.extend(args)
        return (" AND ".join(parts) if parts else "1"), params

    def condition(self, c: Condition) -> SQL:
        if c.op == "eq":
            return self._equals(c.path, c.value)
        if c.op == "ne":
            sql, params = self._equals(c.path, c.value)
            return f"NOT coalesce({sql}, 0)", params
        if c.op == "in":
            return self._any_of(c.path, c.value)
        if c.op == "exists":
            return f"{field_expr(c.path)} IS {'NOT ' if c.value else ''}NULL", []
        if c.op == "gte":
            # Numbers only, as in MongoDB: json_extract turns true into 1, hence the type check.
            type_expr = f"json_type(c.doc, {json_path(c.path)})"
            return f"({field_expr(c.path)} >= ? AND {type_expr} IN ('integer', 'real'))", [c.value]
        return self._contains(c.path, c.value)

    # Equality follows MongoDB: a missing field equals null; an array field equals v when it holds v;
    # true is not 1. json_extract turns true into 1, hence the json_type checks.
    def _equals(self, path: str, value: Scalar) -> SQL:
        if value is None:
            return f"{field_expr(path)} IS NULL", []
        if path in self.arrays:
            table = side_table(self.collection, path)
            return f"c._id IN (SELECT _id FROM {table} WHERE value = ?)", [value]
        if path == "_id" or "." not in path and self._is_indexed(path):
            return self._scalar_equals(field_expr(path), path, value)
        # Any other field may hold an array (aliases, roles, scopes): json_each yields the elements of
        # an array, or the value itself for a scalar, which is MongoDB's "equals or holds".
        sql, params = self._typed_match("e.value", "e.type", value)
        return f"EXISTS (SELECT 1 FROM json_each(c.doc, {json_path(path)}) AS e WHERE {sql})", params

    def _scalar_equals(self, expr: str, path: str, value: Scalar) -> SQL:
        type_expr = "'text'" if path == "_id" else f"json_type(c.doc, {json_path(path)})"
        return self._typed_match(expr, type_expr, value)

    @staticmethod
    def _typed_match(expr: str, type_expr: str, value: Scalar) -> SQL:
        if isinstance(value, bool):
            return f"({expr} = ? AND {type_expr} = '{'true' if value else 'false'}')", [int(value)]
        if isinstance(value, int | float):
            return f"({expr} = ? AND {type_expr} IN ('integer', 'real'))", [value]
        return f"{expr} = ?", [value]

    def _any_of(self, path: str, values: tuple[Scalar, ...]) -> SQL:
        if not values:
            return "0", []
        strings = [v for v in values if isinstance(v, str)]
        others = [v for v in values if not isinstance(v, str)]
        parts: list[str] = []
        params: list[Any] = []
        if strings:
            listed = "(SELECT value FROM json_each(?))"
            if path in self.arrays:
                table = side_table(self.collection, path)
                parts.append(f"c._id IN (SELECT _id FROM {table} WHERE value IN {listed})")
            elif path == "_id" or "." not in path and self._is_indexed(path):
                parts.append(f"{field_expr(path)} IN {listed}")
            else:
                parts.append(
                    f"EXISTS (SELECT 1 FROM json_each(c.doc, {json_path(path)}) AS e "
                    f"WHERE e.type = 'text' AND e.value IN {listed})"
                )
            params.append(orjson.dumps(strings).decode())
        for value in others:  # numbers, booleans and null are rare in $in: one test each
            sql, args = self._equals(path, value)
            parts.append(sql)
            params.extend(args)
        return "(" + " OR ".join(parts) + ")", params

    @staticmethod
    def _contains(path: str, text: str) -> SQL:
        # instr on a lowered copy: a literal substring test, never a LIKE pattern or a regex.
        needle = text.lower()
        if path == "_id":
            return "instr(cg_lower(c._id), ?) > 0", [needle]
        return (
            f"EXISTS (SELECT 1 FROM json_each(c.doc, {json_path(path)}) AS e "
            "WHERE e.type = 'text' AND instr(cg_lower(e.value), ?) > 0)",
            [needle],
        )

    def _is_indexed(self, path: str) -> bool:
        return path in INDEXED_FIELDS.get(self.collection, ())

    # -- ordering ----------------------------------------------------------------------------------
    def sort_expr(self, sort: str) -> str:
        check_field(sort, "sort field")
        if sort in self.arrays:
            raise StoreError(f"{self.collection}: cannot sort by the array field {sort!r}")
        return field_expr(sort)

    @staticmethod
    def after(sort_sql: str, after: Cursor | None, id_sql: str = "c._id") -> SQL:
        """Strictly after (value, _id) in (sort, _id) order; nulls sort first, as in MongoDB."""
        if after is None:
            return "1", []
        value, last_id = after
        if sort_sql == id_sql:
            return f"{id_sql} > ?", [last_id]
        if value is None:
            return f"(({sort_sql} IS NULL AND {id_sql} > ?) OR {sort_sql} IS NOT NULL)", [last_id]
        # Spelled out rather than as a row value `(sort, _id) > (?, ?)`: SQLite does not turn a row
        # value over expression-index columns into an index range, but it does use `sort >= ?`.
        value = int(value) if isinstance(value, bool) else value
        return f"({sort_sql} >= ? AND ({sort_sql} > ? OR {id_sql} > ?))", [value, value, last_id]


# -- whole statements -------------------------------------------------------------------------------
def get_many_sql(collection: str, ids: list[str]) -> tuple[str, list[Any]]:
    sql = f"SELECT _id, doc FROM {collection} WHERE _id IN (SELECT value FROM json_each(?))"
    return sql, [orjson.dumps(ids).decode()]


def find_sql(
    collection: str, where: Where, *, sort: str, after: Cursor | None, limit: int | None
) -> tuple[str, list[Any]]:
    translator = Translator(collection)
    conditions = parse_where(where)
    sort_sql = translator.sort_expr(sort)
    driver = _array_driver(translator, conditions, sort)
    params: list[Any] = []
    if driver is None:
        source, id_sql = f"{collection} AS c", "c._id"
        clause, more = translator.where(conditions)
    else:
        # Equality on an array field, ordered by the keyset key: walk the side table's
        # (value, ord, _id) index from the cursor instead of sorting every matching document.
        table = side_table(collection, driver.path)
        source = f"{table} AS g JOIN {collection} AS c ON c._id = g._id"
        sort_sql, id_sql = f"g.{SIDE_SORT}", "g._id"
        clause, more = translator.where([c for c in conditions if c is not driver])
        clause = f"g.value = ? AND {clause}"
        params.append(driver.value)
    params += more
    after_sql, after_params = translator.after(sort_sql, check_cursor(after), id_sql)
    sql = f"SELECT c.doc FROM {source} WHERE {clause} AND {after_sql} ORDER BY {sort_sql}, {id_sql}"
    params += after_params
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return sql, params


def _array_driver(translator: Translator, conditions: list[Condition], sort: str) -> Condition | None:
    if sort != SORT_KEY:
        return None
    for condition in conditions:
        if condition.op == "eq" and condition.path in translator.arrays and condition.value is not None:
            return condition
    return None


def group_source(
    translator: Translator, group_field: str, keys: list[Any]
) -> tuple[str, str, list[Any], dict[Any, Any]]:
    """FROM clause, group expression, the keys as one JSON parameter, and SQLite's form of each key
    mapped back to the caller's (json_each turns true into 1)."""
    check_field(group_field, "group field")
    for key in keys:
        check_scalar(group_field, key)
    originals = {(int(k) if isinstance(k, bool) else k): k for k in keys}
    key_param = [orjson.dumps(keys).decode()]
    collection = translator.collection
    if group_field in translator.arrays:
        table = side_table(collection, group_field)
        return f"{collection} AS c JOIN {table} AS g ON g._id = c._id", "g.value", key_param, originals
    return f"{collection} AS c", field_expr(group_field), key_param, originals


def find_grouped_sql(
    collection: str,
    group_field: str,
    keys: list[Any],
    where: Where,
    *,
    sort: str,
    after: Cursor | None,
    limit: int | None,
    newest_first: bool = False,
) -> tuple[str, list[Any], dict[Any, Any]]:
    """One statement. With a limit, each key's page is a correlated `ORDER BY … LIMIT` subquery, i.e.
    one short index range per key (a lateral join, which SQLite spells this way). The obvious
    `row_number() OVER (PARTITION BY key …) <= limit` numbers *every* matching row first: measured
    on 100k Zipf-distributed claims, 50 speakers x 10 took 739 ms that way and 11 ms this way,
    and the gap grows with the busiest speaker's claim count."""
    translator = Translator(collection)
    clause, params = translator.where(parse_where(where))
    sort_sql, id_sql = translator.sort_expr(sort), "c._id"
    source, group_sql, key_params, originals = group_source(translator, group_field, keys)
    if group_sql == "g.value" and sort == SORT_KEY:
        sort_sql, id_sql = f"g.{SIDE_SORT}", "g._id"  # the side table's (value, ord, _id) index
    after_sql, after_params = translator.after(sort_sql, check_cursor(after), id_sql)
    way = " DESC" if newest_first else ""
    if limit is None:
        sql = (
            f"SELECT {group_sql}, c.doc FROM {source} WHERE {group_sql} IN (SELECT value FROM json_each(?)) "
            f"AND {clause} AND {after_sql} ORDER BY {group_sql}, {sort_sql}{way}, {id_sql}{way}"
        )
        return sql, key_params + params + after_params, originals
    picked = "g._id" if group_sql == "g.value" else "c._id"
    if picked == "g._id" and sort_sql == f"g.{SIDE_SORT}" and not params:
        source = f"{side_table(collection, group_field)} AS g"  # nothing to test on the documents
    page = (
        f"SELECT {picked} FROM {source} WHERE {group_sql} = k.value AND {clause} AND {after_sql} "
        f"ORDER BY {sort_sql}{way}, {id_sql}{way} LIMIT ?"
    )
    # Unordered: the caller puts each key's page in order (order_key) on the decoded documents. In
    # SQL that order took json_extract over every returned document and a sort of the rows with
    # their documents: half of the statement's time for 1,350 LSH band keys of 100k articles.
    # CROSS JOIN: SQLite keeps the keys as the outer loop (without it, it may scan the collection).
    sql = f"SELECT k.value, o.doc FROM json_each(?) AS k CROSS JOIN {collection} AS o WHERE o._id IN ({page})"
    return sql, key_params + params + after_params + [limit], originals
