"""The analyst views of the graph (issue 13), as GraphQL types: an article's story (its near-
duplicates), a claim's copies, original, corroboration and matter, an actor's dated roles and
timeline, and the label of a contradiction between two claims of one actor.

Everything here was computed on the write path (loaders.analysis) and is read through this
request's DataLoaders (schema.analyst_loaders): a level of a query costs one store operation
however many claims it spans. Data fields are plain attributes; the node types (Article, Claim,
Entity) are named lazily, since schema.types imports this module for its hooks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import Private

from schema.batching import MISSING
from schema.dataloaders import Doc
from schema.errors import BadUserInput
from schema.ids import shown
from schema.pagination import (
    PageInfo,
    PageKey,
    canonical,
    check_first,
    connection_tag,
    decode_cursor,
    encode_cursor,
)
from schema.resolving import Info, Soon

if TYPE_CHECKING:
    from schema.connections import ClaimConnection
    from schema.types import Article, Claim

LazyClaim = Annotated["Claim", strawberry.lazy("schema.types")]
LazyArticle = Annotated["Article", strawberry.lazy("schema.types")]
LazyClaimConnection = Annotated["ClaimConnection", strawberry.lazy("schema.connections")]

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


# -- enums ---------------------------------------------------------------------------------------
@strawberry.enum(description="How a claim stands in its statement's corroboration.")
class EvidenceKind(Enum):
    REPORT = strawberry.enum_value(
        "REPORT", description="The earliest claim of an article's report (or of a story of copies) saying it."
    )
    COPY = strawberry.enum_value(
        "COPY",
        description="The same report again: a near-duplicate article (wire copy, syndication, light "
        "rewrite) of an earlier one. Counts once with it.",
    )
    REREPORT = strawberry.enum_value(
        "REREPORT",
        description="A report that names where it comes from ('…, the Harbor Daily reported', 'according "
        "to Reuters'): it counts for that outlet.",
    )


@strawberry.enum(description="Where the claims of one origin come from.")
class OriginKind(Enum):
    STORY = strawberry.enum_value(
        "STORY", description="One report and its copies, named by the outlet of its earliest claim here."
    )
    NAMED_OUTLET = strawberry.enum_value(
        "NAMED_OUTLET", description="An outlet that re-reports name as their origin."
    )


@strawberry.enum(description="What a contradiction between two claims of one actor is.")
class ContradictionLabel(Enum):
    SELF_CONTRADICTION = strawberry.enum_value(
        "SELF_CONTRADICTION", description="No date or role change tells the two claims apart."
    )
    POSITION_CHANGE = strawberry.enum_value(
        "POSITION_CHANGE",
        description="The actor's role changed between the two claims, or the later one reverses a dated "
        "earlier one ('In 2021, Brun said … safe' vs 'not safe' today).",
    )


@strawberry.enum(description="The order of an actor's statements.")
class StatementOrder(Enum):
    PUBLISHED = strawberry.enum_value("PUBLISHED", description="Publication order (the default).")
    CORROBORATION = strawberry.enum_value(
        "CORROBORATION", description="Most independent sources first (ties in id order)."
    )
    MATTER = strawberry.enum_value(
        "MATTER",
        description="Matter by matter, each in the order it first appeared, publication order within one: "
        "consecutive statements with the same `matter { id }` form a group.",
    )


@strawberry.enum(description="What happened at a point of an actor's timeline.")
class TimelineEventKind(Enum):
    STATEMENT = strawberry.enum_value("STATEMENT", description="The actor made a statement.")
    ROLE_HELD = strawberry.enum_value(
        "ROLE_HELD", description="The earliest date an article shows the actor in a role."
    )
    ROLE_ENDED = strawberry.enum_value(
        "ROLE_ENDED", description="The date by which a role had ended ('former …', 'left in April')."
    )


def label_of(value: object) -> ContradictionLabel | None:
    """A relation document's `label` as the enum; None when it has none (or an unknown one)."""
    return _enum(ContradictionLabel, value) if value else None


def _enum(cls: type[Enum], value: object) -> Any:
    try:
        return cls(value)
    except ValueError:
        return None


# -- stories -------------------------------------------------------------------------------------
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
        return _article_soon(info, self.original_id)

    @strawberry.field(
        description="The article of the story this one was found similar to when it was written (the most "
        "similar one then); null for the story's first article written. `original` is the earliest copy.",
        graphql_type=LazyArticle | None,
    )
    def matched_with(self, info: Info) -> Soon[Article | None]:
        return _article_soon(info, self.matched_id)

    @strawberry.field(
        description="The story's articles in publication order (the first 50).",
        graphql_type=list[LazyArticle],
    )
    async def articles(self, info: Info) -> list[Article]:
        from schema.types import Article

        docs = await info.context.loaders.analyst.articles_by_story.load(str(self.id))
        return [Article.from_doc(d) for d in docs]


def story_of(info: Info, article_id: str, story_id: str | None, match: Doc | None) -> Soon[Story | None]:
    if not story_id:
        return None
    alone = {"size": 1, "original": {"article_id": article_id}}  # a story of one has no document
    return group_soon(
        info, story_id, lambda g: _story(story_id, g, match), lambda: _story(story_id, alone, match)
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


def _article_soon(info: Info, article_id: str | None) -> Soon[Article | None]:
    from schema.types import Article

    if not article_id:
        return None
    doc = info.context.loaders.article_by_id.ready(article_id)
    if doc is MISSING:
        return _load_article(info, article_id)
    return Article.from_doc(doc) if doc else None


async def _load_article(info: Info, article_id: str) -> Article | None:
    from schema.types import Article

    doc = await info.context.loaders.article_by_id.load(article_id)
    return Article.from_doc(doc) if doc else None


# -- corroboration -------------------------------------------------------------------------------
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

    @strawberry.field(description="The claim.", graphql_type=LazyClaim)
    def claim(self, info: Info) -> Soon[Claim]:
        from schema.types import claim_soon

        return claim_soon(info, self.claim_id)


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
    group: Private[Doc]  # the statement group's document (made up for a claim alone)

    @strawberry.field(description="Its first appearance.", graphql_type=LazyClaim | None)
    def first_claim(self, info: Info) -> Soon[Claim | None]:
        from schema.types import claim_soon

        return claim_soon(info, self.first_claim_id) if self.first_claim_id else None

    @strawberry.field(description="Its origins, counted or not.")
    def origins(self) -> list[CorroborationOrigin]:
        origins: dict[str, Any] = self.group.get("origins") or {}
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

    @strawberry.field(description="The claims that say it, earliest first (the first 50).")
    def evidence(self) -> list[CorroborationEvidence]:
        return [
            CorroborationEvidence(
                kind=_enum(EvidenceKind, e.get("kind")) or EvidenceKind.REPORT,
                origin=e.get("origin"),
                outlet=e.get("outlet"),
                published_at=e.get("published_at"),
                cited=e.get("cited_words") or e.get("cited"),
                independent=bool(e.get("independent")),
                claim_id=e["claim_id"],
            )
            for e in self.group.get("evidence") or []
            if isinstance(e, dict) and isinstance(e.get("claim_id"), str)
        ]

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


# -- matters -------------------------------------------------------------------------------------
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

    @strawberry.field(description="Its statements, in publication order.", graphql_type=LazyClaimConnection)
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
        from schema.connections import claim_connection

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
        )

    @classmethod
    def alone(cls, matter_id: str, terms: Sequence[str]) -> Matter:
        """A matter only one statement is on."""
        return cls(id=strawberry.ID(matter_id), terms=list(terms[:KEY_TERMS]), words=list(terms), size=1)

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


# -- dated roles and timelines -------------------------------------------------------------------
@strawberry.type(description="A role the articles give an actor, with the dates they give it.")
class DatedRole:
    title: str = strawberry.field(description="'spokesman', 'Finance Minister'.")
    organisation: str | None = strawberry.field(description="'Kelby Bay Port Authority (KBPA)', where named.")
    since: str | None = strawberry.field(
        description="The earliest date an article shows it held (ISO 8601, as precise as the text)."
    )
    until: str | None = strawberry.field(
        description="The date by which it had ended ('former …' in an article of that date, or the date "
        "the text gives: 'left the authority in April'); null while no article says it ended."
    )
    evidence: str | None = strawberry.field(
        description="The words it rests on: of the end when known, else of the earliest sighting."
    )
    article_id: Private[str | None]

    @strawberry.field(description="The article those words are in.", graphql_type=LazyArticle | None)
    def article(self, info: Info) -> Soon[Article | None]:
        return _article_soon(info, self.article_id)

    @classmethod
    def from_fact(cls, fact: Doc) -> DatedRole:
        end = bool(fact.get("until"))
        return cls(
            title=str(fact.get("title") or ""),
            organisation=fact.get("organisation"),
            since=fact.get("since"),
            until=fact.get("until"),
            evidence=fact.get("until_evidence") if end else fact.get("since_evidence"),
            article_id=fact.get("until_article") if end else fact.get("since_article"),
        )


def dated_roles(facts: object) -> list[DatedRole]:
    if not isinstance(facts, list):
        return []
    roles = [DatedRole.from_fact(f) for f in facts if isinstance(f, dict)]
    return sorted(roles, key=lambda r: (r.since or r.until or "9999", r.title))


@strawberry.type(description="A statement or a role change on an actor's timeline.")
class TimelineEvent:
    date: str | None = strawberry.field(
        description="When: the statement's `statedAt` when the article dates it, else its publication date; "
        "a role's `since` or `until`."
    )
    kind: TimelineEventKind = strawberry.field(description="A statement, or a role held or ended.")
    statement: LazyClaim | None = strawberry.field(description="The statement, for STATEMENT.")
    role: DatedRole | None = strawberry.field(description="The role, for ROLE_HELD and ROLE_ENDED.")


@strawberry.type(description="An event on a timeline, with the cursor to page on from it.")
class TimelineEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue after this event.")
    node: TimelineEvent = strawberry.field(description="The event.")


@strawberry.type(description="A page of an actor's timeline, in date order.")
class TimelineConnection:
    edges: list[TimelineEdge] = strawberry.field(description="This page's events, in date order.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")


def check_date(value: str | None, argument: str) -> str | None:
    if value is None or value is strawberry.UNSET:
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        raise BadUserInput(f"{argument}: {shown(value)} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD")
    return value.strip()


def _role_events(facts: object) -> list[tuple[str, str, TimelineEvent]]:
    """(sort key, id, event) of each role's start and end. At one date, role events come before
    the statements (statement keys continue with a publication date or 9999)."""
    out: list[tuple[str, str, TimelineEvent]] = []
    for fact in facts if isinstance(facts, list) else []:
        if not isinstance(fact, dict):
            continue
        for kind, date, words, article in (
            (
                TimelineEventKind.ROLE_HELD,
                fact.get("since"),
                fact.get("since_evidence"),
                fact.get("since_article"),
            ),
            (
                TimelineEventKind.ROLE_ENDED,
                fact.get("until"),
                fact.get("until_evidence"),
                fact.get("until_article"),
            ),
        ):
            if not date:
                continue
            role = DatedRole(
                title=str(fact.get("title") or ""),
                organisation=fact.get("organisation"),
                since=fact.get("since"),
                until=fact.get("until"),
                evidence=words,
                article_id=article,
            )
            # At one date, a role that ends comes before one that starts.
            rank = 0 if kind == TimelineEventKind.ROLE_ENDED else 1
            key = f"{date}|0role{rank}|{fact.get('key')}"
            out.append(
                (
                    key,
                    f"role:{fact.get('key')}:{kind.value}",
                    TimelineEvent(date=date, kind=kind, statement=None, role=role),
                )
            )
    return sorted(out, key=lambda e: e[:2])


def _within(date: str | None, until: str | None) -> bool:
    """Whether `date` is not after `until`, at the precision both have (undated: never within)."""
    if until is None:
        return True
    if not date or date.startswith("9999"):
        return False
    n = min(len(date), len(until))
    return date[:n] <= until[:n]


async def timeline(
    info: Info,
    entity_id: str,
    facts: object,
    first: int | None,
    after: str | None,
    from_: str | None,
    to: str | None,
) -> TimelineConnection:
    """An actor's statements (by `timeline`: the date each was said) and role changes, merged in
    date order: one page of statements from the store, the roles from the entity itself."""
    from schema.types import Claim

    start, end = check_date(from_, "from"), check_date(to, "to")
    n = check_first(first, info.context.max_first)
    tag = connection_tag("Entity.timeline", entity_id, f"{start}|{end}")
    position = decode_cursor(after, tag) if isinstance(after, str) else None
    if position is None and start is not None:
        position = (start, "")
    loader = info.context.loaders.analyst.claims_by_speaker_timeline
    docs = await loader.load(PageKey(entity_id, n + 1, position, canonical({})))
    events: list[tuple[str, str, TimelineEvent]] = [
        (
            str(d.get("order") or ""),
            d["_id"],
            TimelineEvent(
                date=(d.get("said_on") or None),
                kind=TimelineEventKind.STATEMENT,
                statement=Claim.from_doc(d),
                role=None,
            ),
        )
        for d in docs
    ]
    more_statements = len(events) > n
    events = events[:n]
    last = events[-1][:2] if more_statements else None
    for key, event_id, event in _role_events(facts):
        if position is not None and (key, event_id) <= (str(position[0]), position[1]):
            continue
        if last is not None and (key, event_id) > last:
            continue  # after this page's statements: a later page has it
        events.append((key, event_id, event))
    events.sort(key=lambda e: e[:2])
    events = [e for e in events if _within(e[2].date, end)]
    page, rest = events[:n], events[n:]
    has_next = bool(rest) or (more_statements and bool(page) and _within(page[-1][2].date, end))
    edges = [TimelineEdge(cursor=encode_cursor(tag, {"order": k, "_id": i}), node=e) for k, i, e in page]
    return TimelineConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=position is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


# -- hooks of the node types ---------------------------------------------------------------------
def statements_loaders(info: Info, order: StatementOrder) -> tuple[Any, str]:
    """The paged loader and the connection name of an actor's statements in `order`."""
    loaders = info.context.loaders.analyst
    if order == StatementOrder.CORROBORATION:
        return loaders.claims_by_speaker_by_sources, "Entity.statements:CORROBORATION"
    return loaders.claims_by_speaker_by_matter, "Entity.statements:MATTER"


__all__ = [
    "ContradictionLabel",
    "Corroboration",
    "CorroborationEvidence",
    "CorroborationOrigin",
    "DatedRole",
    "EvidenceKind",
    "Matter",
    "OriginKind",
    "StatementOrder",
    "Story",
    "TimelineConnection",
    "TimelineEdge",
    "TimelineEvent",
    "TimelineEventKind",
    "check_date",
    "dated_roles",
    "group_soon",
    "label_of",
    "statements_loaders",
    "story_of",
    "timeline",
]
