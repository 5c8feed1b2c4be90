"""The filter language of store.base, translated into MongoDB queries and aggregation stages.

User text only ever becomes a value: `$contains` is an escaped, case-insensitive regex, never the
caller's pattern. Used by store.mongo.
"""

from __future__ import annotations

import re
from typing import Any

from pymongo import ASCENDING

from store.base import Cursor, StoreError, Where
from store.documents import ARRAY_FIELDS, INDEXED_FIELDS
from store.where import Condition, check_cursor, check_field, check_scalar, parse_where

GROUP = "__claimgraph_group"  # the copy of the group field that $unwind consumes


def mongo_condition(c: Condition) -> dict[str, Any]:
    if c.op == "eq":
        return {c.path: c.value}
    if c.op == "ne":
        return {c.path: {"$ne": c.value}}
    if c.op == "in":
        return {c.path: {"$in": list(c.value)}}
    if c.op == "exists":
        # The filter language's $exists means "present and not null" (MongoDB's counts null).
        return {c.path: {"$ne": None}} if c.value else {c.path: None}
    if c.op == "gte":  # MongoDB compares numbers with numbers only, as the filter language says
        return {c.path: {"$gte": c.value}}
    return {c.path: {"$regex": re.escape(c.value), "$options": "i"}}


def keyset(sort: str, after: Cursor | None) -> dict[str, Any] | None:
    after = check_cursor(after)
    if after is None:
        return None
    value, last_id = after
    if sort == "_id":
        return {"_id": {"$gt": last_id}}
    if value is None:  # nulls sort first: the rest of the nulls, then every non-null value
        return {"$or": [{sort: None, "_id": {"$gt": last_id}}, {sort: {"$ne": None}}]}
    return {"$or": [{sort: {"$gt": value}}, {sort: value, "_id": {"$gt": last_id}}]}


def mongo_query(where: Where, *extra: dict[str, Any] | None) -> dict[str, Any]:
    parts = [mongo_condition(c) for c in parse_where(where)] + [e for e in extra if e]
    if not parts:
        return {}
    return parts[0] if len(parts) == 1 else {"$and": parts}


def index_specs(collection: str) -> list[list[tuple[str, int]]]:
    fields = INDEXED_FIELDS.get(collection, ())
    tail = ["order"] if "order" in fields else []
    return [
        [(f, ASCENDING) for f in [field, *(t for t in tail if t != field)]] + [("_id", ASCENDING)]
        for field in fields
    ]


def sort_field(sort: str) -> str:
    check_field(sort, "sort field")
    if sort in ARRAY_FIELDS:
        raise StoreError(f"cannot sort by the array field {sort!r}")
    return sort


def sort_spec(sort: str) -> list[tuple[str, int]]:
    return [("_id", ASCENDING)] if sort == "_id" else [(sort, ASCENDING), ("_id", ASCENDING)]


def group_pipeline(group_field: str, keys: list[Any], query: dict[str, Any]) -> list[dict[str, Any]]:
    """Match the keys (an index lookup), then one row per (key, document) in a copy of the group
    field, so an array field is unwound without touching the documents returned."""
    check_field(group_field, "group field")
    for key in keys:
        check_scalar(group_field, key)
    first = {group_field: {"$in": keys}}
    match = {"$and": [first, query]} if query else first
    return [
        {"$match": match},
        {"$addFields": {GROUP: f"${group_field}"}},
        {"$unwind": f"${GROUP}"},
        {"$match": {GROUP: {"$in": keys}}},
    ]
