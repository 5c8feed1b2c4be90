"""The node types of the public contract (../shared/contract.graphql): Node, Entity, Article,
Claim, and the loading helpers of their relationship fields. The value types (Span, Source,
ClaimRelation) are in schema.values, the connections in schema.connections.

Data fields are plain attributes filled by `from_doc` from a store document: no resolver runs for
them, since per-field resolvers dominate the cost of large responses. Only relationship fields
(speaker, article, contradicts, statements, ...) have resolvers, and every one of them goes
through this request's DataLoaders (`info.context.loaders`), so a level of a nested query costs
one store operation however many objects it spans.

Connections and look-ups prefetch what their selection asks for below them (schema.prefetch), so
the relationship resolvers of list items are plain functions: they return the object when its
document is already loaded (`ready`) and only otherwise an awaitable of the load. graphql-core
completes plain values without a task per item, which is most of the cost of a large response.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import strawberry
from strawberry import Private

from schema import analyst, analyst_loaders
from schema.analyst import Corroboration, DatedRole, Matter, StatementOrder, Story, TimelineConnection
from schema.batching import MISSING
from schema.connections import (
    ArticleConnection,
    ArticleEdge,
    ClaimConnection,
    ClaimEdge,
    EntityConnection,
    EntityEdge,
    claim_connection,
    claim_filter_where,
    edge_cursor,
    prefetch_claims,
)
from schema.dataloaders import Doc, merge_relations
from schema.enums import ClaimKind, EntityKind, RelationType, enum_of
from schema.resolving import AFTER, FILTER, FIRST, CountSource, Info, Soon, T
from schema.values import ClaimRelation, RelationReview, Source, Span


@strawberry.interface(description="An object with a global id, fetchable with Query.node(id).")
class Node:
    id: strawberry.ID = strawberry.field(
        description="Global id; its prefix says the type: art_ (Article), clm_ (Claim), ent_ (Entity)."
    )


@strawberry.type(description="A person, organisation, place, document or group the articles name.")
class Entity(Node):
    name: str = strawberry.field(description="Canonical name: 'Islamic Revolutionary Guard Corps'.")
    kind: EntityKind = strawberry.field(description="What kind of thing it is.")
    aliases: list[str] = strawberry.field(
        description="Every name it goes by in the corpus: 'IRGC', 'Islamic Revolutionary Guards'."
    )
    roles: list[str] = strawberry.field(
        description="Roles the articles give it, as written: 'former spokesman for the IRGC'."
    )
    role_facts: Private[object]

    @classmethod
    def from_doc(cls, doc: Doc) -> Entity:
        return cls(
            id=strawberry.ID(doc["_id"]),
            name=doc.get("name") or "",
            kind=enum_of(EntityKind, doc.get("kind"), EntityKind.OTHER),
            aliases=list(doc.get("aliases") or []),
            roles=list(doc.get("roles") or []),
            role_facts=doc.get("role_facts"),
        )

    @strawberry.field(
        description="Its roles as dated facts, from the role words and the articles' dates: 'former "
        "spokesman' in an article of 2026-11-03 ended the role by then; earliest first."
    )
    def role_history(self) -> list[DatedRole]:
        return analyst.dated_roles(self.role_facts)

    @strawberry.field(
        description="Its statements and role changes in date order: a statement at its `statedAt` when "
        "the article dates it, else at its publication date; undated statements last."
    )
    async def timeline(
        self,
        info: Info,
        first: FIRST = 20,
        after: AFTER = strawberry.UNSET,
        from_: Annotated[
            str | None,
            strawberry.argument(name="from", description="From this date on (YYYY, YYYY-MM or YYYY-MM-DD)."),
        ] = strawberry.UNSET,
        to: Annotated[
            str | None,
            strawberry.argument(description="Up to this date, included (YYYY, YYYY-MM or YYYY-MM-DD)."),
        ] = strawberry.UNSET,
    ) -> TimelineConnection:
        return await analyst.timeline(info, str(self.id), self.role_facts, first, after, from_, to)

    @strawberry.field(description="Claims this entity made, in publication order.")
    async def statements(
        self,
        info: Info,
        first: FIRST = 20,
        after: AFTER = strawberry.UNSET,
        filter: FILTER = strawberry.UNSET,
        order_by: Annotated[
            StatementOrder, strawberry.argument(description="Their order (publication order by default).")
        ] = StatementOrder.PUBLISHED,
    ) -> ClaimConnection:
        loaders = info.context.loaders
        where = await claim_filter_where(info, filter)
        page_loader, field = loaders.claims_by_speaker, "Entity.statements"
        if order_by != StatementOrder.PUBLISHED:
            page_loader, field = analyst.statements_loaders(info, order_by)
        return await claim_connection(
            info, field, str(self.id), first, after, where, page_loader, loaders.claim_count_by_speaker
        )

    @strawberry.field(description="Claims whose text names this entity, in publication order.")
    async def mentioned_in(
        self, info: Info, first: FIRST = 20, after: AFTER = strawberry.UNSET
    ) -> ClaimConnection:
        loaders = info.context.loaders
        return await claim_connection(
            info,
            "Entity.mentionedIn",
            str(self.id),
            first,
            after,
            {},
            loaders.claims_by_mention,
            loaders.claim_count_by_mention,
        )


@strawberry.type(description="A news article: the text every claim's span points into.")
class Article(Node):
    title: str | None = strawberry.field(description="The headline.")
    url: str | None = strawberry.field(description="Canonical URL, where known.")
    author: str | None = strawberry.field(description="The byline, as written.")
    published_at: str | None = strawberry.field(
        description="Publication date or time, ISO 8601, where known."
    )
    text: str = strawberry.field(description="The body text; Claim.span offsets point into it.")
    publisher_id: Private[str | None]
    story_id: Private[str | None]
    story_match: Private[Doc | None]

    @classmethod
    def from_doc(cls, doc: Doc) -> Article:
        return cls(
            id=strawberry.ID(doc["_id"]),
            title=doc.get("title"),
            url=doc.get("url"),
            author=doc.get("author"),
            published_at=doc.get("published_at"),
            text=doc.get("text") or "",
            publisher_id=doc.get("publisher_id"),
            story_id=doc.get("story_id"),
            story_match=doc.get("story_match"),
        )

    @strawberry.field(
        description="Its story: the near-duplicate articles (wire copies, syndication, light rewrites) "
        "it belongs to, the earliest copy, and its similarity to the copy it matched.",
        graphql_type=Story | None,
    )
    def story(self, info: Info) -> Soon[Story | None]:
        return analyst.story_of(info, str(self.id), self.story_id, self.story_match)

    @strawberry.field(description="The outlet that published it.", graphql_type=Entity | None)
    def publisher(self, info: Info) -> Soon[Entity | None]:
        return entity_soon(info, self.publisher_id)

    @strawberry.field(description="The claims it contains, in the order they appear.")
    async def claims(self, info: Info, first: FIRST = 20, after: AFTER = strawberry.UNSET) -> ClaimConnection:
        loaders = info.context.loaders
        return await claim_connection(
            info,
            "Article.claims",
            str(self.id),
            first,
            after,
            {},
            loaders.claims_by_article,
            loaders.claim_count_by_article,
        )


@strawberry.type(description="A statement someone made, as an article reports it.")
class Claim(Node):
    text: str = strawberry.field(description="What was claimed: the quote, or the reported content.")
    kind: ClaimKind = strawberry.field(description="A direct quote or reported speech.")
    cue: str = strawberry.field(
        description="The reporting word as written: said, denied, confirmed, according to."
    )
    speaker_mention: str | None = strawberry.field(
        description="The speaker as written at this place: 'he', 'a company spokeswoman'."
    )
    span: Span = strawberry.field(description="Where `text` stands in article.text.")
    stated_at: str | None = strawberry.field(
        description="When it was said, where the article says so ('2018', 'July 2011')."
    )
    sources: list[Source] = strawberry.field(
        description="What backs it: the article, the outlet that first reported it, documents."
    )
    said_on: str | None = strawberry.field(
        description="When it was said, as a date (YYYY, YYYY-MM or YYYY-MM-DD): `statedAt` when the "
        "article dates it, else the article's publication date."
    )
    independent_sources: int | None = strawberry.field(
        description="How many independent sources say it, up to 20 ('20' means 20 or more): what "
        "`minIndependentSources` and `orderBy: CORROBORATION` use. `corroboration` has the exact count."
    )
    speaker_id: Private[str | None]
    article_id: Private[str]
    mention_ids: Private[list[str]]
    same_id: Private[str | None]
    matter_id: Private[str | None]
    matter_words: Private[list[str]]
    same_words: Private[list[str]]
    origin: Private[object]
    order: Private[object]
    copy_key: Private[str | None]

    @classmethod
    def from_doc(cls, doc: Doc) -> Claim:
        span = doc.get("span") or {}
        return cls(
            id=strawberry.ID(doc["_id"]),
            text=doc.get("text") or "",
            kind=enum_of(ClaimKind, doc.get("kind"), ClaimKind.REPORTED),
            cue=doc.get("cue") or "",
            speaker_mention=doc.get("speaker_mention"),
            span=Span(start=int(span.get("start", 0)), end=int(span.get("end", 0))),
            stated_at=doc.get("stated_at"),
            sources=[Source.from_doc(s) for s in doc.get("sources") or []],
            said_on=doc.get("said_on"),
            independent_sources=doc.get("independent_sources"),
            speaker_id=doc.get("speaker_id"),
            article_id=doc.get("article_id") or "",
            mention_ids=list(doc.get("mention_ids") or []),
            same_id=doc.get("same_id"),
            matter_id=doc.get("matter_id"),
            matter_words=doc.get("matter_words") or [],
            same_words=doc.get("same_words") or [],
            origin=doc.get("origin"),
            order=doc.get("order"),
            copy_key=doc.get("copy_key"),
        )

    @strawberry.field(
        description="How many independent sources say it, who, since when, and the claims that do.",
        graphql_type=Corroboration | None,
    )
    def corroboration(self, info: Info) -> Soon[Corroboration | None]:
        return analyst.group_soon(
            info,
            self.same_id,
            lambda g: Corroboration.from_group(g, self.same_words),
            lambda: Corroboration.alone(str(self.id), self.origin, self.order, self.same_words),
        )

    @strawberry.field(
        description="The matter it is on: the statements on the same matter, and the words that tie them.",
        graphql_type=Matter | None,
    )
    def matter(self, info: Info) -> Soon[Matter | None]:
        return analyst.group_soon(
            info,
            self.matter_id,
            lambda g: Matter.from_group(g, self.matter_words),
            lambda: Matter.alone(str(self.matter_id), self.matter_words),
        )

    @strawberry.field(
        description="The same claim in the other copies of its article's story (identical content "
        "words), earliest first; never merged away: each keeps its article and span.",
        graphql_type=list["Claim"],
    )
    async def copies(self, info: Info) -> list[Claim]:
        if not self.copy_key:
            return []
        docs = await info.context.loaders.analyst.claims_by_copy_key.load(self.copy_key)
        return [Claim.from_doc(d) for d in docs if d["_id"] != str(self.id)][: analyst_loaders.MAX_COPIES]

    @strawberry.field(
        description="The claim in the earliest copy of its article's story: itself when it is there "
        "first, or has no copy.",
        graphql_type="Claim",
    )
    async def original(self, info: Info) -> Claim:
        if not self.copy_key:
            return self
        docs = await info.context.loaders.analyst.claims_by_copy_key.load(self.copy_key)
        return Claim.from_doc(docs[0]) if docs else self

    @strawberry.field(
        description="Who made it; null when nobody is named or resolvable.", graphql_type=Entity | None
    )
    def speaker(self, info: Info) -> Soon[Entity | None]:
        return entity_soon(info, self.speaker_id)

    @strawberry.field(description="The article it appears in.", graphql_type=Article)
    def article(self, info: Info) -> Soon[Article]:
        doc = info.context.loaders.article_by_id.ready(self.article_id)
        if doc is MISSING:
            return self._load_article(info)
        return self._article_of(doc)

    async def _load_article(self, info: Info) -> Article:
        return self._article_of(await info.context.loaders.article_by_id.load(self.article_id))

    def _article_of(self, doc: Doc | None) -> Article:
        if doc is None:  # a claim outlives its article only through a bug; say so plainly
            raise LookupError(f"claim {self.id}: article {self.article_id} is missing")
        return Article.from_doc(doc)

    @strawberry.field(description="Claims this one contradicts (the first 200).", graphql_type=list["Claim"])
    def contradicts(self, info: Info) -> Soon[list[Claim]]:
        return self._related(info, RelationType.CONTRADICTS, outgoing=True)

    @strawberry.field(
        description="Claims that contradict this one (the first 200).", graphql_type=list["Claim"]
    )
    def contradicted_by(self, info: Info) -> Soon[list[Claim]]:
        return self._related(info, RelationType.CONTRADICTS, outgoing=False)

    @strawberry.field(description="Claims this one supports (the first 200).", graphql_type=list["Claim"])
    def supports(self, info: Info) -> Soon[list[Claim]]:
        return self._related(info, RelationType.SUPPORTS, outgoing=True)

    @strawberry.field(description="Claims that support this one (the first 200).", graphql_type=list["Claim"])
    def supported_by(self, info: Info) -> Soon[list[Claim]]:
        return self._related(info, RelationType.SUPPORTS, outgoing=False)

    @strawberry.field(
        description="Its relations to other claims, both directions, with how each was found "
        "(the first 200 each way).",
        graphql_type=list["ClaimRelation"],
    )
    def relations(self, info: Info) -> Soon[list[ClaimRelation]]:
        loaders = info.context.loaders
        outgoing = loaders.relations_from_claim.ready(str(self.id))
        incoming = loaders.relations_to_claim.ready(str(self.id))
        if outgoing is MISSING or incoming is MISSING:
            return self._load_relations(info)
        return [ClaimRelation.from_doc(d) for d in merge_relations(outgoing, incoming)]

    async def _load_relations(self, info: Info) -> list[ClaimRelation]:
        docs = await info.context.loaders.relations_by_claim.load(str(self.id))
        return [ClaimRelation.from_doc(d) for d in docs]

    @strawberry.field(description="The entities its text names.", graphql_type=list[Entity])
    def mentions(self, info: Info) -> Soon[list[Entity]]:
        docs = info.context.loaders.entity_by_id.ready_many(self.mention_ids)
        if docs is MISSING:
            return self._load_mentions(info)
        return _distinct_entities(docs)

    async def _load_mentions(self, info: Info) -> list[Entity]:
        return _distinct_entities(await info.context.loaders.entity_by_id.load_many(self.mention_ids))

    def _related(self, info: Info, type: RelationType, *, outgoing: bool) -> Soon[list[Claim]]:
        loaders = info.context.loaders
        loader = loaders.relations_from_claim if outgoing else loaders.relations_to_claim
        relations = loader.ready(str(self.id))
        if relations is MISSING:
            return self._load_related(info, type, outgoing=outgoing)
        other = "to_claim" if outgoing else "from_claim"
        ids = list(dict.fromkeys(r[other] for r in relations if r.get("type") == type.value))
        docs = loaders.claim_by_id.ready_many(ids)
        if docs is MISSING:
            return self._load_related(info, type, outgoing=outgoing)
        return [Claim.from_doc(d) for d in docs if d is not None]

    async def _load_related(self, info: Info, type: RelationType, *, outgoing: bool) -> list[Claim]:
        loaders = info.context.loaders
        if outgoing:
            relations = await loaders.relations_from_claim.load(str(self.id))
            ids = [r["to_claim"] for r in relations if r.get("type") == type.value]
        else:
            relations = await loaders.relations_to_claim.load(str(self.id))
            ids = [r["from_claim"] for r in relations if r.get("type") == type.value]
        docs = await loaders.claim_by_id.load_many(list(dict.fromkeys(ids)))
        return [Claim.from_doc(d) for d in docs if d is not None]


# -- loading helpers ---------------------------------------------------------------------------


def entity_soon(info: Info, entity_id: str | None) -> Soon[Entity | None]:
    if not entity_id:
        return None
    doc = info.context.loaders.entity_by_id.ready(entity_id)
    if doc is MISSING:
        return load_entity(info, entity_id)
    return Entity.from_doc(doc) if doc else None


async def load_entity(info: Info, entity_id: str | None) -> Entity | None:
    if not entity_id:
        return None
    doc = await info.context.loaders.entity_by_id.load(entity_id)
    return Entity.from_doc(doc) if doc else None


def _distinct_entities(docs: Iterable[Doc | None]) -> list[Entity]:
    unique = {d["_id"]: d for d in docs if d is not None}  # two merged ids may meet in one
    return [Entity.from_doc(d) for d in unique.values()]


def claim_soon(info: Info, claim_id: str) -> Soon[Claim]:
    doc = info.context.loaders.claim_by_id.ready(claim_id)
    if doc is MISSING:
        return load_claim(info, claim_id)
    return _claim_of(doc, claim_id)


async def load_claim(info: Info, claim_id: str) -> Claim:
    return _claim_of(await info.context.loaders.claim_by_id.load(claim_id), claim_id)


def _claim_of(doc: Doc | None, claim_id: str) -> Claim:
    if doc is None:
        raise LookupError(f"claim {claim_id} is missing")
    return Claim.from_doc(doc)


# The connection and value types, the shared aliases and the claim-connection helpers moved to
# schema.connections, schema.values and schema.resolving; kept importable from here.
__all__ = [
    "AFTER",
    "FILTER",
    "FIRST",
    "Article",
    "ArticleConnection",
    "ArticleEdge",
    "Claim",
    "ClaimConnection",
    "ClaimEdge",
    "ClaimRelation",
    "CountSource",
    "Entity",
    "EntityConnection",
    "EntityEdge",
    "Info",
    "Node",
    "RelationReview",
    "Soon",
    "Source",
    "Span",
    "T",
    "claim_connection",
    "claim_filter_where",
    "claim_soon",
    "edge_cursor",
    "entity_soon",
    "load_claim",
    "load_entity",
    "prefetch_claims",
]
