"""The aliases the type modules share: the resolver `Info`, `Soon` (a value or an awaitable of
it) and the paging and filter arguments."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeAlias, TypeVar

import strawberry

from schema.context import Context
from schema.filters import ClaimFilter

Info = strawberry.Info[Context, None]
CountSource = Callable[[], Awaitable[int]]
T = TypeVar("T")
# What a relationship resolver returns: the value when its documents are loaded, else an awaitable
# of it (each such field names its GraphQL type in `graphql_type`).
Soon: TypeAlias = T | Awaitable[T]

FIRST = Annotated[int | None, strawberry.argument(description="How many items to return: 0 to 100.")]
AFTER = Annotated[
    str | None,
    strawberry.argument(description="Return items after this cursor (a previous page's endCursor)."),
]
FILTER = Annotated[ClaimFilter | None, strawberry.argument(description="Only the claims that match.")]
