"""Cursor connections: keyset pagination on each collection's `order` field plus `_id`.

A cursor is opaque to clients (urlsafe base64 of JSON) and records which connection it belongs
to — a tag made of the field, the parent id and a hash of the filter — next to the (order, _id)
keyset position. A cursor handed to another connection (another actor's statements, the same
list under another filter) is refused with BAD_USER_INPUT instead of silently paging through
the wrong list. Pages never use skip/offset, so page 1000 costs what page 1 costs.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import strawberry

from schema.errors import BadUserInput
from store.base import Cursor
from store.documents import digest

DEFAULT_FIRST = 20
SORT_FIELD = "order"
MAX_CURSOR_LENGTH = 2000  # far above any real cursor; refuses pasted garbage before decoding

Doc = dict[str, Any]


@strawberry.type(description="Where a page stands in its connection (Relay cursor connections).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more items follow this page.")
    has_previous_page: bool = strawberry.field(
        description="Whether items precede this page (true whenever `after` was given)."
    )
    start_cursor: str | None = strawberry.field(description="The cursor of the first item; null when empty.")
    end_cursor: str | None = strawberry.field(
        description="The cursor of the last item: pass it as `after` for the next page."
    )


def canonical(where: Mapping[str, Any]) -> str:
    """A filter as a stable string: equal filters give equal strings (keys sorted)."""
    return json.dumps(where, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def connection_tag(field: str, parent_id: str, where_key: str) -> str:
    """What a cursor is bound to: this field, of this parent, under this filter."""
    return digest(field, parent_id, where_key, length=12)


def check_first(first: int | None, max_first: int) -> int:
    if first is None:
        return DEFAULT_FIRST
    if not 0 <= first <= max_first:
        raise BadUserInput(f"first must be between 0 and {max_first}, got {first}")
    return first


def encode_cursor(tag: str, doc: Mapping[str, Any]) -> str:
    raw = json.dumps([tag, doc.get(SORT_FIELD), doc["_id"]], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii")


def decode_cursor(cursor: str, tag: str) -> Cursor:
    """The keyset position in `cursor`, which must belong to the connection `tag` names."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise BadUserInput("after: not a cursor (too long)")
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8"))
    except (UnicodeError, binascii.Error, ValueError):
        raise BadUserInput("after: not a cursor of this API (pass a cursor from a previous page)") from None
    if (
        not isinstance(value, list)
        or len(value) != 3
        or not isinstance(value[0], str)
        or not isinstance(value[2], str)
        or isinstance(value[1], (list, dict))
    ):
        raise BadUserInput("after: not a cursor of this API (pass a cursor from a previous page)")
    if value[0] != tag:
        raise BadUserInput(
            "after: this cursor belongs to another connection (another field, parent or filter); "
            "use a cursor from this same connection"
        )
    return (value[1], value[2])


@dataclass(frozen=True)
class PageKey:
    """One page request as a hashable DataLoader key. `limit` is first + 1: the extra document
    tells whether a next page exists."""

    parent_id: str
    limit: int
    after: Cursor | None
    where_key: str  # canonical(where)

    @property
    def where(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.where_key)
        return loaded


@dataclass
class Page:
    """One page of documents, before it becomes a typed connection. Cursors are made only when
    asked for (`cursor_of`): most queries never read the cursor of every edge."""

    docs: list[Doc]
    tag: str
    page_info: PageInfo
    total_count: Callable[[], Awaitable[int]]


@dataclass(frozen=True)
class PageRequest:
    """A validated page request: how many, after what, under which tag."""

    first: int
    after: Cursor | None
    tag: str
    where_key: str

    def key(self, parent_id: str) -> PageKey:
        return PageKey(parent_id, self.first + 1, self.after, self.where_key)


def page_request(
    field: str, parent_id: str, first: int | None, after: str | None, where: Mapping[str, Any], max_first: int
) -> PageRequest:
    n = check_first(first, max_first)
    where_key = canonical(where)
    tag = connection_tag(field, parent_id, where_key)
    # `after` omitted arrives as strawberry.UNSET, explicit null as None: both mean "from the start".
    position = decode_cursor(after, tag) if isinstance(after, str) else None
    return PageRequest(n, position, tag, where_key)


def make_page(request: PageRequest, fetched: list[Doc], total_count: Callable[[], Awaitable[int]]) -> Page:
    """`fetched` holds up to first + 1 documents in order; the extra one only signals more."""
    docs = fetched[: request.first]
    info = PageInfo(
        has_next_page=len(fetched) > request.first,
        has_previous_page=request.after is not None,
        start_cursor=encode_cursor(request.tag, docs[0]) if docs else None,
        end_cursor=encode_cursor(request.tag, docs[-1]) if docs else None,
    )
    return Page(docs, request.tag, info, total_count)
