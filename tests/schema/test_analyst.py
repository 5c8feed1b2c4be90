"""The analyst views through the API (schema.corroboration, schema.timeline), on both backends:
the fixture articles of tests/fixtures/analyst/ written through the real write path, then read the
way clients read them.
Each view costs one store operation per level, and every bad argument is refused by name."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from loaders.extract.pipeline import extract
from loaders.model import Article, Extraction
from loaders.read import read_paths
from loaders.write import write_articles
from store.base import Store
from tests.schema.conftest import data_of, error_of, run

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "analyst"


@pytest.fixture(scope="module")
def items() -> list[tuple[Article, Extraction]]:
    out = []
    for article in read_paths([str(FIXTURES)]):
        assert isinstance(article, Article), article
        out.append((article, extract(article)))
    return sorted(out, key=lambda it: (it[0].published_at or "", it[0].source))


@pytest.fixture
async def analysed(store: Store, items: list[tuple[Article, Extraction]]) -> Store:
    outcomes = await write_articles(store, items)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    return store


CORROBORATION = """
query($search: String!) {
  claims(first: 5, filter: {search: $search}) {
    edges { node {
      text independentSources saidOn
      article { publisher { name } story { size similarity sharedPhrases original { publisher { name } }
                                           matchedWith { publisher { name } }
                                           articles { publisher { name } } } }
      copies { article { publisher { name } } }
      original { article { publisher { name } } }
      corroboration {
        independentSources claims firstSeen outlets words
        firstClaim { article { publisher { name } } }
        origins { name kind claims independent outlets }
        evidence { kind origin outlet publishedAt cited independent claim { article { publisher { name } } } }
      }
      matter { terms words size statements(first: 10) { totalCount edges { node { text } } } }
    } }
  }
}
"""


def outlets(nodes: list[dict[str, Any]]) -> list[str]:
    return [n["article"]["publisher"]["name"] for n in nodes]


async def test_a_wire_story_reads_as_one_origin_with_its_copies(analysed: Store) -> None:
    data = await data_of(analysed, CORROBORATION, {"search": "agreed with crew representatives"})
    nodes = [e["node"] for e in data["claims"]["edges"]]
    assert outlets(nodes) == ["Ridgefield Gazette", "Tidewater Post", "Northfield Courier"]
    first, second, third = nodes
    assert outlets(first["copies"]) == ["Tidewater Post", "Northfield Courier"]
    assert outlets(third["copies"]) == ["Ridgefield Gazette", "Tidewater Post"]
    assert {n["original"]["article"]["publisher"]["name"] for n in nodes} == {"Ridgefield Gazette"}
    story = second["article"]["story"]
    assert story["size"] == 3 and story["original"]["publisher"]["name"] == "Ridgefield Gazette"
    assert story["matchedWith"]["publisher"]["name"] == "Ridgefield Gazette" and story["similarity"] >= 0.5
    assert story["sharedPhrases"] and outlets([{"article": a} for a in story["articles"]]) == outlets(nodes)
    assert first["article"]["story"]["matchedWith"] is None
    assert first["article"]["story"]["similarity"] is None
    corroboration = second["corroboration"]
    assert corroboration["independentSources"] == 1 and corroboration["claims"] == 3
    assert corroboration["outlets"] == ["Northfield Courier", "Ridgefield Gazette", "Tidewater Post"]
    assert corroboration["firstSeen"] == "2026-03-02"
    assert corroboration["firstClaim"]["article"]["publisher"]["name"] == "Ridgefield Gazette"
    (origin,) = corroboration["origins"]
    assert origin == {
        "name": "Ridgefield Gazette",
        "kind": "STORY",
        "claims": 3,
        "independent": True,
        "outlets": ["Northfield Courier", "Ridgefield Gazette", "Tidewater Post"],
    }
    assert [(e["kind"], e["outlet"]) for e in corroboration["evidence"]] == [
        ("REPORT", "Ridgefield Gazette"),
        ("COPY", "Tidewater Post"),
        ("COPY", "Northfield Courier"),
    ]


async def test_independent_reports_and_a_rereport(analysed: Store) -> None:
    data = await data_of(analysed, CORROBORATION, {"search": "close to traffic for repairs from May 4"})
    nodes = [e["node"] for e in data["claims"]["edges"]]
    assert outlets(nodes) == ["Fenwick Daily", "Valley Herald", "Saltmarsh Courier"]
    assert [n["independentSources"] for n in nodes] == [2, 2, 2]
    corroboration = nodes[2]["corroboration"]
    assert [(o["name"], o["kind"], o["independent"]) for o in corroboration["origins"]] == [
        ("Fenwick Daily", "STORY", True),
        ("Valley Herald", "STORY", True),
        ("Fenwick Daily", "NAMED_OUTLET", False),
    ]
    assert [(e["kind"], e["origin"], e["cited"]) for e in corroboration["evidence"]] == [
        ("REPORT", "Fenwick Daily", None),
        ("REPORT", "Valley Herald", None),
        ("REREPORT", "Fenwick Daily", "Fenwick Daily reported"),
    ]
    assert {"bridg", "clos", "repair"} <= set(corroboration["words"])
    matter = nodes[0]["matter"]
    assert {"bridg", "fenwick"} <= set(matter["terms"]) and {"bridg", "clos"} <= set(matter["words"])
    texts = [e["node"]["text"] for e in matter["statements"]["edges"]]
    assert matter["statements"]["totalCount"] == matter["size"] == len(texts)
    assert any("heavy lorries" in t for t in texts) and not any("reservoir" in t for t in texts)


async def test_min_independent_sources_filters_claims_and_statements(analysed: Store) -> None:
    query = """{
      claims(first: 50, filter: {minIndependentSources: 2}) {
        totalCount edges { node { text independentSources } }
      }
      actor(name: "Ada Brun") {
        all: statements(first: 50) { totalCount }
        two: statements(first: 50, filter: {minIndependentSources: 2}) { totalCount edges { node { text } } }
      }
    }"""
    data = await data_of(analysed, query)
    claims = [e["node"] for e in data["claims"]["edges"]]
    assert data["claims"]["totalCount"] == len(claims) == 5
    assert all(c["independentSources"] >= 2 for c in claims)
    brun = data["actor"]
    assert brun["two"]["totalCount"] == 5 < brun["all"]["totalCount"]


@pytest.mark.parametrize("value", [0, -1, 21])
async def test_a_bad_min_independent_sources_is_refused_by_name(analysed: Store, value: int) -> None:
    query = "query($n: Int!) { claims(filter: {minIndependentSources: $n}) { totalCount } }"
    error = await error_of(analysed, query, {"n": value})
    assert error["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("filter.minIndependentSources: must be a whole number from 1")


async def test_statements_by_corroboration_and_by_matter(analysed: Store) -> None:
    query = """query($order: StatementOrder!, $after: String) { actor(name: "Ada Brun") {
      statements(first: 2, orderBy: $order, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { id independentSources matter { id } } } } } }"""
    for order in ("CORROBORATION", "MATTER"):
        seen: list[dict[str, Any]] = []
        after = None
        while True:
            page = (await data_of(analysed, query, {"order": order, "after": after}))["actor"]["statements"]
            seen += [e["node"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert len(seen) == len({n["id"] for n in seen}) == page["totalCount"]
        if order == "CORROBORATION":
            counts = [n["independentSources"] for n in seen]
            assert counts == sorted(counts, reverse=True) and counts[0] == 2
        else:
            matters = [n["matter"]["id"] for n in seen]
            assert (
                len(matters)
                == len(set(matters))
                + sum(  # each matter's statements are together
                    1 for a, b in zip(matters, matters[1:], strict=False) if a == b
                )
            )
    # A cursor of one order is refused in another.
    first = (await data_of(analysed, query, {"order": "CORROBORATION", "after": None}))["actor"]["statements"]
    error = await error_of(analysed, query, {"order": "MATTER", "after": first["pageInfo"]["endCursor"]})
    assert error["code"] == "BAD_USER_INPUT" and "another connection" in error["message"]


TIMELINE = """query($name: String!, $from: String, $to: String, $first: Int, $after: String) {
  actor(name: $name) {
    roleHistory { title organisation since until evidence article { publisher { name } } }
    timeline(from: $from, to: $to, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { date kind role { title } statement { text statedAt
        relations { type method label labelEvidence from { text } to { text } } } } }
    }
  }
}"""


async def test_a_retired_spokesman_has_dated_roles_a_timeline_and_a_position_change(analysed: Store) -> None:
    data = await data_of(analysed, TIMELINE, {"name": "Anselm Varro"})
    actor = data["actor"]
    spokesman = next(r for r in actor["roleHistory"] if r["title"] == "spokesman")
    assert spokesman["organisation"] == "Fenwick Water Board"
    assert (spokesman["since"], spokesman["until"]) == ("2025-06-10", "2026-03")
    assert "retired in March" in spokesman["evidence"]
    assert spokesman["article"]["publisher"]["name"] == "Valley Herald"
    events = [e["node"] for e in actor["timeline"]["edges"]]
    kinds = [(e["date"], e["kind"], (e["role"] or {}).get("title")) for e in events]
    assert kinds[0] == ("2025-06-10", "ROLE_HELD", "spokesman")
    assert ("2026-03", "ROLE_ENDED", "spokesman") in kinds
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)
    later = next(
        e["statement"] for e in events if e["statement"] and "not safe to drink" in e["statement"]["text"]
    )
    (change,) = [r for r in later["relations"] if r["label"]]
    assert (change["type"], change["method"], change["label"]) == (
        "CONTRADICTS",
        "INFERRED",
        "POSITION_CHANGE",
    )
    assert change["to"]["text"] == "The water in the Fenwick reservoir is safe to drink"
    assert change["labelEvidence"].startswith("role change between 2025-06-10 and 2026-09-14")


async def test_a_timeline_pages_in_date_order_between_from_and_to(analysed: Store) -> None:
    variables: dict[str, Any] = {"name": "Ada Brun", "from": "2021", "to": "2026-04", "first": 2}
    whole = await data_of(analysed, TIMELINE, {**variables, "first": 100})
    everything = [e["node"] for e in whole["actor"]["timeline"]["edges"]]
    assert everything[0]["statement"]["statedAt"] == "2021"
    assert all(e["date"] <= "2026-04-31" for e in everything) and len(everything) >= 4
    paged: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await data_of(analysed, TIMELINE, {**variables, "after": after}))["actor"]["timeline"]
        paged += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert paged == everything
    reversal = (await data_of(analysed, TIMELINE, {"name": "Ada Brun", "from": "2026-05"}))["actor"]
    statements = [e["node"]["statement"] for e in reversal["timeline"]["edges"] if e["node"]["statement"]]
    labels = {r["label"]: r for s in statements for r in s["relations"] if r["label"]}
    assert labels["POSITION_CHANGE"]["labelEvidence"] in {
        "dated reversal: said on 2021, then on 2026-05-19",
        "dated reversal: said on 2026-04-07, then on 2026-05-19",
        "dated reversal: said on 2026-04-09, then on 2026-05-19",
    }
    assert labels["SELF_CONTRADICTION"]["labelEvidence"].startswith("both said on 2026-05-19")


@pytest.mark.parametrize(("argument", "value"), [("from", "yesterday"), ("to", "2026-5-1")])
async def test_a_bad_timeline_date_is_refused_by_name(analysed: Store, argument: str, value: str) -> None:
    error = await error_of(analysed, TIMELINE, {"name": "Ada Brun", argument: value})
    assert error["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith(f"{argument}: '{value}' is not a date")


DOSSIER = """{
  actor(name: "Ada Brun") {
    statements(first: 50) {
      edges { node {
        text independentSources saidOn
        corroboration { independentSources outlets firstSeen evidence { kind claim { text } } }
        matter { terms size }
      } }
    }
  }
}"""


@pytest.mark.parametrize("evidence", [True, False], ids=["with evidence", "summary only"])
async def test_corroboration_and_matter_cost_one_operation_per_level(analysed: Store, evidence: bool) -> None:
    query = DOSSIER if evidence else DOSSIER.replace("evidence { kind claim { text } }", "")
    analysed.operations.clear()
    result = await run(analysed, query)
    assert result.errors is None, result.errors
    operations = Counter(analysed.operations)
    # corroboration.evidence.claim: one get_many, or none when the actor's page already holds them all
    assert operations.pop(("claims", "get"), 0) <= 1
    assert operations == Counter(
        {
            ("entities", "find"): 1,  # actor(name)
            ("claims", "find"): 1,  # statements
            # corroboration and matter of every statement; then the evidence, kept apart (only if asked)
            ("groups", "get"): 2 if evidence else 1,
        }
    )
    assert result.data is not None
    nodes = [e["node"] for e in result.data["actor"]["statements"]["edges"]]
    assert all(n["corroboration"] and n["matter"] for n in nodes)
