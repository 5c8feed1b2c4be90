"""What every resolver receives as `info.context`: the store, this request's DataLoaders, the
write services, who is asking, and the request's settings.

The schema never imports `loaders`: writes (ingesting articles, merging entities, ...) are done
by a `Services` object the API builds and puts here, which keeps `schema -> store` the only
dependency and lets tests pass a stand-in.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from schema.request_loaders import Loaders
from store.base import Store

DEFAULT_MAX_FIRST = 100


class Services(Protocol):
    """The write side, implemented by the API on top of `loaders`. Each method raises
    LookupError for an unknown id (-> NOT_FOUND), ValueError for bad input (-> BAD_USER_INPUT) and
    PermissionError for a write the caller's scope does not cover (-> FORBIDDEN)."""

    async def ingest_articles(self, articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """One outcome per input, same order:
        {"article_id": str | None, "claim_ids": [str, ...], "error": str | None}."""
        ...

    async def relate_claims(
        self, from_id: str, to_id: str, type: str, note: str | None, actor: str
    ) -> dict[str, Any]:
        """The relation document written (method CURATED)."""
        ...

    async def review_relation(
        self,
        from_id: str,
        to_id: str,
        type: str,
        verdict: str,
        note: str | None,
        actor: str,
        *,
        curated_allowed: bool = False,
    ) -> dict[str, Any]:
        """The relation document after review (verdict CONFIRM or REJECT). A CURATED relation
        may be reviewed only with `curated_allowed` (an admin); else PermissionError."""
        ...

    async def merge_entities(self, keep: str, merge: str, actor: str) -> dict[str, Any]:
        """The kept entity document."""
        ...

    async def delete_article(self, article_id: str, actor: str) -> bool: ...


class EventFeed(Protocol):
    """The store's event log as a live stream (the API's, one per process: api.events). Raises
    ValueError for an `after` it cannot replay from, naming why."""

    async def check_after(self, after: int) -> None:
        """Raise ValueError, saying why, when the events after `after` cannot be replayed (the
        log no longer keeps them, or there is no such event yet)."""
        ...

    def stream(self, after: int | None) -> AsyncIterator[dict[str, Any]]:
        """Events after sequence `after` (the missed ones first, from the log), then each new
        one as it is committed, by any process; without `after`, only the new ones."""
        ...


@dataclass(frozen=True)
class Principal:
    """Who is asking, as the API established it from the request's key. `name` is None for an
    anonymous caller; scopes are among "read", "write", "admin" (admin implies write and read,
    write implies read)."""

    scopes: frozenset[str] = frozenset()
    name: str | None = None

    @property
    def authenticated(self) -> bool:
        return self.name is not None or bool(self.scopes)

    def has_scope(self, scope: str) -> bool:
        implied = {"read": {"read", "write", "admin"}, "write": {"write", "admin"}, "admin": {"admin"}}
        return bool(self.scopes & implied.get(scope, {scope}))


ANONYMOUS = Principal()


@dataclass
class Context:
    store: Store
    loaders: Loaders
    services: Services | None = None
    principal: Principal = ANONYMOUS
    max_first: int = DEFAULT_MAX_FIRST
    debug: bool = False
    events: EventFeed | None = None  # for subscriptions; None where nothing streams (the CLI)
    # Anything else the API wants resolvers or its own extensions to see (request id, ...).
    extra: dict[str, Any] = field(default_factory=dict)


def make_context(
    store: Store,
    services: Services | None = None,
    principal: Principal | None = None,
    *,
    max_first: int = DEFAULT_MAX_FIRST,
    debug: bool = False,
    events: EventFeed | None = None,
    **extra: Any,
) -> Context:
    """A fresh context for one request: new DataLoaders, so nothing is cached across requests."""
    if not 1 <= max_first <= 1000:
        raise ValueError(f"max_first: must be between 1 and 1000, got {max_first}")
    return Context(
        store=store,
        loaders=Loaders(store),
        services=services,
        principal=principal if principal is not None else ANONYMOUS,
        max_first=max_first,
        debug=debug,
        events=events,
        extra=extra,
    )
