"""The connection types of the public contract (edges, pages) and the connections they page
through: `claim_connection` with the filter and prefetch it uses, and those of a claim's
relationships (related claims, relations, mentions, sources).

The edge nodes name the node types lazily (resolved when the schema is built), and the functions
take the node type's `from_doc` as an argument: schema.types imports this module for the
connections its fields return, and nothing here imports schema.types.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Generic, Protocol, TypeVar

import strawberry
from strawberry import Private

from schema.dataloaders import REJECTED, Doc, _CountLoader, _PagedLoader, merge_relations
from schema.enums import RelationStatus, RelationType
from schema.errors import Forbidden
from schema.filters import ClaimFilter, claim_where
from schema.pagination import (
    SORT_FIELD,
    PageInfo,
    PageRequest,
    encode_cursor,
    make_page,
    page_request,
)
from schema.prefetch import Fields, below, claim_loads, merged, prefetch, selection
from schema.resolving import CountSource, Info

if TYPE_CHECKING:
    from schema.types import Article, Claim, ClaimRelation, Entity, Source

# How a connection makes its nodes from documents: the node type's `from_doc`, passed in by
# schema.types (which imports this module, so this one never imports it back).
NodeOf = Callable[[Doc], Any]


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
SourceNode = Annotated["Source", strawberry.lazy("schema.types")]
ClaimRelationNode = Annotated["ClaimRelation", strawberry.lazy("schema.types")]


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


@strawberry.type(description="A source in a connection, with the cursor to page on from it.")
class SourceEdge(Edge[SourceNode]):
    pass


@strawberry.type(description="A page of a claim's sources.")
class SourceConnection(Connection[SourceEdge]):
    pass


@strawberry.type(description="A relation in a connection, with the cursor to page on from it.")
class ClaimRelationEdge(Edge[ClaimRelationNode]):
    pass


@strawberry.type(description="A page of a claim's relations.")
class ClaimRelationConnection(Connection[ClaimRelationEdge]):
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
    node: NodeOf,
) -> ClaimConnection:
    """A page of a parent's claims through a paged loader; totalCount through its count loader,
    only when asked for. `node` is Claim.from_doc."""
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
        edges=[ClaimEdge(node=node(d), tag=page.tag, doc=d) for d in page.docs],
        page_info=page.page_info,
        count_source=page.total_count,
    )


# -- the connections of a claim's relationships -----------------------------------------------------
# A claim's related claims, relations, mentions and sources are cursor connections too. Related
# claims and relations page through the relations collection (keyset on the relation's `order`), so
# a level of them costs one `find_grouped` per relationship for every claim of the level, one
# `get_many` for the claims at the other end, and, when asked for, one `count_grouped`. Mentions
# and sources are held by the claim itself (a handful each): they are paged in memory, over the
# entities of the level loaded in one `get_many`.

RELATION_STATUS_SCOPE = "write"  # rejected relations are the reviewers' record


def relation_where(type_: RelationType | None, status: RelationStatus) -> dict[str, Any]:
    where: dict[str, Any] = (
        {"status": REJECTED} if status is RelationStatus.REJECTED else {"status": {"$ne": REJECTED}}
    )
    if type_ is not None:
        where["type"] = type_.value
    return where


def check_status(info: Info, status: RelationStatus, field: str) -> None:
    """Rejected relations only for keys with the scope to review them."""
    if status is RelationStatus.REJECTED and not info.context.principal.has_scope(RELATION_STATUS_SCOPE):
        raise Forbidden(
            f"{field}(status: REJECTED): rejected relations are shown only to API keys with the "
            f"'{RELATION_STATUS_SCOPE}' scope"
        )


async def related_claims_connection(
    info: Info,
    field: str,
    claim_id: str,
    first: int | None,
    after: str | None,
    type_: RelationType,
    *,
    outgoing: bool,
    node: NodeOf,
) -> ClaimConnection:
    """A page of the claims at the other end of a claim's active relations of one type: the
    edges' cursors are the relations' keyset positions. `node` is Claim.from_doc."""
    loaders = info.context.loaders
    where = relation_where(type_, RelationStatus.ACTIVE)
    request = page_request(field, claim_id, first, after, where, info.context.max_first)
    pages = loaders.relation_pages_from_claim if outgoing else loaders.relation_pages_to_claim
    counts = loaders.relation_count_from_claim if outgoing else loaders.relation_count_to_claim
    fields = selection(info)
    count_key = (claim_id, request.where_key)
    if "totalCount" in fields:
        counts.hold([count_key])
    relations = await pages.load(request.key(claim_id))
    page = make_page(request, relations, lambda: counts.load(count_key))
    other = "to_claim" if outgoing else "from_claim"
    claims = await loaders.claim_by_id.load_many([r[other] for r in page.docs])
    await prefetch_claims(info, claims, below(fields, "edges", "node"), last=counts.release)
    return ClaimConnection(
        edges=[
            ClaimEdge(node=node(c), tag=page.tag, doc=r)
            for r, c in zip(page.docs, claims, strict=True)
            if c is not None
        ],
        page_info=page.page_info,
        count_source=page.total_count,
    )


async def relations_connection(
    info: Info, claim_id: str, first: int | None, after: str | None, status: RelationStatus, node: NodeOf
) -> ClaimRelationConnection:
    """A page of a claim's relations both ways, in `order`: the first `first` + 1 of each
    direction after the cursor, merged (two `find_grouped` per level, one per direction).
    `node` is ClaimRelation.from_doc."""
    field = "Claim.relationsConnection"
    check_status(info, status, "relationsConnection")
    loaders = info.context.loaders
    where = relation_where(None, status)
    request = page_request(field, claim_id, first, after, where, info.context.max_first)
    fields = selection(info)
    count_key = (claim_id, request.where_key)
    if "totalCount" in fields:
        loaders.relation_count_from_claim.hold([count_key])
        loaders.relation_count_to_claim.hold([count_key])
    outgoing, incoming = await asyncio.gather(
        loaders.relation_pages_from_claim.load(request.key(claim_id)),
        loaders.relation_pages_to_claim.load(request.key(claim_id)),
    )

    async def total() -> int:
        out, into = await asyncio.gather(
            loaders.relation_count_from_claim.load(count_key),
            loaders.relation_count_to_claim.load(count_key),
        )
        return out + into

    page = make_page(request, merge_relations(outgoing, incoming), total)
    node_fields = below(fields, "edges", "node") or {}
    ends = merged(sub for sub in (below(node_fields, "from"), below(node_fields, "to")) if sub is not None)

    def released() -> None:
        loaders.relation_count_from_claim.release()
        loaders.relation_count_to_claim.release()

    if ends:
        others = list(dict.fromkeys(r[e] for r in page.docs for e in ("from_claim", "to_claim")))
        docs = await loaders.claim_by_id.load_many(others)
        await prefetch_claims(info, docs, ends, last=released)
    else:
        released()
    if "reviews" in node_fields:
        await loaders.reviews_by_relation.load_many([r["_id"] for r in page.docs])
    return ClaimRelationConnection(
        edges=[ClaimRelationEdge(node=node(r), tag=page.tag, doc=r) for r in page.docs],
        page_info=page.page_info,
        count_source=page.total_count,
    )


def page_in_memory(request: PageRequest, docs: Sequence[Doc]) -> tuple[list[Doc], PageInfo, CountSource]:
    """A page of a list the parent holds: `docs` in (order, _id) order, after the cursor, cut to
    `first`; its count is the list's length."""
    ordered = sorted(docs, key=_keyset)
    if request.after is not None:
        position = (str(request.after[0] or ""), str(request.after[1]))
        ordered = [d for d in ordered if _keyset(d) > position]
    total = len(docs)

    async def count() -> int:
        return total

    page = make_page(request, ordered[: request.first + 1], count)
    return page.docs, page.page_info, count


def _keyset(doc: Doc) -> tuple[str, str]:
    return (str(doc.get(SORT_FIELD) or ""), str(doc["_id"]))


def source_docs(sources: Sequence[Source]) -> list[Doc]:
    """A claim's sources as the documents a page is made of: their position is their keyset."""
    return [{"_id": f"{i:06d}", SORT_FIELD: f"{i:06d}", "source": s} for i, s in enumerate(sources)]


def sources_connection(
    info: Info, claim_id: str, sources: Sequence[Source], first: int | None, after: str | None
) -> SourceConnection:
    request = page_request("Claim.sourcesConnection", claim_id, first, after, {}, info.context.max_first)
    tag = request.tag
    docs, page_info, count = page_in_memory(request, source_docs(sources))
    return SourceConnection(
        edges=[SourceEdge(node=d["source"], tag=tag, doc=d) for d in docs],
        page_info=page_info,
        count_source=count,
    )


async def mentions_connection(
    info: Info,
    claim_id: str,
    mention_ids: Sequence[str],
    first: int | None,
    after: str | None,
    node: NodeOf,
) -> EntityConnection:
    """A page of the entities a claim names, in name order (merged entities answer as the one
    kept, once). `node` is Entity.from_doc."""
    request = page_request("Claim.mentionsConnection", claim_id, first, after, {}, info.context.max_first)
    loaded = await info.context.loaders.entity_by_id.load_many(list(mention_ids))
    unique = list({d["_id"]: d for d in loaded if d is not None}.values())
    docs, page_info, count = page_in_memory(request, unique)
    return EntityConnection(
        edges=[EntityEdge(node=node(d), tag=request.tag, doc=d) for d in docs],
        page_info=page_info,
        count_source=count,
    )
