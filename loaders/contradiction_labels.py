"""What a contradiction between two claims of one speaker is (issue 13): a POSITION_CHANGE when a
role of theirs ended between the two dates, or when the dates differ (a dated reversal: "In 2021,
Brun said … safe" vs "not safe" today), and a SELF_CONTRADICTION when nothing tells the two dates
apart. The dates and role facts it rests on are loaders.positions'.

On the write path, each article's new INFERRED contradictions between two claims of one speaker
are labelled with the speaker's role facts as they stand once that article is written
(label_relations), and a speaker's dated reversal within one article, which inference never pairs
by itself, becomes an INFERRED relation of its own (dated_reversals).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from store.base import Store

from .documents import relation_doc
from .inference import infer_contradictions
from .positions import before

SELF_CONTRADICTION = "SELF_CONTRADICTION"
POSITION_CHANGE = "POSITION_CHANGE"
MAX_DATED_CLAIMS = 40  # claims of one article paired for a speaker's dated reversal


def role_change_between(
    facts: Iterable[Mapping[str, Any]], earlier: str | None, later: str | None
) -> str | None:
    """The words of a role the actor held at `earlier` and had left by `later`, if any."""
    for fact in facts:
        until = fact.get("until")
        since = fact.get("since")
        if not until or not before(earlier, until) or before(later, until):
            continue
        if since and before(earlier, since):
            continue  # not yet held at the earlier date
        what = fact.get("title") or "a role"
        if fact.get("organisation"):
            what = f"{what} for {fact['organisation']}"
        return f"{what} ended by {until} ({fact.get('until_evidence')})"
    return None


def contradiction_label(
    later: Mapping[str, Any], earlier: Mapping[str, Any], speaker: Mapping[str, Any] | None
) -> tuple[str, str] | None:
    """(label, evidence) of a contradiction from claim `later` to claim `earlier` when one speaker
    made both; None otherwise."""
    who = later.get("speaker_id")
    if not who or who != earlier.get("speaker_id"):
        return None
    late, early = later.get("said_on"), earlier.get("said_on")
    change = role_change_between((speaker or {}).get("role_facts") or [], early, late)
    if change is not None:
        return POSITION_CHANGE, f"role change between {early} and {late}: {change}"
    if before(early, late):
        return POSITION_CHANGE, f"dated reversal: said on {early}, then on {late}"
    when = late or early or "an unknown date"
    return SELF_CONTRADICTION, f"both said on {when}: no date or role change tells them apart"


class ArticleDocs(Protocol):
    """What labelling reads of an article of the run (loaders.write.PreparedArticle)."""

    article_id: str
    entity_docs: list[dict[str, Any]]
    claim_docs: list[dict[str, Any]]
    relation_docs: list[dict[str, Any]]


def dated_reversals(p: ArticleDocs, fresh: set[str]) -> None:
    """Add to `p.relation_docs` the INFERRED contradictions between two claims of one speaker in
    this article made at different dates (one dated by the text: "In 2021, Brun said"), from the
    later to the earlier, labelled POSITION_CHANGE; at least one of the two is `fresh` (new in this
    write). Claims of one article are otherwise never inferred against each other (the article's
    own cues relate them)."""
    dated = [d for d in p.claim_docs if d.get("speaker_id")][:MAX_DATED_CLAIMS]
    known = {r["_id"] for r in p.relation_docs}
    for later in dated:
        for earlier in dated:
            if later is earlier or later["speaker_id"] != earlier["speaker_id"]:
                continue
            if later["_id"] not in fresh and earlier["_id"] not in fresh:
                continue
            if not before(earlier.get("said_on"), later.get("said_on")):
                continue
            # Inference never pairs claims of one article: each side stands for its own date.
            found = infer_contradictions(
                [{**later, "article_id": f"{later['article_id']}@{later.get('said_on')}"}],
                [{**earlier, "article_id": f"{earlier['article_id']}@{earlier.get('said_on')}"}],
            )
            if not found:
                continue
            doc = relation_doc(
                later,
                earlier["_id"],
                "CONTRADICTS",
                method="INFERRED",
                confidence=found[0]["confidence"],
                evidence=found[0].get("evidence"),
                article_id=p.article_id,
            )
            if doc["_id"] in known:
                continue
            speaker = next((e for e in p.entity_docs if e["_id"] == later["speaker_id"]), None)
            label = contradiction_label(later, earlier, speaker)
            if label is not None:
                doc["label"], doc["label_evidence"] = label
            p.relation_docs.append(doc)
            known.add(doc["_id"])
    p.relation_docs.sort(key=lambda r: r["_id"])


async def label_relations(
    store: Store,
    articles: Sequence[ArticleDocs],
    by_article: Sequence[Sequence[dict[str, Any]]],
    candidates: Sequence[Sequence[Mapping[str, Any]]],
) -> None:
    """Label each article's new INFERRED contradictions (`by_article`, in the run's order) between
    two claims of one speaker, with the speaker's dated roles as they stand once that article is
    written: as stored, or as an article of the run up to it left them. `candidates` are the
    stored claims the relations may point to."""
    claims: dict[str, Mapping[str, Any]] = {}
    for found in candidates:
        claims.update({c["_id"]: c for c in found})
    for p in articles:
        claims.update({c["_id"]: c for c in p.claim_docs})
    pairs = [
        (k, r, claims[r["from_claim"]], claims[r["to_claim"]])
        for k, docs in enumerate(by_article)
        for r in docs
        if r["from_claim"] in claims
        and r["to_claim"] in claims
        and claims[r["from_claim"]].get("speaker_id")
        and claims[r["from_claim"]].get("speaker_id") == claims[r["to_claim"]].get("speaker_id")
    ]
    if not pairs:
        return
    speakers = sorted({a["speaker_id"] for _, _, a, _ in pairs})
    stored = await store.get_many("entities", speakers)
    for k, relation, later, earlier in pairs:
        speaker = stored.get(later["speaker_id"])
        for p in articles[: k + 1]:  # the speaker as of article k
            for e in p.entity_docs:
                if e["_id"] == later["speaker_id"]:
                    speaker = e
        label = contradiction_label(later, earlier, speaker)
        if label is not None:
            relation["label"], relation["label_evidence"] = label


__all__ = [
    "MAX_DATED_CLAIMS",
    "POSITION_CHANGE",
    "SELF_CONTRADICTION",
    "contradiction_label",
    "dated_reversals",
    "label_relations",
    "role_change_between",
]
