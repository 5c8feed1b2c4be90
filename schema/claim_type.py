"""Claim: a statement someone made as an article reports it, with its speaker, its relations to
other claims, its corroboration and matter (schema.types says how node types are built and read)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Private
from strawberry.scalars import JSON

from schema.analyst_loaders import MAX_COPIES
from schema.batching import MISSING
from schema.claimreview import claim_review_of
from schema.connections import (
    ClaimConnection,
    ClaimRelationConnection,
    EntityConnection,
    SourceConnection,
    check_status,
    mentions_connection,
    related_claims_connection,
    relations_connection,
    sources_connection,
)
from schema.corroboration import Corroboration, Matter, group_soon
from schema.dataloaders import Doc, merge_relations
from schema.enums import (
    ClaimKind,
    RelationStatus,
    RelationType,
    StatementMode,
    enum_of,
)
from schema.node import Node
from schema.relationships import node_of, relationship_field
from schema.resolving import AFTER, FIRST, Info, Soon
from schema.values import ClaimRelation, Source, Span

ENTITY = node_of("Entity")

STATUS = Annotated[
    RelationStatus,
    strawberry.argument(
        description="ACTIVE (the graph), or REJECTED: the relations reviewers rejected, kept on record "
        "(API keys with the `write` scope only)."
    ),
]


def _deprecated(connection: str) -> str:
    return f"A plain list capped at 200: use `{connection}`, a cursor connection (first, after, totalCount)."


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
        return await mentions_connection(info, str(self.id), self.mention_ids, first, after, ENTITY)

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
