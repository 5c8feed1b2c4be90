"""The Subscription root: live events from the store's event log (store.base), as each committed
write adds statements, relations and articles, whichever server process made it.

Each event carries its `eventId`; a client that reconnects passes the last one it saw as `after`
and first receives what it missed (as far back as the log keeps: store.base.EVENT_RETENTION
events), then the new ones. The feed itself (`info.context.events`) is the API's, one per process
(api.events); each event is loaded and completed with DataLoaders of its own, so an event never
shows what an earlier one cached.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Annotated, Any

import strawberry

from schema.connections import claim_filter_where
from schema.dataloaders import Doc
from schema.enums import RelationMethod, RelationType
from schema.errors import BadUserInput, ClaimgraphError
from schema.filters import ClaimFilter, given
from schema.ids import shown
from schema.queries import find_actor
from schema.request_loaders import Loaders
from schema.resolving import Info
from schema.types import Article, Claim, ClaimRelation

REPLAY_UNAVAILABLE = "REPLAY_UNAVAILABLE"


class ReplayUnavailable(ClaimgraphError):
    """`after` names an event the log no longer keeps (or never had)."""

    code = REPLAY_UNAVAILABLE


@strawberry.type(description="A statement a write added to the graph.")
class StatementAddedEvent:
    event_id: strawberry.ID = strawberry.field(
        description="This event's id: pass it as `after` when reconnecting, to receive what came next."
    )
    at: str = strawberry.field(description="When the write committed, ISO 8601.")
    claim: Claim = strawberry.field(description="The statement.")


@strawberry.type(description="A relation a write added: found in an article, inferred, or curated.")
class RelationAddedEvent:
    event_id: strawberry.ID = strawberry.field(
        description="This event's id: pass it as `after` when reconnecting, to receive what came next."
    )
    at: str = strawberry.field(description="When the write committed, ISO 8601.")
    relation: ClaimRelation = strawberry.field(description="The relation.")


@strawberry.type(description="An article a write stored (new, or with new statements).")
class ArticleIngestedEvent:
    event_id: strawberry.ID = strawberry.field(
        description="This event's id: pass it as `after` when reconnecting, to receive what came next."
    )
    at: str = strawberry.field(description="When the write committed, ISO 8601.")
    claim_count: int = strawberry.field(description="How many statements the article holds.")
    new_claim_count: int = strawberry.field(description="How many of them this write added.")
    article: Article = strawberry.field(description="The article.")


AFTER_EVENT = Annotated[
    strawberry.ID | None,
    strawberry.argument(
        description="The last eventId this client received: the events since then come first (as far "
        "back as the server keeps them), then the new ones."
    ),
]
ACTOR = Annotated[
    str | None,
    strawberry.argument(description="Only for this actor: a name or alias, any case, as in Query.actor."),
]


def _after(value: strawberry.ID | None) -> int | None:
    if not given(value):
        return None
    text = str(value)
    if not text.isdigit() or len(text) > 18:
        raise BadUserInput(f"after: {shown(text)} is not an event id (the eventId of an earlier event)")
    return int(text)


async def _actor_id(info: Info, name: str | None) -> str | None:
    if not given(name) or name is None:
        return None
    entity = await find_actor(info, name, "actor")
    if entity is None:
        raise BadUserInput(f"actor: no entity goes by {shown(name)}")
    return str(entity.id)


async def _open(info: Info, after: int | None) -> AsyncIterator[dict[str, Any]]:
    """The feed from `after` (or from the transport's resume point: an SSE client's
    Last-Event-ID), refused before anything streams when it cannot replay from there."""
    if after is None:
        after = info.context.extra.get("resume_after")
    feed = info.context.events
    if feed is None:
        raise ClaimgraphError("subscriptions are served over WebSocket or server-sent events at /graphql")
    if after is not None:
        try:
            await feed.check_after(after)
        except ValueError as exc:
            raise ReplayUnavailable(str(exc)) from None
    return feed.stream(after)


async def _events(
    info: Info, stream: AsyncIterator[dict[str, Any]], kind: str
) -> AsyncIterator[tuple[dict[str, Any], Loaders]]:
    """The feed's events of one kind, each with fresh DataLoaders (also put in the context, where
    the fields below the event read them)."""
    async for event in stream:
        if event.get("kind") == kind:
            loaders = Loaders(info.context.store)
            info.context.loaders = loaders
            yield event, loaders


def matches(doc: Doc, where: Mapping[str, Any]) -> bool:
    """Whether a claim document passes a ClaimFilter's store filter (schema.filters.claim_where)."""
    for key, wanted in where.items():
        value = doc.get(key)
        if isinstance(wanted, Mapping):
            if "$in" in wanted and value not in wanted["$in"]:
                return False
            if "$contains" in wanted and str(wanted["$contains"]).lower() not in str(value or "").lower():
                return False
        elif key == "contradicted":
            if bool(value) is not wanted:
                return False
        elif value != wanted:
            return False
    return True


@strawberry.type(
    description="Live events, over WebSocket (graphql-transport-ws) or server-sent events (graphql-sse) "
    "at /graphql: what each committed write adds, from whichever server process made it."
)
class Subscription:
    @strawberry.subscription(
        description="Statements as writes add them: all, an actor's, or those matching a filter."
    )
    async def statement_added(
        self,
        info: Info,
        actor: ACTOR = strawberry.UNSET,
        filter: Annotated[
            ClaimFilter | None, strawberry.argument(description="Only the statements that match.")
        ] = strawberry.UNSET,
        after: AFTER_EVENT = strawberry.UNSET,
    ) -> AsyncIterator[StatementAddedEvent]:
        where = await claim_filter_where(info, filter)
        speaker = await _actor_id(info, actor)
        feed = await _open(info, _after(after))

        async def stream() -> AsyncIterator[StatementAddedEvent]:
            async for event, loaders in _events(info, feed, "statementAdded"):
                if speaker is not None and event.get("speaker_id") != speaker:
                    continue
                doc = await loaders.claim_by_id.load(str(event["claim_id"]))
                if doc is None or not matches(doc, where):
                    continue  # deleted since, or not what the filter asks for
                yield StatementAddedEvent(
                    event_id=strawberry.ID(str(event["seq"])),
                    at=str(event.get("at")),
                    claim=Claim.from_doc(doc),
                )

        return stream()

    @strawberry.subscription(
        description="Relations as writes add them. With `actor`: those made to the actor's statements "
        '(relationAdded(actor: "kbpa", type: CONTRADICTS): every new contradiction of what the actor '
        "said, inferred ones included)."
    )
    async def relation_added(
        self,
        info: Info,
        actor: Annotated[
            str | None,
            strawberry.argument(
                description="Only relations to this actor's statements: a name or alias, any case."
            ),
        ] = strawberry.UNSET,
        type: Annotated[
            RelationType | None, strawberry.argument(description="Only SUPPORTS, or only CONTRADICTS.")
        ] = strawberry.UNSET,
        method: Annotated[
            RelationMethod | None, strawberry.argument(description="Only CUE, INFERRED or CURATED ones.")
        ] = strawberry.UNSET,
        after: AFTER_EVENT = strawberry.UNSET,
    ) -> AsyncIterator[RelationAddedEvent]:
        speaker = await _actor_id(info, actor)
        wanted_type = RelationType(type).value if given(type) else None
        wanted_method = RelationMethod(method).value if given(method) else None
        feed = await _open(info, _after(after))

        async def stream() -> AsyncIterator[RelationAddedEvent]:
            async for event, loaders in _events(info, feed, "relationAdded"):
                if wanted_type is not None and event.get("type") != wanted_type:
                    continue
                if wanted_method is not None and event.get("method") != wanted_method:
                    continue
                if speaker is not None:
                    target = await loaders.claim_by_id.load(str(event["to_claim"]))
                    if target is None or target.get("speaker_id") != speaker:
                        continue
                found = await info.context.store.get_many("relations", [str(event["relation_id"])])
                doc = found.get(str(event["relation_id"]))
                if doc is None:
                    continue  # removed since (its article deleted)
                yield RelationAddedEvent(
                    event_id=strawberry.ID(str(event["seq"])),
                    at=str(event.get("at")),
                    relation=ClaimRelation.from_doc(doc),
                )

        return stream()

    @strawberry.subscription(description="Articles as writes store them (new, or with new statements).")
    async def article_ingested(
        self, info: Info, after: AFTER_EVENT = strawberry.UNSET
    ) -> AsyncIterator[ArticleIngestedEvent]:
        feed = await _open(info, _after(after))

        async def stream() -> AsyncIterator[ArticleIngestedEvent]:
            async for event, loaders in _events(info, feed, "articleIngested"):
                doc = await loaders.article_by_id.load(str(event["article_id"]))
                if doc is None:
                    continue
                yield ArticleIngestedEvent(
                    event_id=strawberry.ID(str(event["seq"])),
                    at=str(event.get("at")),
                    claim_count=int(event.get("claims") or 0),
                    new_claim_count=int(event.get("new_claims") or 0),
                    article=Article.from_doc(doc),
                )

        return stream()
