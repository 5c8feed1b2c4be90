"""Curation history: every review of a relation, rejected relations for the keys that review, review
notes only for keys with the `write` scope, and CURATED relations reviewable by an admin."""

from __future__ import annotations

from typing import Any

import pytest

from schema import Principal
from store.base import Store
from store.documents import make_id
from tests.schema.conftest import World, run
from tests.schema.test_mutations import ADMIN, READER, WRITER, FakeServices


async def _record(store: Store, n: int, relation: str, action: str, **details: Any) -> None:
    at = f"2026-11-0{n}T10:00:00+00:00"
    rid = f"rev_{n:016x}"
    await store.upsert_many(
        "reviews", [{"_id": rid, "action": action, "by": f"curator-{n}", "at": at, "relation_id": relation,
                     "order": f"{at}|{rid}", **details}],
    )  # fmt: skip


@pytest.fixture
async def reviewed(store: Store, world: World) -> str:
    """The rejected relation of the world, with its history: confirmed, then rejected (and a merge
    record, which is no review)."""
    relation = make_id("relations", world.rejected_from, world.quill_claims[3], "CONTRADICTS")
    await _record(store, 1, relation, "reviewRelation", verdict="CONFIRM", note="looks right")
    await _record(store, 2, relation, "reviewRelation", verdict="REJECT", note="different contracts")
    await _record(store, 3, relation, "mergeEntities", keep="x", merge="y")
    return relation


REJECTED = """query($id: ID!) { claim(id: $id) {
  relations(status: REJECTED) { status method reviews { verdict by at note } }
  relationsConnection(status: REJECTED) { totalCount edges { node { status from { id } } } }
  active: relationsConnection { totalCount }
} }"""


async def test_rejected_relations_and_their_history_for_reviewers(
    store: Store, world: World, reviewed: str
) -> None:
    result = await run(store, REJECTED, {"id": world.quill_claims[3]}, principal=WRITER)
    assert result.errors is None, result.errors
    claim = result.data["claim"] if result.data else {}
    assert claim["relations"] == [
        {
            "status": "REJECTED",
            "method": "INFERRED",
            "reviews": [
                {"verdict": "CONFIRM", "by": "curator-1", "at": "2026-11-01T10:00:00+00:00",
                 "note": "looks right"},
                {"verdict": "REJECT", "by": "curator-2", "at": "2026-11-02T10:00:00+00:00",
                 "note": "different contracts"},
            ],
        }
    ]  # fmt: skip
    assert claim["relationsConnection"] == {
        "totalCount": 1,
        "edges": [{"node": {"status": "REJECTED", "from": {"id": world.rejected_from}}}],
    }
    assert claim["active"] == {"totalCount": 0}  # rejected relations are not in the graph


@pytest.mark.parametrize("principal", [None, READER], ids=["anonymous", "reader"])
async def test_rejected_relations_are_refused_to_readers(
    store: Store, world: World, reviewed: str, principal: Principal | None
) -> None:
    for field in (
        "relations(status: REJECTED) { type }",
        "relationsConnection(status: REJECTED) { totalCount }",
    ):
        result = await run(store, f"query($id: ID!) {{ claim(id: $id) {{ {field} }} }}",
                           {"id": world.quill_claims[3]}, principal=principal)  # fmt: skip
        assert result.errors and len(result.errors) == 1
        error = result.errors[0]
        assert error.extensions == {"code": "FORBIDDEN"}
        assert "status: REJECTED" in error.message and "'write' scope" in error.message


async def test_review_notes_only_for_write_keys(store: Store, world: World, reviewed: str) -> None:
    # An active curated relation: its evidence is the curator's note.
    await store.update_many(
        "relations",
        [make_id("relations", world.confirmation, world.quill_claims[0], "SUPPORTS")],
        {"method": "CURATED", "evidence": "the audit shows it",
         "review": {"verdict": "CONFIRM", "note": "the audit shows it", "by": "ed", "at": "2026-11-03"}},
    )  # fmt: skip
    await _record(store, 4, make_id("relations", world.confirmation, world.quill_claims[0], "SUPPORTS"),
                  "relateClaims", note="the audit shows it", type="SUPPORTS")  # fmt: skip
    query = """query($id: ID!) { claim(id: $id) { relations { method evidence review { note by }
                 reviews { verdict note by } } } }"""
    seen: dict[str, Any] = {}
    for name, principal in (("reader", READER), ("anonymous", None), ("writer", WRITER)):
        result = await run(store, query, {"id": world.quill_claims[0]}, principal=principal)
        assert result.errors is None, result.errors
        assert result.data is not None
        (curated,) = [r for r in result.data["claim"]["relations"] if r["method"] == "CURATED"]
        seen[name] = curated
    hidden = {"method": "CURATED", "evidence": None, "review": {"note": None, "by": "ed"},
              "reviews": [{"verdict": "CONFIRM", "note": None, "by": "curator-4"}]}  # fmt: skip
    assert seen["reader"] == seen["anonymous"] == hidden
    assert seen["writer"] == {
        "method": "CURATED",
        "evidence": "the audit shows it",
        "review": {"note": "the audit shows it", "by": "ed"},
        "reviews": [{"verdict": "CONFIRM", "note": "the audit shows it", "by": "curator-4"}],
    }


WITHDRAW = """mutation($from: ID!, $to: ID!) {
  reviewRelation(from: $from, to: $to, type: SUPPORTS, verdict: REJECT, note: "withdrawn") { status } }"""


async def test_only_an_admin_reviews_a_curated_relation(store: Store, world: World) -> None:
    relation = make_id("relations", world.confirmation, world.quill_claims[0], "SUPPORTS")
    await store.update_many("relations", [relation], {"method": "CURATED"})
    services = FakeServices(store)
    variables = {"from": world.confirmation, "to": world.quill_claims[0]}
    refused = await run(store, WITHDRAW, variables, principal=WRITER, services=services)
    assert refused.errors and refused.errors[0].extensions == {"code": "FORBIDDEN"}
    assert "only an admin" in refused.errors[0].message
    done = await run(store, WITHDRAW, variables, principal=ADMIN, services=services)
    assert done.errors is None, done.errors
    assert done.data == {"reviewRelation": {"status": "REJECTED"}}
    assert [call[1][-1] for call in services.calls] == [False, True]  # curated_allowed: admins only
