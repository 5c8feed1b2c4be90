"""The value types of the public contract: Span, Source, RelationReview and ClaimRelation.

They are filled by `from_doc` like the node types (schema.types); their few relationship fields
(Source.entity, Source.article, ClaimRelation.from/to) name the node types lazily, since those
import these, and go through this request's DataLoaders the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import Private

from schema.analyst import ContradictionLabel, label_of
from schema.batching import MISSING
from schema.dataloaders import Doc
from schema.enums import RelationMethod, RelationStatus, RelationType, ReviewVerdict, SourceKind, enum_of
from schema.resolving import Info, Soon

if TYPE_CHECKING:
    from schema.types import Article, Claim, Entity

# The node types, resolved when the schema is built (schema.types imports this module).
LazyEntity = Annotated["Entity", strawberry.lazy("schema.types")]
LazyArticle = Annotated["Article", strawberry.lazy("schema.types")]
LazyClaim = Annotated["Claim", strawberry.lazy("schema.types")]


@strawberry.type(description="A span of characters in an article's text.")
class Span:
    start: int = strawberry.field(description="Offset of the first character in Article.text.")
    end: int = strawberry.field(description="Offset just past the last character (end exclusive).")


@strawberry.type(description="What backs a claim: the article, an outlet that reported it, a document.")
class Source:
    name: str = strawberry.field(description="'Al Arabiya', 'The September 11 report'.")
    kind: SourceKind = strawberry.field(description="What kind of source it is.")
    url: str | None = strawberry.field(description="Where to read it, where known.")
    evidence: str | None = strawberry.field(description="The words that cite it: 'Al Arabiya reported'.")
    entity_id: Private[str | None]
    article_id: Private[str | None]

    @classmethod
    def from_doc(cls, doc: Doc) -> Source:
        return cls(
            name=doc.get("name") or "",
            kind=enum_of(SourceKind, doc.get("kind"), SourceKind.OTHER),
            url=doc.get("url"),
            evidence=doc.get("evidence"),
            entity_id=doc.get("entity_id"),
            article_id=doc.get("article_id"),
        )

    @strawberry.field(
        description="The entity the source is, when it is one (an outlet, a document).",
        graphql_type=LazyEntity | None,
    )
    def entity(self, info: Info) -> Soon[Entity | None]:
        from schema.types import entity_soon  # a cycle at import time: schema.types imports this module

        return entity_soon(info, self.entity_id)

    @strawberry.field(
        description="The article the source is, when it is one in this graph.",
        graphql_type=LazyArticle | None,
    )
    def article(self, info: Info) -> Soon[Article | None]:
        from schema.types import Article  # a cycle at import time: schema.types imports this module

        if not self.article_id:
            return None
        doc = info.context.loaders.article_by_id.ready(self.article_id)
        if doc is MISSING:
            return self._load_article(info, self.article_id)
        return Article.from_doc(doc) if doc else None

    @staticmethod
    async def _load_article(info: Info, article_id: str) -> Article | None:
        from schema.types import Article  # a cycle at import time, as above

        doc = await info.context.loaders.article_by_id.load(article_id)
        return Article.from_doc(doc) if doc else None


@strawberry.type(description="A reviewer's decision on a relation.")
class RelationReview:
    verdict: ReviewVerdict = strawberry.field(description="CONFIRM or REJECT.")
    note: str | None = strawberry.field(description="Why, in the reviewer's words.")
    by: str | None = strawberry.field(description="Who decided: the API key's name.")
    at: str | None = strawberry.field(description="When, ISO 8601.")


@strawberry.type(
    description="How one claim bears on another: supports or contradicts, and how that was found."
)
class ClaimRelation:
    type: RelationType = strawberry.field(description="SUPPORTS or CONTRADICTS.")
    method: RelationMethod = strawberry.field(
        description="How it was found: in the text, inferred or curated."
    )
    confidence: float = strawberry.field(description="0 to 1; below 1 for inferred relations.")
    evidence: str | None = strawberry.field(
        description="The words that establish it: 'officially denied Qasemi's revelations'."
    )
    status: RelationStatus = strawberry.field(
        description="ACTIVE, or REJECTED by a reviewer (rejected relations are kept on record only)."
    )
    review: RelationReview | None = strawberry.field(description="The latest review, if any.")
    label: ContradictionLabel | None = strawberry.field(
        description="For a contradiction between two claims of one actor: a change of position (a role "
        "change between them, or a dated reversal) or a self-contradiction; null otherwise."
    )
    label_evidence: str | None = strawberry.field(
        description="What the label rests on: 'role change between 2025-06-10 and 2026-09-14: spokesman "
        "for Fenwick Water Board ended by 2026-03 (…)', 'dated reversal: said on 2021, then on 2026-05-19'."
    )
    from_id: Private[str]
    to_id: Private[str]

    @classmethod
    def from_doc(cls, doc: Doc) -> ClaimRelation:
        review = doc.get("review")
        return cls(
            type=enum_of(RelationType, doc.get("type"), RelationType.SUPPORTS),
            method=enum_of(RelationMethod, doc.get("method"), RelationMethod.CUE),
            confidence=float(doc.get("confidence", 1.0)),
            evidence=doc.get("evidence"),
            status=enum_of(RelationStatus, doc.get("status") or "active", RelationStatus.ACTIVE),
            review=RelationReview(
                verdict=enum_of(ReviewVerdict, review.get("verdict"), ReviewVerdict.CONFIRM),
                note=review.get("note"),
                by=review.get("by"),
                at=review.get("at"),
            )
            if isinstance(review, dict)
            else None,
            label=label_of(doc.get("label")),
            label_evidence=doc.get("label_evidence"),
            from_id=doc["from_claim"],
            to_id=doc["to_claim"],
        )

    @strawberry.field(
        name="from", description="The claim that supports or contradicts ...", graphql_type=LazyClaim
    )
    def from_(self, info: Info) -> Soon[Claim]:
        from schema.types import claim_soon  # a cycle at import time: schema.types imports this module

        return claim_soon(info, self.from_id)

    @strawberry.field(description="... this claim.", graphql_type=LazyClaim)
    def to(self, info: Info) -> Soon[Claim]:
        from schema.types import claim_soon  # a cycle at import time, as above

        return claim_soon(info, self.to_id)
