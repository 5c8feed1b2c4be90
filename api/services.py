"""The write services the schema's mutations call (schema.context.Services), done by `loaders`.

The schema never imports `loaders` (they are independent packages); the API wires them together
here. Each service is one store transaction (loaders.write, loaders.curate), so on the embedded
store it takes the single-writer lock (waiting up to the store's lock timeout) and never races a
`claimgraph load` or another request. The loaders
modules (and spaCy behind them) are imported on first use: a server that only answers queries, and
`claimgraph query`, start without loading a language model; `claimgraph serve` extracts in a
warm child process that loads it at start (loaders.extraction_process).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from store.base import Store


class LoaderServices:
    """schema.context.Services implemented by loaders.ingest and loaders.curate."""

    def __init__(
        self,
        store: Store,
        *,
        on_loaded: Callable[[int, int], None] | None = None,
        extract: Callable[[list[Any]], Awaitable[list[Any]]] | None = None,
    ) -> None:
        self.store = store
        self._on_loaded = on_loaded  # (articles, claims) written, for the metrics
        # The server's warm, stoppable extraction process (loaders.extraction_process); without
        # one (the command line), extraction runs in a thread of this process.
        self._extract = extract

    async def ingest_articles(self, articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
        from loaders.ingest import ingest_articles

        outcomes: list[dict[str, Any]] = await ingest_articles(self.store, articles, extract=self._extract)
        if self._on_loaded is not None:
            written = [o for o in outcomes if o.get("article_id") and not o.get("error")]
            self._on_loaded(len(written), sum(len(o.get("claim_ids") or []) for o in written))
        return outcomes

    async def relate_claims(
        self, from_id: str, to_id: str, type: str, note: str | None, actor: str
    ) -> dict[str, Any]:
        from loaders.curate import relate_claims

        doc: dict[str, Any] = await relate_claims(self.store, from_id, to_id, type, note, actor)
        return doc

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
        from loaders.curate import review_relation

        doc: dict[str, Any] = await review_relation(
            self.store, from_id, to_id, type, verdict, note, actor, curated_allowed=curated_allowed
        )
        return doc

    async def merge_entities(self, keep: str, merge: str, actor: str) -> dict[str, Any]:
        from loaders.curate import merge_entities

        doc: dict[str, Any] = await merge_entities(self.store, keep, merge, actor)
        return doc

    async def delete_article(self, article_id: str, actor: str) -> bool:
        from loaders.curate import delete_article

        deleted: bool = await delete_article(self.store, article_id, actor)
        return deleted
