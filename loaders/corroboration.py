"""Corroboration: claims that say the same thing form a statement group, and a statement counts
the independent origins behind it (issue 13).

Claims say the same thing when they have identical content words in the article a copy was
matched with (loaders.story_groups), or, among the same-matter candidates inference ranks, at least
SAME_SHARE of their content words in common, the same numbers and polarity, and no contradiction
between them. A claim joins the group of the one it matched (a `groups` document of kind
`statement`), which counts its origins.

An origin is what a claim counts for: the outlet a re-report names ("…, the Harbor Daily
reported", "first published by …", "according to Reuters": a source of kind OUTLET), else its
article's story, so that the copies of one report count once. A statement group's `origins` maps
each origin key to {name, claims, first, outlets}: "story:<id>" for the reports of one story (named
by the outlet of its earliest member in the group), "outlet:<name>" for re-reports naming that
outlet. A re-report counts as an origin of its own only when no story of the group was carried by
the outlet it names: "…, the Harbor Daily reported" adds nothing to the Harbor Daily's own report.
All of it is a function of the members, whatever order they came in.

A group is stored as two documents (store.documents.statement_detail_id): the summary a dossier
reads, and its origins and evidence, which only the write path and a query that asks for them
read; the write path changes them as one (`load_groups`, `group_documents`).

`independent_sources` on every member is that count up to COUNTED_ON_CLAIMS, kept on the claims
so that filters and sorts use an index. A change of that number rewrites the group's members (an
indexed find by `same_id`, recount_members), so at most COUNTED_ON_CLAIMS times in a group's life.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from store.base import Store
from store.documents import INDEPENDENT_SOURCES_CAP, STATEMENT_DETAIL_FIELDS, digest, statement_detail_id

from .claim_terms import MAX_WORDS, TermView, claim_position, claim_terms
from .contradictions import opposable_pairs
from .documents import normalize_name, outlet_name, published_of_order
from .inference import infer_contradictions
from .model import Article

SAME_SHARE = 0.5  # Jaccard similarity of content terms from which two claims say the same thing
MAX_EVIDENCE = 50  # evidence entries a statement group keeps (the earliest)
MAX_ORIGINS = 300  # origins a statement group tells apart: past them, its count stays where it is
COUNTED_ON_CLAIMS = INDEPENDENT_SOURCES_CAP  # `independent_sources` on a claim: see counted_on_claims
MAX_OUTLETS = 200  # outlets a statement group names


def statement_id_of(claim_id: str) -> str:
    return f"sam_{digest('statement', claim_id)}"


# -- which statement a claim joins ---------------------------------------------------------------
def says_the_same(a: Mapping[str, Any], b: Mapping[str, Any], va: TermView, vb: TermView) -> float:
    """How much two claims say the same thing (Jaccard similarity of their content terms), 0 when
    they do not: below SAME_SHARE, other numbers ("12 million" is not "345 million"), opposite
    polarity, or a contradiction between them."""
    ta, tb = va.term_set, vb.term_set
    if (
        not ta
        or not tb
        or va.numbers != vb.numbers
        or min(len(ta), len(tb)) < SAME_SHARE * max(len(ta), len(tb))
    ):
        return 0.0
    common = len(ta & tb)
    jaccard = common / (len(ta) + len(tb) - common)
    if jaccard < SAME_SHARE or int(a.get("polarity") or 0) != int(b.get("polarity") or 0):
        return 0.0
    if a.get("article_id") != b.get("article_id"):
        news, olds = opposable_pairs([a], [b])  # inference's own cheap test first
        if news and olds and infer_contradictions([a], [b]):
            return 0.0
    return round(jaccard, 4)


def copies_by_terms(docs: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """The grouped claims of a copied article by their content words (joined), the earliest of
    each: a claim of the copy with the same words says the same thing."""
    out: dict[str, Mapping[str, Any]] = {}
    for d in sorted(docs, key=lambda d: (d["order"], d["_id"])):
        if d.get("same_id"):
            out.setdefault(" ".join(claim_terms(d)), d)
    return out


def statement_match(
    d: Mapping[str, Any],
    copied: Mapping[str, Mapping[str, Any]],
    pool: Sequence[tuple[Mapping[str, Any], TermView]],
    view: Callable[[Mapping[str, Any]], TermView],
) -> tuple[Mapping[str, Any] | None, list[str]]:
    """The grouped claim `d` says the same thing as, and the words they share (MAX_WORDS): its
    copy in the copied article (`copied`, copies_by_terms), else the candidate of `pool` (with its
    TermView) that says it most (says_the_same), the earliest on a tie. (None, []) when none does."""
    terms = claim_terms(d)
    via = copied.get(" ".join(terms)) if terms else None
    if via is not None and via.get("origin"):
        return via, terms[:MAX_WORDS]
    best: tuple[float, str, str] | None = None
    via = None
    mine = view(d)
    for c, theirs_view in pool:
        if theirs_view.numbers != mine.numbers or theirs_view.term_set.isdisjoint(mine.term_set):
            continue
        if not c.get("same_id") or not c.get("origin") or c["_id"] == d["_id"]:
            continue  # claims written before issue 13 have no group to join
        score = says_the_same(d, c, mine, theirs_view)
        if score and (best is None or (-score, c["order"], c["_id"]) < best):
            best, via = (-score, c["order"], c["_id"]), c
    theirs = set(claim_terms(via)) if via is not None else set()
    return via, [t for t in terms if t in theirs][:MAX_WORDS]


# -- origins and evidence ------------------------------------------------------------------------
def origin_of(article: Article, article_id: str, story_id: str, d: Mapping[str, Any]) -> dict[str, Any]:
    """What claim `d` of this article counts for: the first outlet it cites (a re-report), else
    the article's story."""
    outlet = outlet_name(article.publisher)
    for source in d.get("sources") or []:
        name = (source.get("name") or "").strip()
        if source.get("kind") == "OUTLET" and normalize_name(name):
            return {
                "key": f"outlet:{normalize_name(name)}",
                "name": name,
                "kind": "REREPORT",
                "outlet": outlet,
                "evidence": source.get("evidence"),
            }
    return {
        "key": f"story:{story_id}",
        "name": outlet or article.title or article_id,
        "kind": "REPORT",
        "outlet": outlet,
        "evidence": None,
    }


def evidence_entry(d: Mapping[str, Any], published_at: str | None) -> dict[str, Any]:
    """A member's entry in its statement group's `evidence` (its kind is set by refresh_statement)."""
    origin = d.get("origin") or {}
    return {
        **claim_position(d),
        "origin_key": origin.get("key"),
        "outlet": origin.get("outlet"),
        "cited": origin.get("name") if origin.get("kind") == "REREPORT" else None,
        "cited_words": origin.get("evidence"),
        "published_at": published_at,
    }


def stored_evidence(c: Mapping[str, Any]) -> dict[str, Any]:
    """The evidence entry of a stored member, dated by the publication date its `order` holds."""
    return evidence_entry(c, published_of_order(c.get("order")))


# -- a statement group's members -----------------------------------------------------------------
def new_statement_group(first: Mapping[str, Any]) -> dict[str, Any]:
    """The document of the statement group `first` said alone until now (a group of one has no
    document), with `first` as its one member."""
    group_id = first["same_id"]
    group: dict[str, Any] = {
        "_id": group_id,
        "kind": "statement",
        "size": 0,
        "words": list(first.get("same_words") or claim_terms(first)[:MAX_WORDS]),
        "origins": {},
        "outlets": {},
        "evidence": [],
        "independent": 0,
        "order": f"{first['order']}|{group_id}",
    }
    add_member(group, first["origin"], evidence_entry(first, published_of_order(first.get("order"))))
    refresh_statement(group)  # one origin, as its member already says
    return group


def add_member(group: dict[str, Any], origin: Mapping[str, Any], entry: dict[str, Any]) -> None:
    group["size"] = int(group.get("size") or 0) + 1
    origins = group.setdefault("origins", {})
    if origin["key"] not in origins and len(origins) >= MAX_ORIGINS:
        # Bounded work per article: a statement said by this many origins keeps the ones it has
        # (and its count); the claim is still a member, with its evidence and outlet.
        group["saturated"] = True
        slot: dict[str, Any] = {"claims": 0, "outlets": {}}
    else:
        slot = origins.setdefault(
            origin["key"], {"name": origin["name"], "claims": 0, "first": None, "outlets": {}}
        )
    slot["claims"] = int(slot.get("claims") or 0) + 1
    carried = origin["name"] if origin["kind"] == "REREPORT" else origin.get("outlet")
    if carried:
        slot["outlets"][carried] = int(slot["outlets"].get(carried) or 0) + 1
    if "first" in slot and (
        slot["first"] is None or (entry["order"], entry["claim_id"]) < tuple(slot["first"])
    ):
        slot["first"] = [entry["order"], entry["claim_id"]]
        if origin["kind"] != "REREPORT" and origin.get("outlet"):
            slot["name"] = origin["outlet"]
    outlet = origin.get("outlet")
    outlets = group.setdefault("outlets", {})
    if outlet and (outlet in outlets or len(outlets) < MAX_OUTLETS):
        outlets[outlet] = int(outlets.get(outlet) or 0) + 1
    evidence = group.setdefault("evidence", [])
    bisect.insort(evidence, entry, key=lambda e: (e["order"], e["claim_id"]))
    del evidence[MAX_EVIDENCE:]


def remove_member(group: dict[str, Any], d: Mapping[str, Any]) -> None:
    """Take claim `d` out of its statement group's size, origins and outlets (its evidence entry is
    refilled by refill_evidence)."""
    group["size"] = int(group.get("size") or 0) - 1
    origin = d.get("origin") or {}
    origins = group.get("origins") or {}
    slot = origins.get(origin.get("key"))
    if slot is not None:
        slot["claims"] = int(slot.get("claims") or 0) - 1
        carried = origin.get("name") if origin.get("kind") == "REREPORT" else origin.get("outlet")
        _decrement(slot.get("outlets") or {}, carried)
        if slot["claims"] <= 0:
            del origins[origin["key"]]
    _decrement(group.get("outlets") or {}, origin.get("outlet"))


def _decrement(counts: dict[str, Any], key: object) -> None:
    if isinstance(key, str) and key in counts:
        counts[key] = int(counts[key]) - 1
        if counts[key] <= 0:
            del counts[key]


async def refill_evidence(store: Store, statement: dict[str, Any], gone: set[str]) -> None:
    """When a statement group's evidence held a claim that goes, its evidence anew from the
    members that stay (the earliest MAX_EVIDENCE), and each origin's first member with it."""
    evidence = statement.get("evidence") or []
    if not any(e["claim_id"] in gone for e in evidence):
        return
    rest = await store.find(
        "claims", {"same_id": statement["_id"]}, sort="order", limit=MAX_EVIDENCE + len(gone)
    )
    statement["evidence"] = [stored_evidence(c) for c in rest if c["_id"] not in gone][:MAX_EVIDENCE]
    for key, slot in (statement.get("origins") or {}).items():
        firsts = [e for e in statement["evidence"] if e["origin_key"] == key]
        slot["first"] = [firsts[0]["order"], firsts[0]["claim_id"]] if firsts else slot.get("first")


# -- a statement group's documents ---------------------------------------------------------------
async def load_groups(store: Store, group_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Groups by id as the write path changes them (get_many decodes them for this call), a
    statement group's origins and evidence merged into it from its detail document: one get_many."""
    ids = sorted(set(group_ids))
    if not ids:
        return {}
    found = await store.get_many("groups", [*ids, *(statement_detail_id(g) for g in ids)])
    out: dict[str, dict[str, Any]] = {}
    for group_id in ids:
        doc = found.get(group_id)
        if doc is None:
            continue
        detail = found.get(statement_detail_id(group_id))
        if detail is not None:  # a group written before the split keeps both in its summary
            doc.update({k: detail[k] for k in STATEMENT_DETAIL_FIELDS if k in detail})
        out[group_id] = doc
    return out


def group_documents(groups: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The documents that store these groups: a statement group's summary and its detail."""
    docs: list[dict[str, Any]] = []
    for group in groups:
        if group.get("kind") != "statement":
            docs.append(dict(group))
            continue
        docs.append({k: v for k, v in group.items() if k not in STATEMENT_DETAIL_FIELDS})
        detail = {k: group.get(k) for k in STATEMENT_DETAIL_FIELDS}
        detail_id = statement_detail_id(group["_id"])
        docs.append({"_id": detail_id, "kind": "statement_detail", "order": group.get("order"), **detail})
    return docs


def group_document_ids(group_ids: Iterable[str]) -> list[str]:
    """Every document id the groups may be stored under (to delete them)."""
    return sorted({i for g in group_ids for i in (g, statement_detail_id(g))})


# -- counting ------------------------------------------------------------------------------------
def independent_origins(group: Mapping[str, Any]) -> list[str]:
    """The keys of a statement group's independent origins, sorted: every story, and every
    re-reported outlet that none of the stories was carried by."""
    origins: Mapping[str, Any] = group.get("origins") or {}
    carried = {
        normalize_name(o)
        for k, v in origins.items()
        if k.startswith("story:")
        for o in v.get("outlets") or {}
    }
    return sorted(k for k in origins if k.startswith("story:") or k.removeprefix("outlet:") not in carried)


def refresh_statement(group: dict[str, Any]) -> bool:
    """Recompute what follows from a statement group's members: its independent origins (True
    when their number changed), its first appearance, and each evidence entry's kind (REPORT: the
    earliest claim of a story in the group; COPY: a later claim of that story; REREPORT: a claim
    naming the outlet it comes from)."""
    before = counted_on_claims(group) if "independent" in group else None
    independent = independent_origins(group)
    group["independent"] = len(independent)
    origins = group.get("origins") or {}
    for key, slot in origins.items():
        slot["independent"] = key in independent
    for entry in group.get("evidence") or []:
        slot = origins.get(entry["origin_key"]) or {}
        first = slot.get("first") or []
        if entry.get("cited"):
            entry["kind"] = "REREPORT"
        else:
            entry["kind"] = "REPORT" if first == [entry["order"], entry["claim_id"]] else "COPY"
        entry["origin"] = slot.get("name")
        entry["independent"] = entry["origin_key"] in independent
    evidence = group.get("evidence") or []
    group["first"] = evidence[0] if evidence else None
    return before != counted_on_claims(group)


def counted_on_claims(group: Mapping[str, Any]) -> int:
    """What a statement group's members keep as `independent_sources`: its count of independent
    origins up to COUNTED_ON_CLAIMS. The cap bounds the work: members are rewritten only when that
    number changes, so at most COUNTED_ON_CLAIMS times in a group's life, however many origins
    join it later (the group itself keeps the exact count)."""
    return min(int(group.get("independent") or 0), COUNTED_ON_CLAIMS)


async def recount_members(store: Store, groups: Mapping[str, Mapping[str, Any]]) -> None:
    """Set `independent_sources` on every stored member of these statement groups to the group's
    count of origins (counted_on_claims): per count, one indexed find by `same_id` of the members
    that say another count, and one update. The store leaves out the members already right, so a
    group of many copies is not read back whole each time it gains an origin."""
    by_count: dict[int, list[str]] = {}
    for group_id in sorted(groups):
        by_count.setdefault(counted_on_claims(groups[group_id]), []).append(group_id)
    for n in sorted(by_count):
        stale = await store.find_grouped(
            "claims", "same_id", by_count[n], {"independent_sources": {"$ne": n}}
        )
        ids = sorted(d["_id"] for docs in stale.values() for d in docs)
        if ids:
            await store.update_many("claims", ids, {"independent_sources": n, "sources_rank": -n})


__all__ = [
    "COUNTED_ON_CLAIMS",
    "MAX_EVIDENCE",
    "MAX_ORIGINS",
    "MAX_OUTLETS",
    "SAME_SHARE",
    "add_member",
    "copies_by_terms",
    "counted_on_claims",
    "evidence_entry",
    "group_document_ids",
    "group_documents",
    "independent_origins",
    "load_groups",
    "new_statement_group",
    "origin_of",
    "recount_members",
    "refill_evidence",
    "refresh_statement",
    "remove_member",
    "says_the_same",
    "statement_id_of",
    "statement_match",
    "stored_evidence",
]
