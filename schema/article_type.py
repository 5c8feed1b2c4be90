"""Article: a news article, its story (near-duplicates) and its claims (schema.types says how node
types are built and read)."""

from __future__ import annotations

import strawberry
from strawberry import Private

from schema.connections import (
    ClaimConnection,
    claim_connection,
)
from schema.corroboration import Story, story_of
from schema.dataloaders import Doc
from schema.node import Node
from schema.relationships import node_of, relationship_field
from schema.resolving import AFTER, FIRST, Info, Soon

CLAIM = node_of("Claim")


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
            CLAIM,
        )
