"""Issue 10: what kind of act a claim reports (Claim.mode, ClaimFilter.mode), and spokespeople who
speak for a body (Claim.onBehalfOf; the body's statements list them unless told not to)."""

from __future__ import annotations

from collections import Counter

import pytest

from store.base import Store
from tests.schema.conftest import GraphBuilder, data_of, run


@pytest.fixture
async def dossier(store: Store) -> dict[str, str]:
    g = GraphBuilder()
    outlet = g.entity("Harbour Examiner", "ORGANIZATION")
    company = g.entity("Halvorsen Foods", "ORGANIZATION", aliases=("Halvorsen",))
    spokeswoman = g.entity("Priya Castellanos", roles=("A company spokeswoman",))
    engineer = g.entity("Tomas Berg")
    text = (
        "Halvorsen Foods said the plant would stay open. Berg said he warned them in June. "
        "Castellanos denied that the company knew before January. Berg fears the plant will close. "
        "Records show the line stopped twice."
    )
    art = g.article("Plant dispute", text, publisher=outlet)
    own = g.claim(art, "the plant would stay open", company)  # stored before modes: no mode
    warned = g.claim(art, "he warned them in June", engineer, mode="STATEMENT")
    denial = g.claim(art, "the company knew before January", spokeswoman, cue="denied",
                     mode="STATEMENT", on_behalf_of=company)
    fear = g.claim(art, "the plant will close", engineer, cue="fears", mode="BELIEF")
    records = g.claim(art, "the line stopped twice", None, cue="show", mode="EVIDENCE")
    g.relate(denial, warned, "CONTRADICTS")
    await g.save(store)
    return {"company": company, "spokeswoman": spokeswoman, "engineer": engineer, "own": own,
            "warned": warned, "denial": denial, "fear": fear, "records": records}


async def test_mode_is_read_and_a_claim_without_one_is_a_statement(
    store: Store, dossier: dict[str, str]
) -> None:
    data = await data_of(store, "{ claims(first: 10) { edges { node { id mode } } } }")
    modes = {e["node"]["id"]: e["node"]["mode"] for e in data["claims"]["edges"]}
    assert modes == {
        dossier["own"]: "STATEMENT",
        dossier["warned"]: "STATEMENT",
        dossier["denial"]: "STATEMENT",
        dossier["fear"]: "BELIEF",
        dossier["records"]: "EVIDENCE",
    }


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("STATEMENT", ["own", "warned", "denial"]), ("BELIEF", ["fear"]), ("EVIDENCE", ["records"])],
)
async def test_claims_filter_by_mode(
    store: Store, dossier: dict[str, str], mode: str, expected: list[str]
) -> None:
    query = "query($m: StatementMode) { claims(filter: {mode: $m}) { totalCount edges { node { id } } } }"
    data = await data_of(store, query, {"m": mode})
    assert data["claims"]["totalCount"] == len(expected)
    assert {e["node"]["id"] for e in data["claims"]["edges"]} == {dossier[k] for k in expected}


async def test_a_spokespersons_claim_names_the_body_it_speaks_for(
    store: Store, dossier: dict[str, str]
) -> None:
    query = "query($id: ID!) { claim(id: $id) { cue speaker { name } onBehalfOf { name kind } } }"
    data = await data_of(store, query, {"id": dossier["denial"]})
    assert data["claim"] == {
        "cue": "denied",
        "speaker": {"name": "Priya Castellanos"},
        "onBehalfOf": {"name": "Halvorsen Foods", "kind": "ORGANIZATION"},
    }
    data = await data_of(store, query, {"id": dossier["warned"]})
    assert data["claim"]["onBehalfOf"] is None


STATEMENTS = """
query($name: String!, $include: Boolean!) {
  actor(name: $name) {
    statements(first: 10, includeOnBehalf: $include) {
      totalCount
      edges { node { id speaker { name } onBehalfOf { name } contradicts { id } } }
    }
  }
}
"""


async def test_a_bodys_statements_include_its_spokespeoples_by_default(
    store: Store, dossier: dict[str, str]
) -> None:
    data = await data_of(store, STATEMENTS.replace(", includeOnBehalf: $include", "").replace(
        ", $include: Boolean!", ""), {"name": "halvorsen"})
    statements = data["actor"]["statements"]
    assert statements["totalCount"] == 2
    nodes = {e["node"]["id"]: e["node"] for e in statements["edges"]}
    assert set(nodes) == {dossier["own"], dossier["denial"]}
    assert nodes[dossier["denial"]]["onBehalfOf"] == {"name": "Halvorsen Foods"}
    assert nodes[dossier["denial"]]["contradicts"] == [{"id": dossier["warned"]}]


async def test_include_on_behalf_false_lists_only_what_it_said_itself(
    store: Store, dossier: dict[str, str]
) -> None:
    data = await data_of(store, STATEMENTS, {"name": "halvorsen", "include": False})
    statements = data["actor"]["statements"]
    assert statements["totalCount"] == 1
    assert [e["node"]["id"] for e in statements["edges"]] == [dossier["own"]]
    # the spokesperson's own statements hold the claim either way
    data = await data_of(store, STATEMENTS, {"name": "Priya Castellanos", "include": True})
    assert [e["node"]["id"] for e in data["actor"]["statements"]["edges"]] == [dossier["denial"]]


@pytest.mark.parametrize("order", ["CORROBORATION", "MATTER"])
async def test_every_order_of_a_bodys_statements_lists_the_same_claims(
    store: Store, dossier: dict[str, str], order: str
) -> None:
    for include, expected in ((True, {dossier["own"], dossier["denial"]}), (False, {dossier["own"]})):
        ordered = f"includeOnBehalf: $include, orderBy: {order}"
        query = STATEMENTS.replace("includeOnBehalf: $include", ordered)
        data = await data_of(store, query, {"name": "halvorsen", "include": include})
        statements = data["actor"]["statements"]
        assert {e["node"]["id"] for e in statements["edges"]} == expected
        assert statements["totalCount"] == len(expected)


async def test_on_behalf_of_costs_no_store_operation_of_its_own(
    store: Store, dossier: dict[str, str]
) -> None:
    query = """
    query($name: String!, $first: Int!) { actor(name: $name) { statements(first: $first) {
      totalCount edges { node { text speaker { name } onBehalfOf { name } article { title } } } } } }
    """
    store.operations.clear()
    result = await run(store, query, {"name": "halvorsen", "first": 10})
    assert result.errors is None, result.errors
    # actor, the page, its count, the articles, and every entity below in one get_many
    assert Counter(store.operations) == Counter({
        ("entities", "find"): 1, ("claims", "find"): 1, ("claims", "count"): 1,
        ("articles", "get"): 1, ("entities", "get"): 1,
    })
