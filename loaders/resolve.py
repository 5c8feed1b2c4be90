"""Resolution against the store: entities by normalized name and alias, and upkeep of the claims'
`contradicted` flag (cross-article INFERRED contradictions: loaders.contradictions).

Entity matching. An extracted entity reuses a stored one when their kinds are compatible (equal,
or one is OTHER/GROUP) and they share a normalized name that is the canonical name of one of them
("IRGC" the canonical name in one article, an alias of "Islamic Revolutionary Guards" in another)
or an alias of several words ("City Workers Union"). Two entities that merely share a one-word
alias ("Park" for two different people) stay apart. A stored entity merged into another
(`merged_into`) stands for the one it was merged into. A match gains the new names and roles by
set union, sorted, so reruns write nothing new. Unnamed sources kept as entities ("A source",
"another former employee") belong to their own article (`scope`: its id) and never merge across
articles: two articles' "a source" are two people.

`contradicted` means "something contradicts this claim": the claim is the `to_claim` of an active
CONTRADICTS relation, which is exactly the schema's `contradictedBy` being non-empty.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from store.base import Store

from .analysis import forget_claims
from .documents import (
    entity_id_of,
    entity_names,
    is_descriptive,
    kinds_compatible,
    names_norm_of,
    new_entity_doc,
    normalize_name,
    union_entity_doc,
)
from .model import Entity

ACTIVE_CONTRADICTS = {"type": "CONTRADICTS", "status": "active"}
MAX_MERGE_HOPS = 8  # merged_into chains are short; a longer one is a cycle


# -- entities ------------------------------------------------------------------------------------
class EntityLookup(Protocol):
    """Where resolution reads entities from: the store itself, or (EntityOverlay) a chunk's view of
    it that also holds what earlier articles of the chunk are about to write."""

    async def entities_named(self, norms: list[str]) -> list[dict[str, Any]]:
        """Entities with any of these normalized names (`names_norm`), scoped ones included."""
        ...

    async def entities_by_id(self, ids: list[str]) -> dict[str, dict[str, Any]]: ...


class StoreEntities:
    """EntityLookup straight from the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def entities_named(self, norms: list[str]) -> list[dict[str, Any]]:
        return await self.store.find("entities", {"names_norm": {"$in": norms}})

    async def entities_by_id(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        return await self.store.get_many("entities", ids)


class EntityOverlay:
    """An EntityLookup over the store as it will be once the articles resolved so far are written:
    the store's entities (fetched once for a run of articles, more on demand) overlaid with the
    entity documents those articles will write (`write`). Hands out copies; never writes to the
    store. This is what lets a whole chunk of articles resolve in a few store operations and still
    end exactly as one article at a time would."""

    def __init__(self, store: Store) -> None:
        self.store = StoreEntities(store)
        self.docs: dict[str, dict[str, Any] | None] = {}  # id -> current doc, None: known absent
        self.by_norm: dict[str, set[str]] = {}
        self.fetched_norms: set[str] = set()

    def _put(self, doc: dict[str, Any]) -> None:
        old = self.docs.get(doc["_id"])
        for n in (old or {}).get("names_norm") or []:
            self.by_norm.get(n, set()).discard(doc["_id"])
        self.docs[doc["_id"]] = doc
        for n in doc.get("names_norm") or []:
            self.by_norm.setdefault(n, set()).add(doc["_id"])

    def write(self, docs: Sequence[dict[str, Any]]) -> None:
        """What an article resolved earlier will write: later articles see it."""
        for doc in docs:
            self._put(doc)

    async def prefetch(self, norms: Sequence[str], ids: Sequence[str]) -> None:
        """Every entity named by `norms` with its merge chain, and the entities `ids`: one find and
        a get per merge hop (plus one for `ids`)."""
        found = await self.entities_named(sorted(set(norms)))
        wanted = [d["merged_into"] for d in found if d.get("merged_into")]
        for _ in range(MAX_MERGE_HOPS):
            got = await self.entities_by_id(sorted(set(wanted)))
            wanted = [d["merged_into"] for d in got.values() if d.get("merged_into")]
            if not wanted:
                break
        await self.entities_by_id(sorted(set(ids)))

    async def entities_named(self, norms: list[str]) -> list[dict[str, Any]]:
        unknown = [n for n in norms if n not in self.fetched_norms]
        if unknown:
            for doc in await self.store.entities_named(unknown):
                if doc["_id"] not in self.docs:  # a doc of the overlay is newer than the store's
                    self._put(doc)
            self.fetched_norms.update(unknown)
        ids = sorted({i for n in norms for i in self.by_norm.get(n, ())})
        return [dict(d) for d in (self.docs[i] for i in ids) if d is not None]

    async def entities_by_id(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        unknown = [i for i in ids if i not in self.docs]
        if unknown:
            got = await self.store.entities_by_id(unknown)
            for i in unknown:
                if i in got:
                    self._put(got[i])
                else:
                    self.docs[i] = None
        return {i: dict(d) for i in ids if (d := self.docs.get(i)) is not None}




async def follow_merges(store: Store, docs: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """id -> the document it stands for now, following merged_into (in one get per hop)."""
    return await follow_merges_with(StoreEntities(store).entities_by_id, docs)


async def follow_merges_with(
    get: Callable[[list[str]], Awaitable[dict[str, dict[str, Any]]]], docs: Iterable[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """follow_merges, reading entities by id with `get`."""
    target: dict[str, dict[str, Any]] = {d["_id"]: d for d in docs}
    resolved: dict[str, dict[str, Any]] = {}
    pending = {i: d for i, d in target.items()}
    known: dict[str, dict[str, Any]] = dict(target)
    for _ in range(MAX_MERGE_HOPS):
        waiting = {i: d for i, d in pending.items() if d.get("merged_into")}
        for i, d in pending.items():
            if not d.get("merged_into"):
                resolved[i] = d
        if not waiting:
            return resolved
        missing = [d["merged_into"] for d in waiting.values() if d["merged_into"] not in known]
        known.update(await get(missing))
        pending = {}
        for i, d in waiting.items():
            nxt = known.get(d["merged_into"])
            if nxt is None:
                resolved[i] = d  # dangling merge: the merged doc itself is the best we have
            else:
                pending[i] = nxt
    resolved.update(pending)
    return resolved


@dataclass
class EntityResolution:
    ids: dict[str, str] = field(default_factory=dict)  # local key -> store id
    docs: dict[str, dict[str, Any]] = field(default_factory=dict)  # store id -> doc to write
    changed: set[str] = field(default_factory=set)  # ids whose doc differs from the store's


def _pick(entity: Entity, norms: set[str], candidates: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The stored entity this extracted one is, or None: see the module docstring."""
    canonical = normalize_name(entity.name)
    best: tuple[int, int, str] | None = None
    chosen = None
    for doc in candidates:
        doc_canonical = normalize_name(doc["name"])
        # The same full name of two words or more is one entity even when the kinds disagree: the
        # tagger labels "Felipe Arroyo" a person in one article and an organisation in the next far
        # more often than two different things share a full name. A one-word name ("Jordan") is
        # too ambiguous for that.
        same_full_name = canonical == doc_canonical and " " in canonical
        if not (kinds_compatible(doc["kind"], entity.kind) or same_full_name):
            continue
        doc_norms = set(doc.get("names_norm") or [])
        shared = doc_norms & norms
        if canonical not in doc_norms and doc_canonical not in norms and not any(" " in n for n in shared):
            continue
        # Prefer the same canonical name, then the same kind, then the most names shared.
        score = (
            -(2 * (canonical == doc_canonical) + (doc["kind"] == entity.kind)),
            -len(shared),
            doc["_id"],
        )
        if best is None or score < best:
            best, chosen = score, doc
    return chosen


def lookup_keys(entities: Sequence[Entity], scope: str | None) -> tuple[list[str], dict[str, str]]:
    """What resolving these entities reads: the normalized names of the named ones (sorted), and
    local key -> id of the unnamed ones that belong to the article `scope`."""
    scoped = [e for e in entities if scope is not None and is_descriptive(e)]
    named = [e for e in entities if not (scope is not None and is_descriptive(e))]
    all_norms = sorted({n for e in named for n in names_norm_of(entity_names(e))})
    scoped_ids = {e.key: _scoped_id(e, scope) for e in scoped if scope is not None}
    return all_norms, scoped_ids


async def resolve_entities(
    store: Store, entities: Sequence[Entity], *, scope: str | None = None
) -> EntityResolution:
    """Map every extracted entity to a store id, reusing stored entities (one find for the whole
    article), and build the entity documents to write. With `scope` (the article id), unnamed
    entities named by a description (documents.is_descriptive) get an id of their own article
    instead of joining a namesake elsewhere."""
    return await resolve_entities_with(StoreEntities(store), entities, scope=scope)


async def resolve_entities_with(
    lookup: EntityLookup, entities: Sequence[Entity], *, scope: str | None = None
) -> EntityResolution:
    """resolve_entities, reading entities from `lookup` (whose documents it never mutates)."""
    out = EntityResolution()
    all_norms, scoped_ids = lookup_keys(entities, scope)
    found = await lookup.entities_named(all_norms) if all_norms else []
    found = [d for d in found if not d.get("scope")]
    current = await follow_merges_with(lookup.entities_by_id, found)
    stored: dict[str, dict[str, Any]] = {d["_id"]: dict(d) for d in current.values()}
    if scoped_ids:
        got = await lookup.entities_by_id(sorted(set(scoped_ids.values())))
        stored.update({i: dict(d) for i, d in got.items()})
    original = {i: dict(d) for i, d in stored.items()}
    for doc in found:
        target = stored[current[doc["_id"]]["_id"]]
        if target["_id"] != doc["_id"]:
            # Found by a name of an entity merged into it: that name is the target's too.
            target["names_norm"] = sorted(set(target["names_norm"]) | set(doc.get("names_norm") or []))
    for entity in entities:
        names = entity_names(entity)
        if entity.key in scoped_ids:
            eid = scoped_ids[entity.key]
            match = out.docs.get(eid) or stored.get(eid)
            if match is None:
                out.docs[eid] = new_entity_doc(eid, entity, scope)
                out.ids[entity.key] = eid
                out.changed.add(eid)
                continue
        else:
            norms = set(names_norm_of(names))
            pool = [d for d in stored.values() if not d.get("scope")]
            pool += [d for i, d in out.docs.items() if i not in stored and not d.get("scope")]
            match = _pick(entity, norms, pool)
        if match is None:
            canonical = normalize_name(entity.name) or entity.name.strip().casefold()
            eid = entity_id_of(canonical)
            taken = stored.get(eid) or out.docs.get(eid)
            if taken is not None and not kinds_compatible(taken["kind"], entity.kind):
                eid = entity_id_of(canonical, entity.kind)
            if eid in out.docs or eid in stored:
                match = out.docs.get(eid) or stored[eid]
            else:
                out.docs[eid] = new_entity_doc(eid, entity)
                out.ids[entity.key] = eid
                out.changed.add(eid)
                continue
        merged = union_entity_doc(match, names, entity.roles)
        out.docs[merged["_id"]] = merged
        if merged["_id"] in stored:
            stored[merged["_id"]] = merged
        out.ids[entity.key] = merged["_id"]
        if merged != original.get(merged["_id"]):
            out.changed.add(merged["_id"])
    return out


def _scoped_id(entity: Entity, scope: str) -> str:
    canonical = normalize_name(entity.name) or entity.name.strip().casefold()
    return entity_id_of(canonical, entity.kind, scope)


# -- contradicted flags --------------------------------------------------------------------------
async def contradicted_ids(store: Store, claim_ids: Sequence[str]) -> set[str]:
    """Which of these claims an active CONTRADICTS relation in the store points at."""
    if not claim_ids:
        return set()
    counts = await store.count_grouped("relations", "to_claim", list(claim_ids), ACTIVE_CONTRADICTS)
    return {cid for cid, n in counts.items() if n}


async def refresh_contradicted(store: Store, claim_ids: Iterable[str]) -> None:
    """Set each claim's `contradicted` from the relations now in the store."""
    ids = sorted(set(claim_ids))
    if not ids:
        return
    yes = await contradicted_ids(store, ids)
    await store.update_many("claims", sorted(yes), {"contradicted": True})
    await store.update_many("claims", [i for i in ids if i not in yes], {"contradicted": False})


async def delete_claims(store: Store, claim_ids: Sequence[str]) -> int:
    """Delete claims with their relations (both directions), and fix the `contradicted` flag of
    the claims on the other end. Returns how many relations went with them."""
    ids = sorted(set(claim_ids))
    if not ids:
        return 0
    await forget_claims(store, ids)
    outgoing = await store.find("relations", {"from_claim": {"$in": ids}})
    incoming = await store.find("relations", {"to_claim": {"$in": ids}})
    gone = set(ids)
    relation_ids = sorted({r["_id"] for r in outgoing + incoming})
    others = {r["to_claim"] for r in outgoing if r["to_claim"] not in gone}
    await store.delete_many("relations", relation_ids)
    await store.delete_many("claims", ids)
    await refresh_contradicted(store, others)
    return len(relation_ids)
