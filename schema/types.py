"""The node types of the public contract (../shared/contract.graphql): Node, Entity, Article,
Claim. The value types (Span, Source, ClaimRelation, RelationReview) are in schema.values, the
connections in schema.connections.

Data fields are plain attributes filled by `from_doc` from a store document: no resolver runs for
them, since per-field resolvers dominate the cost of large responses. Only relationship fields
(speaker, article, contradicts, statements, ...) have resolvers, and every one of them goes
through this request's DataLoaders (`info.context.loaders`), so a level of a nested query costs
one store operation however many objects it spans.

Connections and look-ups prefetch what their selection asks for below them (schema.prefetch), so
the relationship resolvers of list items are plain functions: they return the object when its
document is already loaded (`ready`) and only otherwise an awaitable of the load. graphql-core
completes plain values without a task per item, which is most of the cost of a large response.
The plain relationship fields (speaker, article, mentions, contradictedBy, ...) are declared once
in schema.relationships, and both their resolvers (`relationship_field`) and the prefetch are
derived from that table.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Private
from strawberry.scalars import JSON

from schema.analyst_loaders import MAX_COPIES, statements_loaders
from schema.batching import MISSING
from schema.claimreview import claim_review_of
from schema.connections import (
    ClaimConnection,
    ClaimRelationConnection,
    EntityConnection,
    SourceConnection,
    check_status,
    claim_connection,
    claim_filter_where,
    mentions_connection,
    related_claims_connection,
    relations_connection,
    sources_connection,
)
from schema.corroboration import Corroboration, Matter, Story, group_soon, story_of
from schema.dataloaders import Doc, merge_relations
from schema.enums import (
    ClaimKind,
    EntityKind,
    RelationStatus,
    RelationType,
    StatementMode,
    StatementOrder,
    enum_of,
)
from schema.relationships import register_nodes, relationship_field
from schema.resolving import AFTER, FILTER, FIRST, Info, Soon
from schema.timeline import DatedRole, TimelineConnection, dated_roles, timeline
from schema.values import ClaimRelation, Source, Span

STATUS = Annotated[
    RelationStatus,
    strawberry.argument(
        description="ACTIVE (the graph), or REJECTED: the relations reviewers rejected, kept on record "
        "(API keys with the `write` scope only)."
    ),
]


def _deprecated(connection: str) -> str:
    return f"A plain list capped at 200: use `{connection}`, a cursor connection (first, after, totalCount)."


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
    # A spokesperson's claim names it as onBehalfOf: its statements are listed by actor_ids.
    represented: Private[bool]
    role_facts: Private[object]

    @classmethod
    def from_doc(cls, doc: Doc) -> Entity:
        return cls(
            id=strawberry.ID(doc["_id"]),
            name=doc.get("name") or "",
            kind=enum_of(EntityKind, doc.get("kind"), EntityKind.OTHER),
            aliases=list(doc.get("aliases") or []),
            roles=list(doc.get("roles") or []),
            represented=bool(doc.get("represented")),
            role_facts=doc.get("role_facts"),
        )

    @strawberry.field(
        description="Its roles as dated facts, from the role words and the articles' dates: 'former "
        "spokesman' in an article of 2026-11-03 ended the role by then; earliest first."
    )
    def role_history(self) -> list[DatedRole]:
        return dated_roles(self.role_facts)

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
        return await timeline(info, str(self.id), self.role_facts, first, after, from_, to)

    @strawberry.field(
        description="Claims this entity made, in publication order unless orderBy says otherwise; with "
        "includeOnBehalf (the default), also those its spokespeople made on its behalf."
    )
    async def statements(
        self,
        info: Info,
        first: FIRST = 20,
        after: AFTER = strawberry.UNSET,
        filter: FILTER = strawberry.UNSET,
        include_on_behalf: Annotated[
            bool,
            strawberry.argument(
                description="Also list the claims its spokespeople made on its behalf "
                "(Claim.onBehalfOf is this entity); false: only the claims it made itself."
            ),
        ] = True,
        order_by: Annotated[
            StatementOrder, strawberry.argument(description="Their order (publication order by default).")
        ] = StatementOrder.PUBLISHED,
    ) -> ClaimConnection:
        loaders = info.context.loaders
        where = await claim_filter_where(info, filter)
        # Only an entity someone spoke for has claims listed under it that it did not make; the
        # others keep the speaker index (claims stored before actor_ids existed have none).
        by_actor = include_on_behalf and self.represented
        page_loader = loaders.claims_by_actor if by_actor else loaders.claims_by_speaker
        field = "Entity.statements"
        if order_by != StatementOrder.PUBLISHED:
            page_loader, field = statements_loaders(loaders.analyst, order_by, by_actor)
        return await claim_connection(
            info,
            field,
            str(self.id),
            first,
            after,
            where,
            page_loader,
            loaders.claim_count_by_actor if by_actor else loaders.claim_count_by_speaker,
            Claim.from_doc,
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
            Claim.from_doc,
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
        return story_of(info, str(self.id), self.story_id, self.story_match)

    publisher = relationship_field("Article", "publisher", description="The outlet that published it.")

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
            Claim.from_doc,
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
        description="What backs it: the article, the outlet that first reported it, documents.",
        deprecation_reason=_deprecated("sourcesConnection"),
    )
    mode: StatementMode = strawberry.field(
        description="What kind of act it reports: a statement (said, denied), a belief (thinks, "
        "fears, wants) or evidence (records show, a poll finds)."
    )
    content_cue: str | None = strawberry.field(
        description="The verb that introduces the content when the cue is a stance taken with it: "
        "'saying' in 'denied the reports, saying …' (cue 'denied')."
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
    on_behalf_of_id: Private[str | None]
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
            # Claims stored before modes existed read as STATEMENT.
            mode=enum_of(StatementMode, doc.get("mode") or "STATEMENT", StatementMode.STATEMENT),
            content_cue=doc.get("content_cue"),
            said_on=doc.get("said_on"),
            independent_sources=doc.get("independent_sources"),
            speaker_id=doc.get("speaker_id"),
            on_behalf_of_id=doc.get("on_behalf_of"),
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
        return group_soon(
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
        return group_soon(
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
        return [Claim.from_doc(d) for d in docs if d["_id"] != str(self.id)][:MAX_COPIES]

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

    speaker = relationship_field(
        "Claim", "speaker", description="Who made it; null when nobody is named or resolvable."
    )
    on_behalf_of = relationship_field(
        "Claim",
        "onBehalfOf",
        description="The organisation (or person) the speaker spoke for: 'said Ramadan Sharif, the "
        "IRGC's current spokesman' -> the IRGC; null when the speaker spoke for themselves.",
    )
    article = relationship_field("Claim", "article", description="The article it appears in.")
    contradicts = relationship_field(
        "Claim",
        "contradicts",
        description="Claims this one contradicts (the first 200).",
        deprecation_reason=_deprecated("contradictsConnection"),
    )
    contradicted_by = relationship_field(
        "Claim",
        "contradictedBy",
        description="Claims that contradict this one (the first 200).",
        deprecation_reason=_deprecated("contradictedByConnection"),
    )
    supports = relationship_field(
        "Claim",
        "supports",
        description="Claims this one supports (the first 200).",
        deprecation_reason=_deprecated("supportsConnection"),
    )
    supported_by = relationship_field(
        "Claim",
        "supportedBy",
        description="Claims that support this one (the first 200).",
        deprecation_reason=_deprecated("supportedByConnection"),
    )

    @strawberry.field(
        description="Its relations to other claims, both directions, with how each was found "
        "(the first 200 each way).",
        graphql_type=list["ClaimRelation"],
        deprecation_reason=_deprecated("relationsConnection"),
    )
    def relations(self, info: Info, status: STATUS = RelationStatus.ACTIVE) -> Soon[list[ClaimRelation]]:
        if status is not RelationStatus.ACTIVE:
            check_status(info, status, "relations")
            return self._load_relations(info, rejected=True)
        loaders = info.context.loaders
        outgoing = loaders.relations_from_claim.ready(str(self.id))
        incoming = loaders.relations_to_claim.ready(str(self.id))
        if outgoing is MISSING or incoming is MISSING:
            return self._load_relations(info)
        return [ClaimRelation.from_doc(d) for d in merge_relations(outgoing, incoming)]

    async def _load_relations(self, info: Info, *, rejected: bool = False) -> list[ClaimRelation]:
        loaders = info.context.loaders
        loader = loaders.rejected_relations_by_claim if rejected else loaders.relations_by_claim
        docs = await loader.load(str(self.id))
        return [ClaimRelation.from_doc(d) for d in docs]

    # -- the same relationships as cursor connections ------------------------------------------------
    @strawberry.field(description="Claims this one contradicts, as a cursor connection.")
    async def contradicts_connection(
        self, info: Info, first: FIRST = 20, after: AFTER = strawberry.UNSET
    ) -> ClaimConnection:
        return await related_claims_connection(
            info, "Claim.contradictsConnection", str(self.id), first, after,
            RelationType.CONTRADICTS, outgoing=True, node=Claim.from_doc,
        )  # fmt: skip

    @strawberry.field(description="Claims that contradict this one, as a cursor connection.")
    async def contradicted_by_connection(
        self, info: Info, first: FIRST = 20, after: AFTER = strawberry.UNSET
    ) -> ClaimConnection:
        return await related_claims_connection(
            info, "Claim.contradictedByConnection", str(self.id), first, after,
            RelationType.CONTRADICTS, outgoing=False, node=Claim.from_doc,
        )  # fmt: skip

    @strawberry.field(description="Claims this one supports, as a cursor connection.")
    async def supports_connection(
        self, info: Info, first: FIRST = 20, after: AFTER = strawberry.UNSET
    ) -> ClaimConnection:
        return await related_claims_connection(
            info, "Claim.supportsConnection", str(self.id), first, after,
            RelationType.SUPPORTS, outgoing=True, node=Claim.from_doc,
        )  # fmt: skip

    @strawberry.field(description="Claims that support this one, as a cursor connection.")
    async def supported_by_connection(
        self, info: Info, first: FIRST = 20, after: AFTER = strawberry.UNSET
    ) -> ClaimConnection:
        return await related_claims_connection(
            info, "Claim.supportedByConnection", str(self.id), first, after,
            RelationType.SUPPORTS, outgoing=False, node=Claim.from_doc,
        )  # fmt: skip

    @strawberry.field(
        description="Its relations to other claims, both directions, with how each was found, as a "
        "cursor connection."
    )
    async def relations_connection(
        self,
        info: Info,
        first: FIRST = 20,
        after: AFTER = strawberry.UNSET,
        status: STATUS = RelationStatus.ACTIVE,
    ) -> ClaimRelationConnection:
        return await relations_connection(info, str(self.id), first, after, status, ClaimRelation.from_doc)

    @strawberry.field(description="The entities its text names, in name order, as a cursor connection.")
    async def mentions_connection(
        self, info: Info, first: FIRST = 20, after: AFTER = strawberry.UNSET
    ) -> EntityConnection:
        return await mentions_connection(info, str(self.id), self.mention_ids, first, after, Entity.from_doc)

    @strawberry.field(description="What backs it, as a cursor connection.")
    def sources_connection(
        self, info: Info, first: FIRST = 20, after: AFTER = strawberry.UNSET
    ) -> SourceConnection:
        return sources_connection(info, str(self.id), self.sources, first, after)

    @strawberry.field(
        description="This claim as schema.org JSON-LD: a ClaimReview whose itemReviewed is the Claim "
        "(author, datePublished, appearance: the article) and which isBasedOn one ClaimReview per claim "
        "that contradicts or supports it. The format of `claimgraph export --format claimreview`.",
        graphql_type=JSON,
    )
    async def claim_review(self, info: Info) -> JSON:
        loaders = info.context.loaders
        doc = await loaders.claim_by_id.load(str(self.id))
        if doc is None:
            raise LookupError(f"claim {self.id} is missing")
        return await claim_review_of(loaders, doc)

    mentions = relationship_field(
        "Claim",
        "mentions",
        description="The entities its text names.",
        deprecation_reason=_deprecated("mentionsConnection"),
    )


register_nodes(Entity, Article, Claim)
