"""The corroboration views of the graph (issue 13), as GraphQL types: an article's story (its
near-duplicates), a claim's corroboration (how many independent origins say it) and matter (the
statements on the same matter, with the words that tie them).

Everything here was computed on the write path (loaders.analysis) and is read through this
request's DataLoaders (schema.analyst_loaders): a level of a query costs one store operation
however many claims it spans. Data fields are plain attributes. The node types (Article, Claim)
are named lazily and made through schema.relationships' registry of node types (`node_of`), since
schema.types imports this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import Private

from schema.batching import MISSING, soon_of
from schema.connections import ClaimConnection, claim_connection
from schema.dataloaders import Doc
from schema.enums import EvidenceKind, OriginKind, optional_enum_of
from schema.relationships import node_of
from schema.resolving import Info, Soon
from store.documents import STATEMENT_DETAIL_FIELDS, statement_detail_id

if TYPE_CHECKING:
    from schema.types import Article, Claim

LazyClaim = Annotated["Claim", strawberry.lazy("schema.types")]
LazyArticle = Annotated["Article", strawberry.lazy("schema.types")]
ARTICLE, CLAIM = node_of("Article"), node_of("Claim")


@strawberry.type(
    description="Near-duplicate articles: wire copies, syndication, light rewrites of one report, found "
    "by MinHash similarity of their 3-word shingles."
)
class Story:
    id: strawberry.ID = strawberry.field(description="The story's id.")
    size: int = strawberry.field(description="How many articles (copies) it holds.")
    similarity: float | None = strawberry.field(
        description="This article's estimated Jaccard similarity to the copy it was matched with "
        "(`matchedWith`); null for the story's first article written."
    )
    shared_phrases: list[str] = strawberry.field(
        description="The longest passages this article shares with `matchedWith`: the words the match "
        "rests on."
    )
    original_id: Private[str | None]
    matched_id: Private[str | None]

    @strawberry.field(description="The earliest copy, by publication date.", graphql_type=LazyArticle | None)
    def original(self, info: Info) -> Soon[Article | None]:
        return article_soon(info, self.original_id)

    @strawberry.field(
        description="The article of the story this one was found similar to when it was written (the most "
        "similar one then); null for the story's first article written. `original` is the earliest copy.",
        graphql_type=LazyArticle | None,
    )
    def matched_with(self, info: Info) -> Soon[Article | None]:
        return article_soon(info, self.matched_id)

    @strawberry.field(
        description="The story's articles in publication order (the first 50).",
        graphql_type=list[LazyArticle],
    )
    async def articles(self, info: Info) -> list[Article]:
        docs = await info.context.loaders.analyst.articles_by_story.load(str(self.id))
        return [ARTICLE(d) for d in docs]


def story_of(info: Info, article_id: str, story_id: str | None, match: Doc | None) -> Soon[Story | None]:
    if not story_id:
        return None
    alone = {"size": 1, "original": {"article_id": article_id}}  # a story of one has no document
    return group_soon(
        info,
        story_id,
        lambda g: _story(story_id, g, match),
        lambda: _story(story_id, alone, match),
    )


def _story(story_id: str, group: Doc, match: Doc | None) -> Story:
    match = match if isinstance(match, dict) else {}
    return Story(
        id=strawberry.ID(story_id),
        size=int(group.get("size") or 0),
        similarity=match.get("similarity"),
        shared_phrases=list(match.get("phrases") or []),
        original_id=(group.get("original") or {}).get("article_id"),
        matched_id=match.get("article_id"),
    )


def article_soon(info: Info, article_id: str | None) -> Soon[Article | None]:
    """The article by id: now when loaded, else an awaitable."""
    if not article_id:
        return None
    return soon_of(info.context.loaders.article_by_id, article_id, ARTICLE)


@strawberry.type(description="One independent origin of a statement, or a re-reported one.")
class CorroborationOrigin:
    name: str = strawberry.field(description="The outlet it comes from.")
    kind: OriginKind = strawberry.field(description="A report with its copies, or an outlet re-reports name.")
    claims: int = strawberry.field(description="How many claims of the statement come from it.")
    independent: bool = strawberry.field(
        description="Whether it counts in `independentSources`: false for an outlet re-reports name that "
        "one of the counted reports was carried by."
    )
    outlets: list[str] = strawberry.field(description="The outlets that carried it (copies included).")


@strawberry.type(description="One claim that says the statement, and what it counts for.")
class CorroborationEvidence:
    kind: EvidenceKind = strawberry.field(description="A report, a copy of one, or a re-report.")
    origin: str | None = strawberry.field(description="The origin it counts for.")
    outlet: str | None = strawberry.field(description="The outlet that published the claim's article.")
    published_at: str | None = strawberry.field(description="When that article was published.")
    cited: str | None = strawberry.field(
        description="For a re-report, the words that name its origin: 'the Harbor Daily reported'."
    )
    independent: bool = strawberry.field(description="Whether its origin counts in `independentSources`.")
    claim_id: Private[str]

    @strawberry.field(description="The claim.", graphql_type=LazyClaim | None)
    def claim(self, info: Info) -> Soon[Claim | None]:
        return soon_of(info.context.loaders.claim_by_id, self.claim_id, CLAIM)


@strawberry.type(
    description="How many independent sources say a statement: the claims that say the same thing "
    "(identical words in copies of a story, or most content words in common, the same polarity and no "
    "contradiction between them), counted by origin: copies of one report count once, a re-report "
    "counts for the outlet it names."
)
class Corroboration:
    independent_sources: int = strawberry.field(description="The number of independent origins.")
    claims: int = strawberry.field(description="How many claims say it, copies included.")
    words: list[str] = strawberry.field(
        description="The content words (stemmed) the grouping rests on: those this claim shares with the "
        "claim it was matched with (its own, for the first)."
    )
    first_seen: str | None = strawberry.field(description="The publication date of its first appearance.")
    outlets: list[str] = strawberry.field(description="Every outlet that carried it, in name order.")
    first_claim_id: Private[str | None]
    group: Private[Doc]  # the statement group's summary (made up, with its detail, for a claim alone)

    @strawberry.field(description="Its first appearance.", graphql_type=LazyClaim | None)
    def first_claim(self, info: Info) -> Soon[Claim | None]:
        if not self.first_claim_id:
            return None
        return soon_of(info.context.loaders.claim_by_id, self.first_claim_id, CLAIM)

    @strawberry.field(description="Its origins, counted or not.", graphql_type=list[CorroborationOrigin])
    def origins(self, info: Info) -> Soon[list[CorroborationOrigin]]:
        return self._with_detail(info, _origins)

    @strawberry.field(
        description="The claims that say it, earliest first (the first 50).",
        graphql_type=list[CorroborationEvidence],
    )
    def evidence(self, info: Info) -> Soon[list[CorroborationEvidence]]:
        return self._with_detail(info, _evidence)

    def _with_detail(self, info: Info, build: Any) -> Any:
        """`build(document holding origins and evidence)`: the summary itself for a claim alone or
        a group written before they were kept apart, else the group's detail document (read
        through the same loader, one operation for every corroboration of a level)."""
        if any(k in self.group for k in STATEMENT_DETAIL_FIELDS) or not self.group.get("_id"):
            return build(self.group)
        return group_soon(info, statement_detail_id(str(self.group["_id"])), build, lambda: build({}))

    @classmethod
    def alone(cls, claim_id: str, origin: object, order: object, words: Sequence[str]) -> Corroboration:
        """A statement nobody else makes: its one claim, its one origin (as loaders.analysis would
        write its group)."""
        origin = origin if isinstance(origin, dict) else {}
        outlet = origin.get("outlet")
        rereport = origin.get("kind") == "REREPORT"
        name = origin.get("name") if rereport else outlet or origin.get("name")
        published = published_of(order)
        carried = name if rereport else outlet
        group = {
            "origins": {
                str(origin.get("key") or ""): {
                    "name": name,
                    "claims": 1,
                    "independent": True,
                    "outlets": {carried: 1} if carried else {},
                }
            },
            "evidence": [
                {
                    "claim_id": claim_id,
                    "kind": "REREPORT" if rereport else "REPORT",
                    "origin": name,
                    "outlet": outlet,
                    "published_at": published,
                    "cited_words": origin.get("evidence") if rereport else None,
                    "independent": True,
                }
            ],
        }
        return cls(
            independent_sources=1,
            claims=1,
            words=list(words),
            first_seen=published,
            outlets=[outlet] if outlet else [],
            first_claim_id=claim_id,
            group=group,
        )

    @classmethod
    def from_group(cls, group: Doc, words: Sequence[str] = ()) -> Corroboration:
        first = group.get("first") or {}
        return cls(
            independent_sources=int(group.get("independent") or 0),
            claims=int(group.get("size") or 0),
            words=list(words or group.get("words") or []),
            first_seen=first.get("published_at"),
            outlets=sorted(group.get("outlets") or {}),
            first_claim_id=first.get("claim_id"),
            group=group,
        )


def _origins(detail: Doc) -> list[CorroborationOrigin]:
    origins: dict[str, Any] = detail.get("origins") or {}
    return [
        CorroborationOrigin(
            name=str(slot.get("name") or key.partition(":")[2]),
            kind=OriginKind.STORY if key.startswith("story:") else OriginKind.NAMED_OUTLET,
            claims=int(slot.get("claims") or 0),
            independent=bool(slot.get("independent")),
            outlets=sorted(slot.get("outlets") or {}),
        )
        for key, slot in sorted(origins.items(), key=lambda kv: (tuple(kv[1].get("first") or ()), kv[0]))
    ]


def _evidence(detail: Doc) -> list[CorroborationEvidence]:
    return [
        CorroborationEvidence(
            kind=optional_enum_of(EvidenceKind, e.get("kind")) or EvidenceKind.REPORT,
            origin=e.get("origin"),
            outlet=e.get("outlet"),
            published_at=e.get("published_at"),
            cited=e.get("cited_words") or e.get("cited"),
            independent=bool(e.get("independent")),
            claim_id=e["claim_id"],
        )
        for e in detail.get("evidence") or []
        if isinstance(e, dict) and isinstance(e.get("claim_id"), str)
    ]


def group_soon(info: Info, group_id: str | None, build: Any, alone: Any) -> Any:
    """`build(group doc)` for a group by id, now when loaded, else an awaitable of it; `alone()`
    when the group has no document (a group of one is never written: loaders.analysis)."""
    if not group_id:
        return None
    loader = info.context.loaders.analyst.group_by_id
    doc = loader.ready(group_id)
    if doc is MISSING:
        return _load_group(info, group_id, build, alone)
    return build(doc) if doc else alone()


async def _load_group(info: Info, group_id: str, build: Any, alone: Any) -> Any:
    doc = await info.context.loaders.analyst.group_by_id.load(group_id)
    return build(doc) if doc else alone()


def published_of(order: object) -> str | None:
    """The publication date a claim's `order` begins with (loaders.documents.claim_order)."""
    if not isinstance(order, str):
        return None
    first = order.split("|", 1)[0]
    return None if first == "9999" else first


KEY_TERMS = 6


@strawberry.type(
    description="Statements on the same matter (most of the shorter one's content words in the other, "
    "as the inference of contradictions finds them), with the words that tie them."
)
class Matter:
    id: strawberry.ID = strawberry.field(description="The matter's id.")
    terms: list[str] = strawberry.field(
        description="Its key terms (stemmed content words): the most frequent among its statements."
    )
    words: list[str] = strawberry.field(
        description="The words this statement shares with the statement it joined the matter through."
    )
    size: int = strawberry.field(description="How many statements it holds.")

    @strawberry.field(description="Its statements, in publication order.")
    async def statements(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="How many items to return: 0 to 100.")
        ] = 20,
        after: Annotated[
            str | None,
            strawberry.argument(description="Return items after this cursor (a previous page's endCursor)."),
        ] = strawberry.UNSET,
    ) -> ClaimConnection:
        loaders = info.context.loaders.analyst
        return await claim_connection(
            info,
            "Matter.statements",
            str(self.id),
            first,
            after,
            {},
            loaders.claims_by_matter,
            loaders.claim_count_by_matter,
            CLAIM,
        )

    @classmethod
    def alone(cls, matter_id: str, terms: Sequence[str]) -> Matter:
        """A matter only one statement is on."""
        return cls(
            id=strawberry.ID(matter_id),
            terms=list(terms[:KEY_TERMS]),
            words=list(terms),
            size=1,
        )

    @classmethod
    def from_group(cls, group: Doc, words: Sequence[str]) -> Matter:
        counts: dict[str, int] = group.get("term_counts") or {}
        key_terms = sorted(counts.items(), key=lambda kv: (-int(kv[1]), kv[0]))[:KEY_TERMS]
        return cls(
            id=strawberry.ID(group["_id"]),
            terms=[t for t, _ in key_terms],
            words=list(words),
            size=int(group.get("size") or 0),
        )
