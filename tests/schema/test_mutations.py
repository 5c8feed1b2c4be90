"""Mutations: scope checks, argument checks, and the mapping to and from the Services seam."""

from __future__ import annotations

from typing import Any

import pytest

from schema import Principal
from store.base import Store
from store.documents import make_id
from tests.schema.conftest import World, run

READER = Principal(frozenset({"read"}), "reader")
WRITER = Principal(frozenset({"read", "write"}), "partner-a")
ADMIN = Principal(frozenset({"admin"}), "ops")


class FakeServices:
    """Records every call; answers like the real services would, from the test's store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    async def ingest_articles(self, articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.calls.append(("ingest_articles", (articles,)))
        return [
            {"article_id": None, "claim_ids": [], "error": f"article {i}: no text"}
            if not a["text"].strip()
            else {"article_id": make_id("articles", i), "claim_ids": ["clm_1", "clm_2"], "error": None}
            for i, a in enumerate(articles)
        ]

    async def relate_claims(
        self, from_id: str, to_id: str, type: str, note: str | None, actor: str
    ) -> dict[str, Any]:
        self.calls.append(("relate_claims", (from_id, to_id, type, note, actor)))
        found = await self.store.get_many("claims", [from_id, to_id])
        if len(found) != 2:
            raise LookupError(f"claim {from_id if from_id not in found else to_id} does not exist")
        return {
            "_id": make_id("relations", from_id, to_id, type),
            "from_claim": from_id,
            "to_claim": to_id,
            "type": type,
            "method": "CURATED",
            "confidence": 1.0,
            "evidence": note,
            "status": "active",
            "article_id": None,
            "review": None,
            "order": "x",
        }

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
        self.calls.append(("review_relation", (from_id, to_id, type, verdict, note, actor, curated_allowed)))
        rid = make_id("relations", from_id, to_id, type)
        stored = (await self.store.get_many("relations", [rid])).get(rid)
        if stored is not None and stored["method"] == "CURATED" and not curated_allowed:
            raise PermissionError("this relation is CURATED: only an admin may review it")
        return {
            "_id": make_id("relations", from_id, to_id, type),
            "from_claim": from_id,
            "to_claim": to_id,
            "type": type,
            "method": "INFERRED",
            "confidence": 0.6,
            "evidence": None,
            "status": "rejected" if verdict == "REJECT" else "active",
            "article_id": None,
            "review": {"verdict": verdict, "note": note, "by": actor, "at": "2026-11-24T21:00:00Z"},
            "order": "x",
        }

    async def merge_entities(self, keep: str, merge: str, actor: str) -> dict[str, Any]:
        self.calls.append(("merge_entities", (keep, merge, actor)))
        found = await self.store.get_many("entities", [keep])
        if keep not in found:
            raise LookupError(f"entity {keep} does not exist")
        return found[keep]

    async def delete_article(self, article_id: str, actor: str) -> bool:
        self.calls.append(("delete_article", (article_id, actor)))
        if article_id == make_id("articles", "bad"):
            raise ValueError(f"article {article_id} is being loaded, try again")
        return True


INGEST = """
mutation($articles: [ArticleInput!]!) {
  ingestArticles(articles: $articles) { articleIds claimCount errors { index message } }
}
"""
ARTICLE = {
    "text": "Body.",
    "title": "T",
    "publishedAt": "2026-05-01",
    "publisher": "Coastal Tribune",
    "claims": [{"text": "Body", "kind": "DIRECT", "cue": "said", "start": 0, "end": 4}],
}


def _error(result: Any) -> dict[str, Any]:
    assert result.errors and len(result.errors) == 1, result.errors
    return {"message": result.errors[0].message, "code": result.errors[0].extensions["code"]}


async def test_ingest_maps_input_and_outcomes(store: Store) -> None:
    services = FakeServices(store)
    result = await run(
        store,
        INGEST,
        {"articles": [ARTICLE, {"text": "  "}, {"text": "More."}]},
        principal=WRITER,
        services=services,
    )
    assert result.errors is None, result.errors
    assert result.data == {
        "ingestArticles": {
            "articleIds": [make_id("articles", 0), make_id("articles", 2)],
            "claimCount": 4,
            "errors": [{"index": 1, "message": "article 1: no text"}],
        }
    }
    sent = services.calls[0][1][0]
    assert sent[0] == {
        "text": "Body.",
        "title": "T",
        "published_at": "2026-05-01",
        "publisher": "Coastal Tribune",
        "claims": ARTICLE["claims"],
    }
    assert sent[1] == {"text": "  "}


@pytest.mark.parametrize(
    ("principal", "code"),
    [(None, "UNAUTHENTICATED"), (Principal(), "UNAUTHENTICATED"), (READER, "FORBIDDEN")],
)
async def test_ingest_needs_write_scope(store: Store, principal: Principal | None, code: str) -> None:
    services = FakeServices(store)
    error = _error(await run(store, INGEST, {"articles": [ARTICLE]}, principal=principal, services=services))
    assert error["code"] == code and "'write'" in error["message"]
    assert services.calls == []


async def test_ingest_refuses_too_many_articles(store: Store) -> None:
    error = _error(
        await run(
            store, INGEST, {"articles": [ARTICLE] * 101}, principal=WRITER, services=FakeServices(store)
        )
    )
    # Refused by the runner, which counts every ingestArticles field of a request before any input
    # is read (the resolver checks its own argument too, for a schema run without the runner).
    assert error == {
        "message": "ingestArticles: at most 100 articles per request, got 101 "
        "(every ingestArticles field of a request counts, aliases too)",
        "code": "BAD_USER_INPUT",
    }


async def test_writes_refused_on_a_read_only_server(store: Store) -> None:
    error = _error(await run(store, INGEST, {"articles": [ARTICLE]}, principal=WRITER, services=None))
    assert error["code"] == "FORBIDDEN" and "read-only" in error["message"]


RELATE = """
mutation($from: ID!, $to: ID!, $note: String) {
  relateClaims(from: $from, to: $to, type: CONTRADICTS, note: $note) {
    type method confidence evidence status from { id text } to { id speaker { name } }
  }
}
"""


async def test_relate_claims(store: Store, world: World) -> None:
    services = FakeServices(store)
    variables = {"from": world.quill_claims[3], "to": world.rejected_from, "note": "same contract"}
    result = await run(store, RELATE, variables, principal=WRITER, services=services)
    assert result.errors is None, result.errors
    assert result.data == {
        "relateClaims": {
            "type": "CONTRADICTS",
            "method": "CURATED",
            "confidence": 1.0,
            "evidence": "same contract",
            "status": "ACTIVE",
            "from": {"id": world.quill_claims[3], "text": "the dredging would start in June"},
            "to": {"id": world.rejected_from, "speaker": {"name": "Northgate Port Authority"}},
        }
    }
    assert services.calls == [
        (
            "relate_claims",
            (world.quill_claims[3], world.rejected_from, "CONTRADICTS", "same contract", "partner-a"),
        )
    ]


async def test_relate_claims_checks_ids(store: Store, world: World) -> None:
    services = FakeServices(store)
    wrong_type = _error(
        await run(
            store, RELATE, {"from": world.quill, "to": world.denial}, principal=WRITER, services=services
        )
    )
    assert wrong_type["code"] == "BAD_USER_INPUT" and wrong_type["message"].startswith("from: ")
    same = _error(
        await run(
            store, RELATE, {"from": world.denial, "to": world.denial}, principal=WRITER, services=services
        )
    )
    assert same["code"] == "BAD_USER_INPUT"
    unknown = _error(
        await run(
            store,
            RELATE,
            {"from": world.denial, "to": make_id("claims", "gone")},
            principal=WRITER,
            services=services,
        )
    )
    assert unknown["code"] == "NOT_FOUND" and "does not exist" in unknown["message"]


async def test_review_relation_reject_keeps_who_and_why(store: Store, world: World) -> None:
    query = """mutation($from: ID!, $to: ID!) {
      reviewRelation(from: $from, to: $to, type: CONTRADICTS, verdict: REJECT, note: "different contracts") {
        status method review { verdict note by at } } }"""
    result = await run(
        store,
        query,
        {"from": world.rejected_from, "to": world.quill_claims[3]},
        principal=WRITER,
        services=FakeServices(store),
    )
    assert result.errors is None, result.errors
    assert result.data == {
        "reviewRelation": {
            "status": "REJECTED",
            "method": "INFERRED",
            "review": {
                "verdict": "REJECT",
                "note": "different contracts",
                "by": "partner-a",
                "at": "2026-11-24T21:00:00Z",
            },
        }
    }


MERGE = "mutation($keep: ID!, $merge: ID!) { mergeEntities(keep: $keep, merge: $merge) { id name } }"


async def test_merge_entities_needs_admin(store: Store, world: World) -> None:
    services = FakeServices(store)
    variables = {"keep": world.reyes, "merge": world.reyes_dup}
    forbidden = _error(await run(store, MERGE, variables, principal=WRITER, services=services))
    assert forbidden["code"] == "FORBIDDEN" and "'admin'" in forbidden["message"]
    result = await run(store, MERGE, variables, principal=ADMIN, services=services)
    assert result.errors is None, result.errors
    assert result.data == {"mergeEntities": {"id": world.reyes, "name": "Tomas Reyes"}}
    assert services.calls == [("merge_entities", (world.reyes, world.reyes_dup, "ops"))]


async def test_merge_entities_checks_ids(store: Store, world: World) -> None:
    services = FakeServices(store)
    same = _error(
        await run(store, MERGE, {"keep": world.port, "merge": world.port}, principal=ADMIN, services=services)
    )
    assert same["code"] == "BAD_USER_INPUT"
    wrong = _error(
        await run(store, MERGE, {"keep": world.dock, "merge": world.port}, principal=ADMIN, services=services)
    )
    assert wrong["code"] == "BAD_USER_INPUT" and wrong["message"].startswith("keep: ")
    missing = _error(
        await run(
            store,
            MERGE,
            {"keep": make_id("entities", "none"), "merge": world.port},
            principal=ADMIN,
            services=services,
        )
    )
    assert missing["code"] == "NOT_FOUND"


async def test_delete_article(store: Store, world: World) -> None:
    query = "mutation($id: ID!) { deleteArticle(id: $id) }"
    services = FakeServices(store)
    result = await run(store, query, {"id": world.dock}, principal=ADMIN, services=services)
    assert result.errors is None and result.data == {"deleteArticle": True}
    assert services.calls == [("delete_article", (world.dock, "ops"))]
    refused = _error(
        await run(store, query, {"id": make_id("articles", "bad")}, principal=ADMIN, services=services)
    )
    assert refused["code"] == "BAD_USER_INPUT" and "being loaded" in refused["message"]
    writer = _error(await run(store, query, {"id": world.dock}, principal=WRITER, services=services))
    assert writer["code"] == "FORBIDDEN"
