"""Matters: statements on the same matter, whatever each says of it (issue 13).

Two claims are on the same matter by the inference layer's rule (most of the shorter claim's
content terms in the other, leaving out the antonym lexicon's words, MATTER_SHARE of
loaders.inference), so that a matter is what inference would set two claims against each
other on. A claim joins the matter of the claim it says the same thing as (loaders.corroboration),
else of the candidate it shares the most such terms with; a matter (a `groups` document of kind
`matter`) keeps its size and its most frequent terms, from which the API names it. Each claim keeps
the words it shares with the claim it joined through (`matter_words`), and `matter_order` sorts a
speaker's statements matter by matter: the matter's first claim, then the claim's own `order`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from store.documents import digest

from .claim_terms import MAX_WORDS, TermView, claim_position, claim_terms, is_earlier
from .inference import MATTER_SHARE

MAX_MATTER_TERMS = 50  # term counts a matter keeps (the most frequent)


def matter_id_of(claim_id: str) -> str:
    return f"mat_{digest('matter', claim_id)}"


def same_matter(a: TermView, b: TermView) -> list[str]:
    """The terms two claims share when they are on the same matter (the inference layer's rule:
    leaving out the words of its antonym lexicon, which say what is claimed of a matter rather than
    what it is, at least MATTER_SHARE of the shorter claim's terms, and two of them unless it has
    two or fewer), in `a`'s order; empty otherwise."""
    smaller = max(1, min(len(a.matter_set), len(b.matter_set)))
    common = len(a.matter_set & b.matter_set)
    if not common or common / smaller < MATTER_SHARE or (common < 2 and smaller > 2):
        return []
    return [t for t in a.matter if t in b.matter_set]


def join_matter(
    groups: dict[str, dict[str, Any]],
    d: dict[str, Any],
    pool: Sequence[tuple[Mapping[str, Any], TermView]],
    view: Callable[[Mapping[str, Any]], TermView],
    claim_of: Callable[[str], Mapping[str, Any] | None],
) -> str | None:
    """Place claim `d` in a matter: set its `matter_id`, `matter_words` and `matter_order`, and
    grow the matter's document in `groups` (made from its first claim when a second joins). `pool`
    holds the same-matter candidates with their TermViews; `claim_of` finds the claim `d` says the
    same thing as (`same_via`) when it is no candidate. The id of the matter document it changed,
    None when `d` is on a matter of its own (no document while it is alone)."""
    terms = claim_terms(d)
    via: Mapping[str, Any] | None = None
    words: list[str] = []
    same_via = d.get("same_via")
    if same_via is not None:  # what says the same thing is on the same matter
        via = next((c for c, _ in pool if c["_id"] == same_via), None)
        if via is None:
            via = claim_of(same_via)
        if via is not None and via.get("matter_id"):
            words = [t for t in terms if t in set(claim_terms(via))]
        else:
            via = None
    if via is None:
        best: tuple[int, str, str] | None = None
        mine = view(d)
        for c, theirs_view in pool:
            if theirs_view.matter_set.isdisjoint(mine.matter_set):
                continue
            if c["_id"] == d["_id"] or not c.get("matter_id") or not c.get("matter_order"):
                continue
            shared = same_matter(mine, theirs_view)
            if shared and (best is None or (-len(shared), c["order"], c["_id"]) < best):
                best, via, words = (-len(shared), c["order"], c["_id"]), c, shared
    if via is None:  # a matter of its own, without a document while it is alone
        matter_id = matter_id_of(d["_id"])
        d["matter_id"], d["matter_words"] = matter_id, terms[:MAX_WORDS]
        d["matter_order"] = f"{d['order']}|{matter_id}|{d['order']}"
        d.pop("same_via", None)
        return None
    matter_id = via["matter_id"]
    group = groups.get(matter_id)
    if group is None:  # `via` was its only statement so far
        group = groups[matter_id] = {
            "_id": matter_id,
            "kind": "matter",
            "size": 0,
            "term_counts": {},
            "first": claim_position(via),
            "order": str(via["matter_order"]).removesuffix(f"|{via['order']}"),
        }
        count_terms(group, via)
    count_terms(group, d)
    if is_earlier(group.get("first"), claim_position(d)):
        group["first"] = claim_position(d)
    d["matter_id"], d["matter_words"] = matter_id, words[:MAX_WORDS]
    d["matter_order"] = f"{group['order']}|{d['order']}"
    d.pop("same_via", None)
    return matter_id


def count_terms(group: dict[str, Any], d: Mapping[str, Any]) -> None:
    """Count claim `d` in its matter: its size, and its terms (the MAX_MATTER_TERMS most frequent kept)."""
    group["size"] = int(group.get("size") or 0) + 1
    counts = group.setdefault("term_counts", {})
    for t in claim_terms(d):
        counts[t] = int(counts.get(t) or 0) + 1
    if len(counts) > MAX_MATTER_TERMS:
        kept = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_MATTER_TERMS]
        group["term_counts"] = dict(kept)


def uncount_terms(group: dict[str, Any], d: Mapping[str, Any]) -> None:
    """Take claim `d`, which goes, out of its matter's size and term counts."""
    group["size"] = int(group.get("size") or 0) - 1
    counts = group.get("term_counts") or {}
    for t in claim_terms(d):
        if t in counts:
            counts[t] -= 1
            if counts[t] <= 0:
                del counts[t]


__all__ = [
    "MAX_MATTER_TERMS",
    "count_terms",
    "join_matter",
    "matter_id_of",
    "same_matter",
    "uncount_terms",
]
