"""The analyst views on the write path (loaders.analysis), on articles written for these tests
(tests/fixtures/analyst/, through the real extraction):

    wire_*.txt          one Coastwire story printed by three outlets with small edits
    bridge_*.txt        two independent reports of the mayor's bridge closure, and a re-report
                        ("…, the Fenwick Daily reported")
    water_board_*.txt   a spokesman in 2025; retired in 2026, he disputes what he said in office
    mayor_*.txt         "In 2021, Mayor Ada Brun said … safe"; today "not safe"; and the same day
                        another outlet has her say "safe"

Each is counted and labelled with its evidence; every part is the same whether the articles are
written one at a time or in one chunk, reruns change nothing, and deleting an article takes it out
of its groups.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loaders.curate import delete_article
from loaders.extract.pipeline import extract
from loaders.model import Article, Extraction
from loaders.read import read_paths
from loaders.stories import BANDS, Signature
from loaders.write import write_articles
from store import open_store
from store.base import Store
from store.documents import STATEMENT_DETAIL_FIELDS, statement_detail_id

from .conftest import snapshot

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "analyst"
Items = list[tuple[Article, Extraction]]


@pytest.fixture(scope="module")
def items() -> Items:
    out: Items = []
    for article in read_paths([str(FIXTURES)]):
        assert isinstance(article, Article), article
        out.append((article, extract(article)))
    return out


async def write(store: Store, items: Items, chunk: int) -> None:
    for i in range(0, len(items), chunk):
        outcomes = await write_articles(store, items[i : i + chunk])
        assert not [o for o in outcomes if isinstance(o, Exception)], outcomes


async def stored(tmp_path: Path, name: str, items: Items, chunk: int = 200) -> Store:
    store = await open_store(data_dir=tmp_path / name)
    await write(store, items, chunk)
    return store


def by_date(items: Items) -> Items:
    return sorted(items, key=lambda it: (it[0].published_at or "", it[0].source))


def _with_detail(stored: dict[str, dict[str, Any]], doc: dict[str, Any]) -> dict[str, Any]:
    detail = stored.get(statement_detail_id(doc["_id"])) or {}
    return doc | {k: detail[k] for k in STATEMENT_DETAIL_FIELDS if k in detail}


class Graph:
    """The stored documents, with look-ups by what a reader sees."""

    def __init__(self, snap: dict[str, dict[str, dict[str, Any]]]) -> None:
        self.snap = snap
        self.articles = snap["articles"]
        # A statement group as the write path sees it: its summary with its detail's origins and evidence.
        stored = snap["groups"]
        self.groups = {
            gid: _with_detail(stored, doc)
            for gid, doc in stored.items()
            if doc.get("kind") != "statement_detail"
        }
        details = [gid for gid, doc in stored.items() if doc.get("kind") == "statement_detail"]
        assert all(stored[d]["order"] == stored[d.removesuffix(":detail")]["order"] for d in details)

    def claims(self, text: str) -> list[dict[str, Any]]:
        found = [c for c in self.snap["claims"].values() if text in c["text"]]
        assert found, f"no claim holds {text!r}"
        return sorted(found, key=lambda c: c["order"])

    def outlet(self, claim: dict[str, Any]) -> str:
        return str(self.articles[claim["article_id"]]["publisher_name"])

    def entity(self, name: str) -> dict[str, Any]:
        (found,) = [e for e in self.snap["entities"].values() if e["name"] == name]
        return found

    def relations(self, later: str, earlier: str) -> list[dict[str, Any]]:
        texts = {c["_id"]: c["text"] for c in self.snap["claims"].values()}
        return [
            r
            for r in self.snap["relations"].values()
            if later in texts[r["from_claim"]] and earlier in texts[r["to_claim"]]
        ]


async def graph_of(store: Store) -> Graph:
    return Graph(await snapshot(store))


async def test_a_wire_story_in_three_outlets_is_one_origin_with_three_copies(
    tmp_path: Path, items: Items
) -> None:
    store = await stored(tmp_path, "s", by_date(items))
    try:
        g = await graph_of(store)
    finally:
        await store.close()
    claims = g.claims("agreed with crew representatives in January")
    assert [g.outlet(c) for c in claims] == ["Ridgefield Gazette", "Tidewater Post", "Northfield Courier"]
    # One story: the Ridgefield Gazette's copy is the earliest; the others matched by similarity.
    wire = [
        a
        for a in g.articles.values()
        if a["publisher_name"] in {"Ridgefield Gazette", "Tidewater Post", "Northfield Courier"}
    ]
    assert len({a["story_id"] for a in wire}) == 1
    story = g.groups[wire[0]["story_id"]]
    assert story["size"] == 3
    assert g.articles[story["original"]["article_id"]]["publisher_name"] == "Ridgefield Gazette"
    for a in wire:
        match = a["story_match"]
        if a["_id"] == story["original"]["article_id"]:
            assert match is None
        else:
            assert 0.5 <= match["similarity"] < 1.0 and match["phrases"]
            assert all(p in a["text"] for p in match["phrases"])
    # Copies are linked, never merged: three claims, each in its own article with its own span.
    assert len({c["_id"] for c in claims}) == 3 and len({c["copy_key"] for c in claims}) == 1
    assert {c["article_id"] for c in claims} == {a["_id"] for a in wire}
    group = g.groups[claims[0]["same_id"]]
    assert {c["same_id"] for c in claims} == {group["_id"]}
    assert [c["independent_sources"] for c in claims] == [1, 1, 1]
    assert group["independent"] == 1 and group["size"] == 3
    assert sorted(group["outlets"]) == ["Northfield Courier", "Ridgefield Gazette", "Tidewater Post"]
    assert [(e["kind"], e["outlet"], e["origin"]) for e in group["evidence"]] == [
        ("REPORT", "Ridgefield Gazette", "Ridgefield Gazette"),
        ("COPY", "Tidewater Post", "Ridgefield Gazette"),
        ("COPY", "Northfield Courier", "Ridgefield Gazette"),
    ]
    # The independent reports in these fixtures are no copies of each other: stories of one, which
    # have no document (nor has a statement or matter of one).
    bridge = [a for a in g.articles.values() if "bridge" in a["text"] and a not in wire]
    assert bridge and all(a["story_id"] not in g.groups and a["story_match"] is None for a in bridge)


async def test_independent_reports_count_twice_and_a_rereport_counts_for_its_origin(
    tmp_path: Path, items: Items
) -> None:
    store = await stored(tmp_path, "s", by_date(items))
    try:
        g = await graph_of(store)
    finally:
        await store.close()
    claims = g.claims("close to traffic for repairs from May 4")
    assert [g.outlet(c) for c in claims] == ["Fenwick Daily", "Valley Herald", "Saltmarsh Courier"]
    assert len({c["same_id"] for c in claims}) == 1
    assert [c["independent_sources"] for c in claims] == [2, 2, 2]
    group = g.groups[claims[0]["same_id"]]
    assert group["size"] == 3 and group["independent"] == 2
    assert sorted(group["outlets"]) == ["Fenwick Daily", "Saltmarsh Courier", "Valley Herald"]
    evidence = [(e["kind"], e["outlet"], e["origin"], e["independent"]) for e in group["evidence"]]
    assert evidence == [
        ("REPORT", "Fenwick Daily", "Fenwick Daily", True),
        ("REPORT", "Valley Herald", "Valley Herald", True),
        ("REREPORT", "Saltmarsh Courier", "Fenwick Daily", False),
    ]
    assert group["evidence"][2]["cited_words"] == "Fenwick Daily reported"
    rereport = claims[2]
    assert rereport["origin"]["kind"] == "REREPORT" and rereport["origin"]["name"] == "Fenwick Daily"
    # The statement's words, and its matter with the words that tie it.
    assert {"bridg", "clos", "repair"} <= set(group["words"])
    matter = g.groups[claims[0]["matter_id"]]
    assert {c["matter_id"] for c in claims} == {matter["_id"]}
    assert {"bridg", "fenwick"} <= set(matter["term_counts"]) and matter["size"] >= 3
    # Another statement of that matter on another matter's words stays out: the reservoir is not the bridge.
    (reservoir,) = [c for c in g.claims("reservoir is safe to drink")]
    assert reservoir["matter_id"] != matter["_id"]


async def test_a_retired_spokesman_disputing_himself_is_a_position_change(
    tmp_path: Path, items: Items
) -> None:
    store = await stored(tmp_path, "s", by_date(items))
    try:
        g = await graph_of(store)
    finally:
        await store.close()
    varro = g.entity("Anselm Varro")
    facts = {f["title"]: f for f in varro["role_facts"]}
    spokesman = facts["spokesman"]
    assert (spokesman["organisation"], spokesman["since"], spokesman["until"]) == (
        "Fenwick Water Board",
        "2025-06-10",
        "2026-03",
    )
    assert "retired in March" in spokesman["until_evidence"]
    assert g.articles[spokesman["until_article"]]["published_at"] == "2026-09-14"
    assert facts["retired"]["since"] == "2026-03"
    (relation,) = g.relations("was not safe to drink", "is safe to drink")
    assert (relation["type"], relation["method"], relation["label"]) == (
        "CONTRADICTS",
        "INFERRED",
        "POSITION_CHANGE",
    )
    assert relation["label_evidence"].startswith(
        "role change between 2025-06-10 and 2026-09-14: spokesman for"
    )
    (earlier,) = g.claims("is safe to drink")
    (later,) = g.claims("was not safe to drink")
    assert (earlier["said_on"], later["said_on"]) == ("2025-06-10", "2026-09-14")


async def test_a_dated_reversal_in_one_article_and_a_self_contradiction(tmp_path: Path, items: Items) -> None:
    store = await stored(tmp_path, "s", by_date(items))
    try:
        g = await graph_of(store)
    finally:
        await store.close()
    safe = g.claims("the Fenwick bridge was safe for heavy lorries")
    in_2021 = next(c for c in safe if c["said_on"] == "2021")
    same_day = next(c for c in safe if c["said_on"] == "2026-05-19")
    (unsafe,) = g.claims("was not safe for heavy lorries")
    assert in_2021["article_id"] == unsafe["article_id"] and in_2021["stated_at"] == "2021"
    assert in_2021["timeline"] < unsafe["timeline"]
    by_target = {
        r["to_claim"]: r for r in g.relations("was not safe for heavy lorries", "was safe for heavy lorries")
    }
    reversal = by_target[in_2021["_id"]]
    assert (reversal["method"], reversal["label"]) == ("INFERRED", "POSITION_CHANGE")
    assert reversal["article_id"] == unsafe["article_id"]
    assert reversal["label_evidence"] == "dated reversal: said on 2021, then on 2026-05-19"
    self_contradiction = by_target[same_day["_id"]]
    assert self_contradiction["label"] == "SELF_CONTRADICTION"
    assert "both said on 2026-05-19" in self_contradiction["label_evidence"]
    assert unsafe["contradicted"] is False and in_2021["contradicted"] and same_day["contradicted"]


async def test_chunks_equal_one_article_at_a_time(tmp_path: Path, items: Items) -> None:
    ordered = by_date(items)
    snaps = []
    for name, chunk in (("one", 1), ("three", 3), ("all", 200)):
        store = await stored(tmp_path, name, ordered, chunk)
        try:
            snaps.append(await snapshot(store))
        finally:
            await store.close()
    assert snaps[0]["groups"] and snaps[0] == snaps[1] == snaps[2]


async def _to_the_layout_before_the_split(store: Store) -> int:
    """Rewrite every statement group as versions before 2026-12-07 stored it: one document holding
    its origins and evidence. Returns how many were rewritten."""
    groups = {d["_id"]: d for d in await store.find("groups", {})}
    details = [d for d in groups.values() if d.get("kind") == "statement_detail"]
    for detail in details:
        summary = groups[detail["_id"].removesuffix(":detail")]
        await store.upsert_many("groups", [summary | {k: detail[k] for k in STATEMENT_DETAIL_FIELDS}])
    await store.delete_many("groups", [d["_id"] for d in details])
    return len(details)


async def test_a_store_of_the_layout_before_the_split_grows_the_same(tmp_path: Path, items: Items) -> None:
    """Statement groups written as one document (before their origins and evidence were kept
    apart) are read, joined and rewritten in the current layout as if they had been written so."""
    ordered = by_date(items)
    half = len(ordered) // 2
    expected = await stored(tmp_path, "current", ordered)
    old = await stored(tmp_path, "old", ordered[:half])
    try:
        assert await _to_the_layout_before_the_split(old) > 0
        await write(old, ordered[half:], 200)
        got, want = Graph(await snapshot(old)), Graph(await snapshot(expected))
        assert got.snap["claims"] == want.snap["claims"]
        assert got.groups == want.groups
        statements = {g for g, doc in got.groups.items() if doc.get("kind") == "statement"}
        split = {g for g in statements if statement_detail_id(g) in got.snap["groups"]}
        # The groups a claim joined since are in the current layout; the others stay as they were.
        assert split and all("evidence" not in got.snap["groups"][g] for g in split)
        assert statements - split and all("evidence" in got.snap["groups"][g] for g in statements - split)
    finally:
        await old.close()
        await expected.close()


async def test_counts_and_labels_do_not_depend_on_load_order(tmp_path: Path, items: Items) -> None:
    def summary(g: Graph) -> dict[str, Any]:
        return {
            "counts": {(c["text"], g.outlet(c)): c["independent_sources"] for c in g.snap["claims"].values()},
            "labels": sorted(
                (r["label"], r["label_evidence"]) for r in g.snap["relations"].values() if r.get("label")
            ),
            "stories": sorted(
                (g.groups[a["story_id"]]["size"], g.groups[a["story_id"]]["original"]["article_id"])
                if a["story_id"] in g.groups
                else (1, a["_id"])
                for a in g.articles.values()
            ),
            "roles": g.entity("Anselm Varro")["role_facts"],
        }

    summaries = []
    for name, order in (("dated", by_date(items)), ("reversed", by_date(items)[::-1]), ("files", items)):
        store = await stored(tmp_path, name, order)
        try:
            summaries.append(summary(await graph_of(store)))
        finally:
            await store.close()
    assert summaries[0] == summaries[1] == summaries[2]


async def test_a_rerun_changes_nothing(tmp_path: Path, items: Items) -> None:
    store = await stored(tmp_path, "s", by_date(items), chunk=4)
    try:
        first = await snapshot(store)
        await write(store, by_date(items), 4)
        await write(store, items, 1)
        assert await snapshot(store) == first
    finally:
        await store.close()


async def test_a_rerun_rewrites_band_keys_of_an_older_layout(tmp_path: Path, items: Items) -> None:
    """An article stored with band keys of another LSH layout (14 bands of 4, before 2026-12-07)
    keeps its story when loaded again, and takes today's keys, so that new copies find it."""
    store = await stored(tmp_path, "s", by_date(items))
    try:
        first = await snapshot(store)
        wire = [a for a in first["articles"].values() if "Corran Sound crossing" in a["text"]]
        wire.sort(key=lambda a: a["order"])
        older = {**wire[0], "story_bands": [f"{i:02d}legacy{i}" for i in range(14)]}
        await store.upsert_many("articles", [older])
        await write(store, [it for it in items if it[0].text == older["text"]], 1)
        again = (await store.get_many("articles", [older["_id"]]))[older["_id"]]
        signature = Signature.decode(again["minhash"])
        assert signature is not None and again["story_bands"] == signature.bands() == wire[0]["story_bands"]
        assert len(again["story_bands"]) == BANDS and again["story_id"] == wire[0]["story_id"]
        assert await snapshot(store) == first
    finally:
        await store.close()


async def test_deleted_articles_leave_their_groups(tmp_path: Path, items: Items) -> None:
    store = await stored(tmp_path, "s", by_date(items))
    try:
        g = await graph_of(store)
        herald = next(c for c in g.claims("close to traffic for repairs") if g.outlet(c) == "Valley Herald")
        original = g.groups[g.articles[g.claims("agreed with crew")[0]["article_id"]]["story_id"]]["original"]
        assert await delete_article(store, herald["article_id"])
        assert await delete_article(store, original["article_id"])
        after = await graph_of(store)
        left = after.claims("close to traffic for repairs")
        assert [c["independent_sources"] for c in left] == [1, 1]  # the re-report counts for the Daily
        group = after.groups[left[0]["same_id"]]
        assert (group["size"], group["independent"]) == (2, 1)
        assert sorted(group["outlets"]) == ["Fenwick Daily", "Saltmarsh Courier"]
        copies = after.claims("agreed with crew")
        story = after.groups[after.articles[copies[0]["article_id"]]["story_id"]]
        assert story["size"] == 2
        assert after.articles[story["original"]["article_id"]]["publisher_name"] == "Tidewater Post"
        statement = after.groups[copies[0]["same_id"]]
        assert statement["size"] == 2 and [e["kind"] for e in statement["evidence"]] == ["REPORT", "COPY"]
        # Every group left holds what its members say it holds.
        for group in after.groups.values():
            members = [
                c
                for c in after.snap["claims"].values()
                if group["_id"] in (c.get("same_id"), c.get("matter_id"))
            ]
            if group["kind"] != "story":
                assert group["size"] == len(members), group["_id"]
    finally:
        await store.close()
