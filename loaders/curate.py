"""Curation, the write services behind the partner mutations: relate two claims, review an
inferred relation, merge two entities, delete an article.

Plain async functions over a Store, each one transaction: it reads what it changes inside it, so
no concurrent write is lost, and it is applied whole or not at all. Each raises LookupError for an
unknown id and ValueError for bad input, keeps every claim's `contradicted` flag true to the active
CONTRADICTS relations, and appends what was decided, by whom and when, to the `reviews` collection.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

from store.base import Store
from store.documents import digest

from .analysis import forget_article
from .documents import actor_ids_of, relation_doc, relation_id_of, union_entity_doc
from .positions import merge_fact_lists
from .resolve import delete_claims, follow_merges, refresh_contradicted
from .write import backfill_actor_ids, relation_event

RELATION_TYPES = ("SUPPORTS", "CONTRADICTS")
VERDICTS = ("CONFIRM", "REJECT")

Clock = Callable[[], datetime]
P = ParamSpec("P")
T = TypeVar("T")


def _one_transaction(fn: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Run a curation service (whose first argument is the store) as one transaction."""

    @functools.wraps(fn)
    async def run(*args: P.args, **kwargs: P.kwargs) -> T:
        store = args[0]
        assert isinstance(store, Store)
        async with store.transaction():
            return await fn(*args, **kwargs)

    return run


def _now(clock: Clock | None) -> str:
    return (clock or (lambda: datetime.now(UTC)))().isoformat(timespec="seconds")


def _check_type(type_: str) -> str:
    if type_ not in RELATION_TYPES:
        raise ValueError(f"type: expected one of {', '.join(RELATION_TYPES)}, got {type_!r}")
    return type_


async def _record(store: Store, action: str, at: str, actor: str | None, **details: Any) -> None:
    rid = f"rev_{digest(action, at, actor, *sorted(f'{k}={v}' for k, v in details.items()))}"
    # `at` has whole seconds: the clock's nanoseconds keep two decisions of one second in order.
    order = f"{at}|{time.time_ns():020d}|{rid}"
    await store.upsert_many(
        "reviews", [{"_id": rid, "action": action, "by": actor, "at": at, **details, "order": order}]
    )


async def _claims(store: Store, *ids: str) -> dict[str, dict[str, Any]]:
    found = await store.get_many("claims", list(ids))
    missing = [i for i in ids if i not in found]
    if missing:
        raise LookupError(f"no claim with id {missing[0]!r}")
    return found


@_one_transaction
async def relate_claims(
    store: Store,
    from_id: str,
    to_id: str,
    type: str,
    note: str | None = None,
    actor: str | None = None,
    *,
    clock: Clock | None = None,
) -> dict[str, Any]:
    """A curator's statement that `from_id` supports or contradicts `to_id` (method CURATED,
    confidence 1.0). Replaces a CUE or INFERRED relation of the same claims and type."""
    _check_type(type)
    if from_id == to_id:
        raise ValueError("a claim cannot support or contradict itself")
    claims = await _claims(store, from_id, to_id)
    at = _now(clock)
    doc = relation_doc(
        claims[from_id],
        to_id,
        type,
        method="CURATED",
        confidence=1.0,
        evidence=note,
        article_id=claims[from_id]["article_id"],
    )
    doc["review"] = {"verdict": "CONFIRM", "note": note, "by": actor, "at": at}
    await store.upsert_many("relations", [doc])
    await refresh_contradicted(store, [to_id])
    await store.append_events([relation_event(doc)])
    await _record(
        store,
        "relateClaims",
        at,
        actor,
        relation_id=doc["_id"],
        type=type,
        verdict="CONFIRM",
        note=note,
        from_claim=from_id,
        to_claim=to_id,
    )
    return doc


@_one_transaction
async def review_relation(
    store: Store,
    from_id: str,
    to_id: str,
    type: str,
    verdict: str,
    note: str | None = None,
    actor: str | None = None,
    *,
    curated_allowed: bool = False,
    clock: Clock | None = None,
) -> dict[str, Any]:
    """Confirm or reject an INFERRED relation, or (with `curated_allowed`: an admin) a CURATED
    one, which withdraws a curator's assertion. A rejected one leaves the graph (status
    "rejected") but stays on record with its review, and every review stays in `reviews`.
    Raises PermissionError for a CURATED relation without `curated_allowed`."""
    _check_type(type)
    if verdict not in VERDICTS:
        raise ValueError(f"verdict: expected one of {', '.join(VERDICTS)}, got {verdict!r}")
    rid = relation_id_of(from_id, to_id, type)
    found = await store.get_many("relations", [rid])
    if rid not in found:
        raise LookupError(f"no {type} relation from {from_id!r} to {to_id!r}")
    doc = found[rid]
    if doc["method"] == "CURATED" and not curated_allowed:
        raise PermissionError(
            "this relation is CURATED: only an admin may review (withdraw) a curator's relation"
        )
    if doc["method"] not in ("INFERRED", "CURATED"):
        raise ValueError(
            f"only INFERRED and CURATED relations are reviewed; this one is {doc['method']} "
            "(stated in the article's text)"
        )
    at = _now(clock)
    doc["status"] = "rejected" if verdict == "REJECT" else "active"
    doc["review"] = {"verdict": verdict, "note": note, "by": actor, "at": at}
    await store.upsert_many("relations", [doc])
    await refresh_contradicted(store, [to_id])
    await _record(store, "reviewRelation", at, actor, relation_id=rid, verdict=verdict, note=note)
    return doc


@_one_transaction
async def merge_entities(
    store: Store, keep: str, merge: str, actor: str | None = None, *, clock: Clock | None = None
) -> dict[str, Any]:
    """Merge entity `merge` into `keep`: names and roles join `keep`; every claim's speaker,
    mentions and sources and every article's publisher move over; `merge` stays as a document
    with merged_into=keep so that its id still resolves."""
    if keep == merge:
        raise ValueError("an entity cannot be merged into itself")
    found = await store.get_many("entities", [keep, merge])
    for eid in (keep, merge):
        if eid not in found:
            raise LookupError(f"no entity with id {eid!r}")
    kept, merged = found[keep], found[merge]
    if kept.get("merged_into"):
        raise ValueError(f"entity {keep!r} was itself merged into {kept['merged_into']!r}; keep that one")
    if merged.get("merged_into"):
        target = (await follow_merges(store, [merged]))[merge]["_id"]
        if target == keep:
            return kept  # already done: merging is idempotent
        raise ValueError(f"entity {merge!r} was already merged into {target!r}")

    at = _now(clock)
    kept = union_entity_doc(kept, [merged["name"], *merged.get("aliases", [])], merged.get("roles", []))
    kept["names_norm"] = sorted(set(kept["names_norm"]) | set(merged.get("names_norm", [])))
    newly_represented = bool(merged.get("represented")) and not kept.get("represented")
    if newly_represented:
        kept["represented"] = True
    if merged.get("role_facts"):  # the dated roles of both (loaders.positions)
        kept["role_facts"] = merge_fact_lists(kept.get("role_facts") or [], merged["role_facts"])
    await store.upsert_many("entities", [kept])
    if newly_represented:
        await backfill_actor_ids(store, [keep])

    # Claims it made, or that a spokesperson made for it: rewritten whole (speaker, the body
    # spoken for and the actors listed by them all move over).
    touched = {c["_id"]: c for c in await store.find("claims", {"actor_ids": merge})}
    for c in await store.find("claims", {"speaker_id": merge}):
        touched.setdefault(c["_id"], c)
    published = await store.find("articles", {"publisher_id": merge})
    await store.update_many("articles", [a["_id"] for a in published], {"publisher_id": keep})
    # Mentions and sources differ claim by claim: those claims are rewritten whole. Sources name
    # an entity as the publisher (claims of its articles) or alongside a mention of it.
    for c in await store.find("claims", {"mention_ids": merge}):
        touched.setdefault(c["_id"], c)
    if published:
        for c in await store.find("claims", {"article_id": {"$in": [a["_id"] for a in published]}}):
            touched.setdefault(c["_id"], c)
    rewritten = []
    for cid in sorted(touched):
        claim = touched[cid]
        if claim.get("speaker_id") == merge:
            claim["speaker_id"] = keep
        if claim.get("on_behalf_of") == merge:
            claim["on_behalf_of"] = keep if claim.get("speaker_id") != keep else None
        claim["actor_ids"] = actor_ids_of(claim.get("speaker_id"), claim.get("on_behalf_of"))
        claim["mention_ids"] = sorted({keep if m == merge else m for m in claim.get("mention_ids") or []})
        claim["sources"] = [_repoint(s, merge, keep) for s in claim.get("sources") or []]
        rewritten.append(claim)
    await store.upsert_many("claims", rewritten)

    earlier = await store.find("entities", {"merged_into": merge})
    await store.update_many("entities", [e["_id"] for e in earlier], {"merged_into": keep})
    await store.update_many("entities", [merge], {"merged_into": keep})
    await _record(store, "mergeEntities", at, actor, keep=keep, merge=merge)
    return kept


def _repoint(source: Mapping[str, Any], old: str, new: str) -> dict[str, Any]:
    out = dict(source)
    if out.get("entity_id") == old:
        out["entity_id"] = new
    return out


@_one_transaction
async def delete_article(
    store: Store, article_id: str, actor: str | None = None, *, clock: Clock | None = None
) -> bool:
    """Delete an article, its claims and their relations in both directions; claims of other
    articles that only these contradicted lose their `contradicted` flag. Entities stay (other
    articles may name them). True when something was deleted, False when there was no such
    article."""
    found = await store.get_many("articles", [article_id])
    claims = await store.find("claims", {"article_id": article_id})
    if article_id not in found and not claims:
        return False
    # Claims first, the article last: where a transaction is not atomic (see loaders.write), a
    # reader must never meet a claim without its article.
    await forget_article(store, article_id)
    await delete_claims(store, [c["_id"] for c in claims])
    await store.delete_many("articles", [article_id])
    await _record(store, "deleteArticle", _now(clock), actor, article_id=article_id)
    return True
