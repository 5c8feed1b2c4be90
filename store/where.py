"""Parsing and validating the filter language of store/base.py, shared by both backends.

Both backends translate the same `Condition` list, so a filter is refused (or accepted) for the
same reason whichever store answers. Validation is strict on purpose: field names are inlined into
SQL (the planner only uses an expression index when the expression text matches) and become keys
of MongoDB queries, so a field name may never carry quotes, `$` or anything but a dotted identifier,
and a value may never be a mapping (which MongoDB would read as operators).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from store.base import Cursor, StoreError, Where

Op = Literal["eq", "in", "ne", "exists", "contains", "gte"]
Scalar = str | int | float | bool | None

_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_OPERATORS: dict[str, Op] = {
    "$in": "in",
    "$ne": "ne",
    "$exists": "exists",
    "$contains": "contains",
    "$gte": "gte",
}


@dataclass(frozen=True, slots=True)
class Condition:
    path: str
    op: Op
    value: Any  # Scalar for eq/ne, tuple[Scalar, ...] for in, bool for exists, str for contains,
    # int | float for gte


def check_field(path: object, what: str = "field") -> str:
    """A dotted identifier path, or StoreError naming the bad input."""
    if not isinstance(path, str) or not _FIELD.fullmatch(path):
        raise StoreError(f"invalid {what} name {path!r}: expected a dotted identifier such as 'span.start'")
    return path


def check_scalar(path: str, value: object) -> Scalar:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    raise StoreError(
        f"filter on {path!r}: value {value!r} is a {type(value).__name__}; only strings, numbers, "
        "booleans and null can be compared"
    )


def parse_where(where: Where) -> list[Condition]:
    if not isinstance(where, Mapping):
        raise StoreError(f"filter must be a mapping of field to condition, not {type(where).__name__}")
    conditions: list[Condition] = []
    for path, spec in where.items():
        check_field(path)
        if isinstance(spec, Mapping):
            if len(spec) != 1:
                raise StoreError(f"filter on {path!r}: expected exactly one operator, got {list(spec)!r}")
            ((key, operand),) = spec.items()
            op = _OPERATORS.get(key)
            if op is None:
                raise StoreError(
                    f"filter on {path!r}: unknown operator {key!r} (allowed: {', '.join(_OPERATORS)})"
                )
            conditions.append(_parse_operator(path, op, operand))
        else:
            conditions.append(Condition(path, "eq", check_scalar(path, spec)))
    return conditions


def _parse_operator(path: str, op: Op, operand: object) -> Condition:
    if op == "in":
        if isinstance(operand, str | bytes) or not isinstance(operand, list | tuple | set | frozenset):
            raise StoreError(f"filter on {path!r}: $in needs a list of values, not {operand!r}")
        return Condition(path, op, tuple(dict.fromkeys(check_scalar(path, v) for v in operand)))
    if op == "exists":
        if not isinstance(operand, bool):
            raise StoreError(f"filter on {path!r}: $exists needs true or false, not {operand!r}")
        return Condition(path, op, operand)
    if op == "gte":
        if isinstance(operand, bool) or not isinstance(operand, int | float):
            raise StoreError(f"filter on {path!r}: $gte needs a number, not {operand!r}")
        return Condition(path, op, operand)
    if op == "contains":
        if not isinstance(operand, str):
            raise StoreError(f"filter on {path!r}: $contains needs a string, not {operand!r}")
        return Condition(path, op, operand)
    return Condition(path, op, check_scalar(path, operand))


def check_cursor(after: Cursor | None) -> Cursor | None:
    if after is None:
        return None
    if not isinstance(after, tuple | list) or len(after) != 2 or not isinstance(after[1], str):
        raise StoreError(f"invalid cursor {after!r}: expected (sort value, _id)")
    return (check_scalar("cursor", after[0]), after[1])


def check_limit(limit: int | None) -> int | None:
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise StoreError(f"invalid limit {limit!r}: expected a whole number >= 0")
    return limit


def check_update_fields(collection: str, fields: Mapping[str, Any]) -> None:
    for name in fields:
        if not isinstance(name, str) or not _FIELD.fullmatch(name) or name == "_id" or "." in name:
            raise StoreError(f"{collection}: update_many sets top-level fields other than _id, not {name!r}")
