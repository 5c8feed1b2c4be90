"""An actor's positions over time (issue 13), as GraphQL types: its roles as dated facts and its
timeline of statements and role changes in date order.

The roles were dated on the write path (loaders.positions) and are on the entity; the timeline's
statements come a page at a time through this request's DataLoaders (schema.analyst_loaders).
The node types (Article, Claim) are named lazily and made through schema.relationships' registry
(`node_of`), since schema.types imports this module.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import Private

from schema.corroboration import article_soon
from schema.dataloaders import Doc
from schema.enums import TimelineEventKind
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
from schema.relationships import node_of
from schema.resolving import Info, Soon

if TYPE_CHECKING:
    from schema.types import Article, Claim

LazyClaim = Annotated["Claim", strawberry.lazy("schema.types")]
LazyArticle = Annotated["Article", strawberry.lazy("schema.types")]
CLAIM = node_of("Claim")

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


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
        return article_soon(info, self.article_id)

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
                statement=CLAIM(d),
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
