"""The Query root: look-ups by id and name, and the top-level connections."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from schema.connections import (
    ArticleConnection,
    ArticleEdge,
    ClaimConnection,
    ClaimEdge,
    EntityConnection,
    EntityEdge,
    claim_filter_where,
    prefetch_claims,
)
from schema.enums import EntityKind
from schema.errors import BadUserInput
from schema.filters import article_where, entity_where
from schema.ids import expect_id, shown
from schema.pagination import SORT_FIELD, Page, make_page, page_request
from schema.prefetch import article_loads, below, prefetch, selection
from schema.resolving import AFTER, FILTER, FIRST, Info
from schema.types import Article, Claim, Entity, Node
from store.documents import collection_of, normalize_name

MAX_NAME_LENGTH = 300
# How many entities may share a normalized name before actor() stops looking for one that was
# not merged away: ambiguity past this is a data problem, not something to page through.
ACTOR_CANDIDATES = 10

NODE_TYPES: dict[str, type[Article] | type[Claim] | type[Entity]] = {
    "articles": Article,
    "claims": Claim,
    "entities": Entity,
}

ID_ARG = Annotated[strawberry.ID, strawberry.argument(description="The object's id.")]


async def _top_level_page(
    info: Info, field: str, collection: str, first: int | None, after: str | None, where: dict[str, Any]
) -> Page:
    """A page of a whole collection: one `find` (first + 1 documents) and, when totalCount is
    asked for, one `count`."""
    context = info.context
    request = page_request(field, "", first, after, where, context.max_first)
    fetched = await context.store.find(
        collection, where, sort=SORT_FIELD, after=request.after, limit=request.first + 1
    )

    async def total() -> int:
        return await context.store.count(collection, where)

    return make_page(request, fetched, total)


@strawberry.type(description="Everything claimgraph answers: who said what, who backs or contradicts whom.")
class Query:
    @strawberry.field(description="Any Article, Claim or Entity by its id; null when there is none.")
    async def node(self, info: Info, id: ID_ARG) -> Node | None:
        collection = collection_of(str(id))
        if collection is None:
            raise BadUserInput(f"id: {shown(id)} is not a claimgraph id")
        if collection not in NODE_TYPES:
            raise BadUserInput(f"id: {shown(id)} is not the id of an Article, Claim or Entity")
        loader = {
            "articles": info.context.loaders.article_by_id,
            "claims": info.context.loaders.claim_by_id,
            "entities": info.context.loaders.entity_by_id,
        }[collection]
        doc = await loader.load(str(id))
        return NODE_TYPES[collection].from_doc(doc) if doc else None

    @strawberry.field(
        description='An entity by name or alias, in any case: actor(name: "irgc"). An entity merged '
        "into another answers with the one kept; null when no entity goes by that name."
    )
    async def actor(
        self,
        info: Info,
        name: Annotated[str, strawberry.argument(description="A name or alias, any case.")],
    ) -> Entity | None:
        return await find_actor(info, name)

    @strawberry.field(description="An entity by id (an id merged away answers with the entity kept).")
    async def entity(self, info: Info, id: ID_ARG) -> Entity | None:
        doc = await info.context.loaders.entity_by_id.load(expect_id(str(id), "entities", "id"))
        return Entity.from_doc(doc) if doc else None

    @strawberry.field(description="Entities in name order, by kind and by words in the name.")
    async def entities(
        self,
        info: Info,
        first: FIRST = 20,
        after: AFTER = strawberry.UNSET,
        search: Annotated[
            str | None, strawberry.argument(description="Words in the name: a substring, any case, literal.")
        ] = strawberry.UNSET,
        kind: Annotated[
            EntityKind | None, strawberry.argument(description="Only entities of this kind.")
        ] = strawberry.UNSET,
    ) -> EntityConnection:
        page = await _top_level_page(
            info, "Query.entities", "entities", first, after, entity_where(search, kind)
        )
        info.context.loaders.entity_by_id.prime_docs(page.docs)
        return EntityConnection(
            edges=[EntityEdge(node=Entity.from_doc(d), tag=page.tag, doc=d) for d in page.docs],
            page_info=page.page_info,
            count_source=page.total_count,
        )

    @strawberry.field(description="A claim by id.")
    async def claim(self, info: Info, id: ID_ARG) -> Claim | None:
        doc = await info.context.loaders.claim_by_id.load(expect_id(str(id), "claims", "id"))
        await prefetch_claims(info, [doc], selection(info))
        return Claim.from_doc(doc) if doc else None

    @strawberry.field(description="Claims in publication order, narrowed by a filter.")
    async def claims(
        self,
        info: Info,
        first: FIRST = 20,
        after: AFTER = strawberry.UNSET,
        filter: FILTER = strawberry.UNSET,
    ) -> ClaimConnection:
        where = await claim_filter_where(info, filter)
        page = await _top_level_page(info, "Query.claims", "claims", first, after, where)
        info.context.loaders.claim_by_id.prime_docs(page.docs)
        await prefetch_claims(info, page.docs, below(selection(info), "edges", "node"))
        return ClaimConnection(
            edges=[ClaimEdge(node=Claim.from_doc(d), tag=page.tag, doc=d) for d in page.docs],
            page_info=page.page_info,
            count_source=page.total_count,
        )

    @strawberry.field(description="An article by id.")
    async def article(self, info: Info, id: ID_ARG) -> Article | None:
        doc = await info.context.loaders.article_by_id.load(expect_id(str(id), "articles", "id"))
        return Article.from_doc(doc) if doc else None

    @strawberry.field(description="Articles in publication order, by words in the title.")
    async def articles(
        self,
        info: Info,
        first: FIRST = 20,
        after: AFTER = strawberry.UNSET,
        search: Annotated[
            str | None, strawberry.argument(description="Words in the title: a substring, any case, literal.")
        ] = strawberry.UNSET,
    ) -> ArticleConnection:
        page = await _top_level_page(info, "Query.articles", "articles", first, after, article_where(search))
        info.context.loaders.article_by_id.prime_docs(page.docs)
        fields = below(selection(info), "edges", "node")
        if fields:
            await prefetch(article_loads(info.context.loaders, page.docs, fields))
        return ArticleConnection(
            edges=[ArticleEdge(node=Article.from_doc(d), tag=page.tag, doc=d) for d in page.docs],
            page_info=page.page_info,
            count_source=page.total_count,
        )


async def find_actor(info: Info, name: str, argument: str = "name") -> Entity | None:
    """The entity going by `name` (any case, an alias too), following a merge; None for nobody.
    Bad input is refused naming `argument`."""
    if len(name) > MAX_NAME_LENGTH:
        raise BadUserInput(f"{argument}: at most {MAX_NAME_LENGTH} characters, got {len(name)}")
    key = normalize_name(name)
    if not key:
        raise BadUserInput(f"{argument}: {shown(name)} has no letters or digits to look up")
    context = info.context
    found = await context.store.find(
        "entities", {"names_norm": key}, sort=SORT_FIELD, limit=ACTOR_CANDIDATES
    )
    if not found:
        return None
    # Prefer an entity that was not merged away; otherwise follow the merge.
    kept = [d for d in found if not d.get("merged_into")]
    if kept:
        context.loaders.entity_by_id.prime_docs(kept)
        return Entity.from_doc(_best_match(kept, key))
    doc = await context.loaders.entity_by_id.load(found[0]["_id"])
    return Entity.from_doc(doc) if doc else None


def _best_match(candidates: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """Among entities that share a name, the one whose canonical name it is; then the first."""
    for doc in candidates:
        if normalize_name(doc.get("name") or "") == key:
            return doc
    return candidates[0]
