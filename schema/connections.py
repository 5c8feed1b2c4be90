"""The connection types of the public contract (edges, pages) and the claim connection they
page through: `claim_connection`, with the filter and prefetch it uses.

The edge nodes name the node types lazily: schema.types imports this module for the
connections its fields return.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Generic, Protocol, TypeVar

import strawberry
from strawberry import Private

from schema.dataloaders import Doc, _CountLoader, _PagedLoader
from schema.filters import ClaimFilter, claim_where
from schema.pagination import PageInfo, encode_cursor, make_page, page_request
from schema.prefetch import Fields, below, claim_loads, prefetch, selection
from schema.resolving import CountSource, Info

if TYPE_CHECKING:
    from schema.types import Article, Claim, Entity


class _EdgeSource(Protocol):
    tag: str
    doc: Doc


def edge_cursor(self: _EdgeSource) -> str:
    """An edge's cursor, made only when the query asks for it."""
    return encode_cursor(self.tag, self.doc)


NodeT = TypeVar("NodeT")


@strawberry.type
class Edge(Generic[NodeT]):
    """One node of a connection and the cursor after it; each node type names its own subclass."""

    cursor: str = strawberry.field(
        resolver=edge_cursor, description="Pass as `after` to continue after this node."
    )
    node: NodeT = strawberry.field(description="What this edge leads to.")
    tag: Private[str]
    doc: Private[Doc]


EdgeT = TypeVar("EdgeT")


@strawberry.type
class Connection(Generic[EdgeT]):
    """One page of a connection: its edges, where it stands, and the count across all pages."""

    edges: list[EdgeT] = strawberry.field(description="This page's edges, in order.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")
    count_source: Private[CountSource]

    @strawberry.field(
        description="How many nodes the whole connection holds, across all pages.", graphql_type=int
    )
    def total_count(self) -> Awaitable[int]:
        return self.count_source()  # started with the page, so usually already under way


# The node types are named lazily: schema.types imports this module for the connections its
# fields return.
ClaimNode = Annotated["Claim", strawberry.lazy("schema.types")]
EntityNode = Annotated["Entity", strawberry.lazy("schema.types")]
ArticleNode = Annotated["Article", strawberry.lazy("schema.types")]


@strawberry.type(description="A claim in a connection, with the cursor to page on from it.")
class ClaimEdge(Edge[ClaimNode]):
    pass


@strawberry.type(description="A page of claims.")
class ClaimConnection(Connection[ClaimEdge]):
    pass


@strawberry.type(description="An entity in a connection, with the cursor to page on from it.")
class EntityEdge(Edge[EntityNode]):
    pass


@strawberry.type(description="A page of entities.")
class EntityConnection(Connection[EntityEdge]):
    pass


@strawberry.type(description="An article in a connection, with the cursor to page on from it.")
class ArticleEdge(Edge[ArticleNode]):
    pass


@strawberry.type(description="A page of articles.")
class ArticleConnection(Connection[ArticleEdge]):
    pass


async def prefetch_claims(
    info: Info, docs: Sequence[Doc | None], fields: Fields | None, *, last: Callable[[], None] | None = None
) -> None:
    """Load what `fields` (a selection on Claim) asks for below `docs`, level by level; `last`
    runs when the last level is queued."""
    await prefetch(claim_loads(info.context.loaders, docs, fields) if fields else [], last=last)


async def claim_filter_where(info: Info, claim_filter: ClaimFilter | None) -> dict[str, Any]:
    """The store filter for a ClaimFilter, with a `speaker` that was merged away replaced by
    the entity it was merged into (its claims moved there)."""
    where = claim_where(claim_filter)
    if "speaker_id" in where:
        doc = await info.context.loaders.entity_by_id.load(where["speaker_id"])
        if doc is not None:
            where["speaker_id"] = doc["_id"]
    return where


async def claim_connection(
    info: Info,
    field: str,
    parent_id: str,
    first: int | None,
    after: str | None,
    where: dict[str, Any],
    loader: _PagedLoader,
    count_loader: _CountLoader,
) -> ClaimConnection:
    """A page of a parent's claims through a paged loader; totalCount through its count loader,
    only when asked for."""
    from schema.types import Claim  # a cycle at import time: schema.types imports this module

    context = info.context
    request = page_request(field, parent_id, first, after, where, context.max_first)
    fields = selection(info)
    # The count is queued in the same loop turn as the page, so sibling connections share its
    # batch, but held back until the last level of the prefetch is queued: the store runs its
    # calls in order, and a count (which grows with the parent's claims, unlike a page) then
    # runs while graphql-core completes the response instead of before the next level.
    page_key, count_key = request.key(parent_id), (parent_id, request.where_key)
    if "totalCount" in fields:
        count_loader.hold([count_key])
    fetched = await loader.load(page_key)
    context.loaders.claim_by_id.prime_docs(fetched)
    page = make_page(request, fetched, lambda: count_loader.load(count_key))
    await prefetch_claims(info, page.docs, below(fields, "edges", "node"), last=count_loader.release)
    return ClaimConnection(
        edges=[ClaimEdge(node=Claim.from_doc(d), tag=page.tag, doc=d) for d in page.docs],
        page_info=page.page_info,
        count_source=page.total_count,
    )
