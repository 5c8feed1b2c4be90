"""Fixtures for the schema tests: a store filled with small documents built here, in the shapes
of store/documents.py, and a helper that runs a query through the API's one runner
(api.execution.GraphQLRunner: the same parsing, limits and error formatter as every transport)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from api.execution import GraphQLRunner, Refused
from api.settings import Settings
from schema import Principal, build_schema, make_context
from schema.context import Services
from store import open_store
from store.base import Store
from store.documents import make_id, normalize_name
from store.testing import mongomock_client

SCHEMA = build_schema()
RUNNERS = {debug: GraphQLRunner(SCHEMA, Settings(debug=debug)) for debug in (False, True)}


@dataclass
class FormattedError:
    """One error of a response, as the client reads it."""

    message: str
    extensions: dict[str, Any]
    path: list[Any] | None = None
    locations: list[dict[str, int]] | None = None


@dataclass
class Result:
    """A response body as `data` and `errors` (None when there are none)."""

    data: Any
    errors: list[FormattedError] | None


@dataclass
class GraphBuilder:
    """Builds article, claim, entity and relation documents with deterministic ids."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)

    def entity(
        self,
        name: str,
        kind: str = "PERSON",
        aliases: tuple[str, ...] = (),
        roles: tuple[str, ...] = (),
        merged_into: str | None = None,
    ) -> str:
        doc = {
            "_id": make_id("entities", name, kind),
            "name": name,
            "kind": kind,
            "aliases": list(aliases),
            "names_norm": sorted({normalize_name(n) for n in (name, *aliases)}),
            "roles": list(roles),
            "merged_into": merged_into,
            "order": normalize_name(name),
        }
        self.entities.append(doc)
        return str(doc["_id"])

    def article(
        self, title: str, text: str, publisher: str | None = None, published_at: str = "2026-05-01"
    ) -> str:
        publisher_doc = next((e for e in self.entities if e["_id"] == publisher), None)
        doc = {
            "_id": make_id("articles", title),
            "title": title,
            "url": f"https://news.example/{normalize_name(title).replace(' ', '-')}",
            "author": "Staff writer",
            "publisher_id": publisher,
            "publisher_name": publisher_doc["name"] if publisher_doc else None,
            "published_at": published_at,
            "text": text,
            "source": "test",
            "content_hash": make_id("articles", "hash", text),
            "order": f"{published_at}|{len(self.articles):06d}",
        }
        self.articles.append(doc)
        return str(doc["_id"])

    def claim(
        self,
        article: str,
        text: str,
        speaker: str | None,
        cue: str = "said",
        kind: str = "REPORTED",
        sources: list[dict[str, Any]] | None = None,
        mentions: tuple[str, ...] = (),
        contradicted: bool = False,
        mode: str | None = None,
        on_behalf_of: str | None = None,
    ) -> str:
        """A claim document; without `mode` or `on_behalf_of`, in the shape claims had before
        those fields existed (no mode, no actor_ids), as an older store holds them."""
        art = next(a for a in self.articles if a["_id"] == article)
        start = art["text"].find(text)
        start = max(start, 0)
        position = len(self.claims)
        doc = {
            "_id": make_id("claims", article, position, text),
            "article_id": article,
            "text": text,
            "kind": kind,
            "cue": cue,
            "speaker_id": speaker,
            "speaker_mention": None,
            "span": {"start": start, "end": start + len(text)},
            "stated_at": None,
            "sources": sources if sources is not None else [],
            "mention_ids": list(mentions),
            "polarity": 0,
            "terms": [],
            "contradicted": contradicted,
            "order": f"{art['published_at']}|{position:06d}",
        }
        if mode is not None:
            doc["mode"] = mode
        if on_behalf_of is not None:
            doc["on_behalf_of"] = on_behalf_of
            doc["actor_ids"] = sorted({i for i in (speaker, on_behalf_of) if i})
            for entity in self.entities:
                if entity["_id"] == on_behalf_of:
                    entity["represented"] = True
        self.claims.append(doc)
        return str(doc["_id"])

    def relate(
        self,
        source: str,
        target: str,
        type: str,
        method: str = "CUE",
        status: str = "active",
        confidence: float = 1.0,
    ) -> str:
        doc = {
            "_id": make_id("relations", source, target, type),
            "from_claim": source,
            "to_claim": target,
            "type": type,
            "method": method,
            "confidence": confidence,
            "evidence": None,
            "status": status,
            "article_id": None,
            "review": None,
            "order": f"{len(self.relations):06d}",
        }
        self.relations.append(doc)
        if type == "CONTRADICTS" and status == "active":
            for claim in self.claims:
                if claim["_id"] == target:
                    claim["contradicted"] = True
        return str(doc["_id"])

    async def save(self, store: Store) -> None:
        # A represented entity's own claims hold actor_ids, as the write path leaves them
        # (loaders.write.backfill_actor_ids).
        represented = {e["_id"] for e in self.entities if e.get("represented")}
        for claim in self.claims:
            if claim["speaker_id"] in represented and "actor_ids" not in claim:
                claim["actor_ids"] = [claim["speaker_id"]]
        async with store.transaction():
            for collection in ("entities", "articles", "claims", "relations"):
                await store.upsert_many(collection, getattr(self, collection))


@pytest.fixture(params=["sqlite", "mongodb"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """Each schema test runs on both backends: the embedded SQLite store, and the MongoDB backend
    over mongomock (an in-process stand-in for the server)."""
    if request.param == "sqlite":
        opened = await open_store(data_dir=tmp_path / "store")
    else:
        opened = await open_store(mongo_client=mongomock_client(), db_name="claimgraph_schema_test")
    assert opened.backend == request.param
    try:
        yield opened
    finally:
        await opened.close()


async def run(
    store: Store,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    principal: Principal | None = None,
    services: Services | None = None,
    debug: bool = False,
) -> Result:
    runner = RUNNERS[debug]
    try:
        prepared = runner.prepare(query, variables, None)
    except Refused as refused:
        body = refused.response(debug=debug).body
    else:
        context = make_context(store, services=services, principal=principal, debug=debug)
        body = (await runner.execute(prepared, context)).body
    errors = [
        FormattedError(e["message"], e.get("extensions") or {}, e.get("path"), e.get("locations"))
        for e in body.get("errors") or []
    ]
    return Result(body.get("data"), errors or None)


async def data_of(store: Store, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The data of a query that must succeed."""
    result = await run(store, query, variables)
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


async def error_of(
    store: Store, query: str, variables: dict[str, Any] | None = None, **kw: Any
) -> dict[str, Any]:
    """The single error of a query that must fail: {"message", "code"}."""
    result = await run(store, query, variables, **kw)
    assert result.errors, f"expected an error, got {result.data}"
    assert len(result.errors) == 1, result.errors
    error = result.errors[0]
    return {"message": error.message, "code": (error.extensions or {}).get("code")}


@dataclass
class World:
    """Ids of the small graph in the `world` fixture."""

    quill: str
    port: str
    reyes: str
    reyes_dup: str
    tribune: str
    report: str
    dock: str
    follow_up: str
    quill_claims: list[str]
    denial: str
    confirmation: str
    rejected_from: str
    regex_claim: str


TEXT_DOCK = (
    "Mara Quill said the harbour dredging would cost $4 million (or more). "
    "The Northgate Port Authority denied Quill's figures. "
    "Tomas Reyes confirmed the estimate, citing the 2025 audit report. "
    "Quill added that the tender closed in March. "
    "Quill said costs rose 50% (.*) [sic] $gt the plan."
)
TEXT_FOLLOW = (
    "Quill told reporters the dredging would start in June. "
    "A Port Authority spokesman said no contract had been signed."
)


@pytest.fixture
async def world(store: Store) -> World:
    g = GraphBuilder()
    tribune = g.entity("Coastal Tribune", "ORGANIZATION", aliases=("the Tribune",))
    quill = g.entity("Mara Quill", aliases=("Quill",), roles=("harbour commissioner",))
    port = g.entity("Northgate Port Authority", "ORGANIZATION", aliases=("NPA", "the Port Authority"))
    reyes = g.entity("Tomas Reyes", aliases=("Reyes",))
    # An entity merged into Reyes: its id must keep answering, with Reyes.
    reyes_dup = g.entity("T. Reyes", merged_into=reyes)
    report = g.entity("2025 audit report", "DOCUMENT")
    dock = g.article("Dredging costs disputed", TEXT_DOCK, publisher=tribune, published_at="2026-05-01")
    follow = g.article("Dredging to start in June", TEXT_FOLLOW, publisher=tribune, published_at="2026-05-03")
    outlet = {
        "name": "Coastal Tribune",
        "kind": "OUTLET",
        "url": None,
        "entity_id": tribune,
        "article_id": dock,
        "evidence": "the Tribune reported",
    }
    audit = {
        "name": "2025 audit report",
        "kind": "DOCUMENT",
        "url": None,
        "entity_id": report,
        "article_id": None,
        "evidence": "citing the 2025 audit report",
    }
    c1 = g.claim(
        dock,
        "the harbour dredging would cost $4 million (or more)",
        quill,
        sources=[outlet],
        mentions=(port,),
    )
    denial = g.claim(dock, "Quill's figures", port, cue="denied", mentions=(quill,))
    confirmation = g.claim(dock, "the estimate", reyes, cue="confirmed", sources=[audit])
    c2 = g.claim(dock, "the tender closed in March", quill, cue="added")
    regex_claim = g.claim(dock, "costs rose 50% (.*) [sic] $gt the plan", quill)
    c3 = g.claim(follow, "the dredging would start in June", quill, cue="told reporters", kind="DIRECT")
    spokesman = g.claim(follow, "no contract had been signed", port)
    g.relate(denial, c1, "CONTRADICTS")
    g.relate(confirmation, c1, "SUPPORTS")
    # Inferred and then rejected by a reviewer: on record, not in the graph.
    g.relate(spokesman, c3, "CONTRADICTS", method="INFERRED", status="rejected", confidence=0.6)
    await g.save(store)
    return World(
        quill=quill,
        port=port,
        reyes=reyes,
        reyes_dup=reyes_dup,
        tribune=tribune,
        report=report,
        dock=dock,
        follow_up=follow,
        quill_claims=[c1, c2, regex_claim, c3],
        denial=denial,
        confirmation=confirmation,
        rejected_from=spokesman,
        regex_claim=regex_claim,
    )
