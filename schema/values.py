"""The value types of the public contract that lead nowhere else: Span and RelationReview.

Filled by `from_doc` like the node types; the types with relationship fields (Source,
ClaimRelation) are with the node types in schema.types, which use these.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import Private

from schema.dataloaders import Doc
from schema.enums import ReviewVerdict, enum_of
from schema.resolving import Info

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
