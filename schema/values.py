"""The value types of the public contract: Span, RelationReview, and Source and ClaimRelation,
whose relationship fields lead to the node types (derived from schema.relationships, which names
them lazily: schema.types imports this module).

Filled by `from_doc` like the node types.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import Private

from schema.batching import MISSING
from schema.dataloaders import Doc
from schema.enums import (
    ContradictionLabel,
    RelationMethod,
    RelationStatus,
    RelationType,
    ReviewVerdict,
    SourceKind,
    enum_of,
    optional_enum_of,
)
from schema.relationships import relationship_field
from schema.resolving import Info, Soon

NOTES_SCOPE = "write"  # review notes are reviewers' words: only keys that may review see them


def sees_notes(info: Info) -> bool:
    return info.context.principal.has_scope(NOTES_SCOPE)


@strawberry.type(description="A span of characters in an article's text.")
class Span:
    start: int = strawberry.field(description="Offset of the first character in Article.text.")
    end: int = strawberry.field(description="Offset just past the last character (end exclusive).")


@strawberry.type(description="A reviewer's decision on a relation.")
class RelationReview:
    verdict: ReviewVerdict = strawberry.field(description="CONFIRM or REJECT.")
    by: str | None = strawberry.field(description="Who decided: the API key's name.")
    at: str | None = strawberry.field(description="When, ISO 8601.")
    note_text: Private[str | None]

    @classmethod
    def from_doc(cls, doc: Doc) -> RelationReview:
        """From a relation's `review` or a record of the `reviews` collection (relateClaims records
        are confirmations)."""
        return cls(
            verdict=enum_of(ReviewVerdict, doc.get("verdict") or "CONFIRM", ReviewVerdict.CONFIRM),
            by=doc.get("by"),
            at=doc.get("at"),
            note_text=doc.get("note"),
        )

    @strawberry.field(
        description="Why, in the reviewer's words; null unless the API key has the `write` scope.",
        graphql_type=str | None,
    )
    def note(self, info: Info) -> str | None:
        return self.note_text if sees_notes(info) else None


def is_review(record: dict[str, Any]) -> bool:
    """A record of the `reviews` collection that decided on a relation (not a merge or a delete)."""
    return record.get("action") in ("reviewRelation", "relateClaims")


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

    entity = relationship_field(
        "Source", "entity", description="The entity the source is, when it is one (an outlet, a document)."
    )
    article = relationship_field(
        "Source", "article", description="The article the source is, when it is one in this graph."
    )


@strawberry.type(
    description="How one claim bears on another: supports or contradicts, and how that was found."
)
class ClaimRelation:
    type: RelationType = strawberry.field(description="SUPPORTS or CONTRADICTS.")
    method: RelationMethod = strawberry.field(
        description="How it was found: in the text, inferred or curated."
    )
    confidence: float = strawberry.field(description="0 to 1; below 1 for inferred relations.")
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
    relation_id: Private[str]
    evidence_text: Private[str | None]
    from_id: Private[str]
    to_id: Private[str]

    @classmethod
    def from_doc(cls, doc: Doc) -> ClaimRelation:
        review = doc.get("review")
        return cls(
            type=enum_of(RelationType, doc.get("type"), RelationType.SUPPORTS),
            method=enum_of(RelationMethod, doc.get("method"), RelationMethod.CUE),
            confidence=float(doc.get("confidence", 1.0)),
            evidence_text=doc.get("evidence"),
            status=enum_of(RelationStatus, doc.get("status") or "active", RelationStatus.ACTIVE),
            review=RelationReview.from_doc(review) if isinstance(review, dict) else None,
            label=optional_enum_of(ContradictionLabel, doc.get("label")),
            label_evidence=doc.get("label_evidence"),
            relation_id=str(doc.get("_id") or ""),
            from_id=doc["from_claim"],
            to_id=doc["to_claim"],
        )

    @strawberry.field(
        description="The words that establish it: 'officially denied Qasemi's revelations'. For a "
        "CURATED relation this is the curator's note: null unless the API key has the `write` scope.",
        graphql_type=str | None,
    )
    def evidence(self, info: Info) -> str | None:
        if self.method is RelationMethod.CURATED and not sees_notes(info):
            return None
        return self.evidence_text

    @strawberry.field(
        description="Every review of this relation, oldest first: who confirmed or rejected it, when "
        "(and why, for keys with the `write` scope). The latest is also `review`.",
        graphql_type=list[RelationReview],
    )
    def reviews(self, info: Info) -> Soon[list[RelationReview]]:
        loader = info.context.loaders.reviews_by_relation
        docs = loader.ready(self.relation_id)
        if docs is MISSING:
            return self._load_reviews(info)
        return [RelationReview.from_doc(d) for d in docs if is_review(d)]

    async def _load_reviews(self, info: Info) -> list[RelationReview]:
        docs = await info.context.loaders.reviews_by_relation.load(self.relation_id)
        return [RelationReview.from_doc(d) for d in docs if is_review(d)]

    from_ = relationship_field(
        "ClaimRelation", "from", description="The claim that supports or contradicts ..."
    )
    to = relationship_field("ClaimRelation", "to", description="... this claim.")
