"""Per-request DataLoaders, one per relationship, so a nested query costs one store operation per
level whatever its fan-out (Saleor style: named by what they load, by what key).

Every `load` made while one level of the query resolves lands in one batch and becomes one
store call (schema.batching.BatchLoader, a lean DataLoader): `get_many` for ids,
`find_grouped` / `count_grouped` for the paged lists. Loaders
are created afresh for each request (see `schema.context.make_context`), so their caches never
serve one request's documents to another.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from schema.batching import BatchLoader
from schema.pagination import SORT_FIELD, PageKey
from store.base import Store

Doc = dict[str, Any]
MAX_MERGE_HOPS = 8  # merged_into chains are short; the cap guards against a cycle in bad data
REJECTED = "rejected"
# Claim.contradicts / contradictedBy / supports / supportedBy / relations are plain lists in the
# contract, not connections; this bounds them (per claim and direction) on pathological data.
MAX_RELATIONS_PER_CLAIM = 200


class _ByIdLoader(BatchLoader[str, Doc | None]):
    collection: str = ""

    def __init__(self, store: Store) -> None:
        super().__init__(self._load)
        self.store = store

    async def _load(self, ids: list[str]) -> list[Doc | None]:
        found = await self.store.get_many(self.collection, ids)
        return [found.get(i) for i in ids]

    def prime_docs(self, docs: Sequence[Doc]) -> None:
        """Documents another loader already fetched: later loads of them cost nothing."""
        self.prime_many({d["_id"]: d for d in docs})


class ArticleByIdLoader(_ByIdLoader):
    collection = "articles"


class ClaimByIdLoader(_ByIdLoader):
    collection = "claims"


class EntityByIdLoader(_ByIdLoader):
    """Entities by id, following `merged_into` to the entity that was kept: an id merged away
    keeps working and answers with the kept entity. A redirect costs one more `get_many` per
    hop for the whole batch, and only when some entity in the batch was merged."""

    collection = "entities"

    async def _load(self, ids: list[str]) -> list[Doc | None]:
        known = await self.store.get_many(self.collection, ids)
        for _ in range(MAX_MERGE_HOPS):
            missing = {
                d["merged_into"]
                for d in known.values()
                if d.get("merged_into") and d["merged_into"] not in known
            }
            if not missing:
                break
            known.update(await self.store.get_many(self.collection, sorted(missing)))
        return [_follow(known, i) for i in ids]

    def prime_docs(self, docs: Sequence[Doc]) -> None:
        # A merged entity's own document must not be primed under its id: the loader answers
        # with the kept one.
        self.prime_many({d["_id"]: d for d in docs if not d.get("merged_into")})


def _follow(known: dict[str, Doc], entity_id: str) -> Doc | None:
    doc = known.get(entity_id)
    for _ in range(MAX_MERGE_HOPS):
        if doc is None or not doc.get("merged_into"):
            return doc
        doc = known.get(doc["merged_into"])
    return None  # a merge cycle: bad data, answer as if the entity did not exist


class _PagedLoader(BatchLoader[PageKey, list[Doc]]):
    """Pages of a collection grouped by a parent field: key (parent id, limit, after, filter).
    One `find_grouped` per distinct (limit, after, filter) in the batch — normally one, since
    sibling connections in a query share their arguments."""

    collection: str = ""
    group_field: str = ""

    def __init__(self, store: Store) -> None:
        super().__init__(self._load)
        self.store = store

    async def _load(self, keys: list[PageKey]) -> list[list[Doc]]:
        groups: dict[tuple[int, Any, str], list[str]] = defaultdict(list)
        for key in keys:
            groups[(key.limit, key.after, key.where_key)].append(key.parent_id)
        pages: dict[tuple[int, Any, str], dict[Any, list[Doc]]] = {}
        for (limit, after, where_key), parents in groups.items():
            sample = PageKey("", limit, after, where_key)
            pages[(limit, after, where_key)] = await self.store.find_grouped(
                self.collection,
                self.group_field,
                parents,
                sample.where,
                sort=SORT_FIELD,
                after=after,
                limit=limit,
            )
        return [pages[(k.limit, k.after, k.where_key)].get(k.parent_id, []) for k in keys]


class ClaimsBySpeakerLoader(_PagedLoader):
    collection, group_field = "claims", "speaker_id"


class ClaimsByActorLoader(_PagedLoader):
    """Claims an entity made or a spokesperson made on its behalf (actor_ids)."""

    collection, group_field = "claims", "actor_ids"


class ClaimsByMentionLoader(_PagedLoader):
    collection, group_field = "claims", "mention_ids"


class ClaimsByArticleLoader(_PagedLoader):
    collection, group_field = "claims", "article_id"


class _CountLoader(BatchLoader[tuple[str, str], int]):
    """totalCount of a grouped connection: key (parent id, canonical filter); one
    `count_grouped` per distinct filter in the batch."""

    collection: str = ""
    group_field: str = ""

    def __init__(self, store: Store) -> None:
        super().__init__(self._load)
        self.store = store

    async def _load(self, keys: list[tuple[str, str]]) -> list[int]:
        groups: dict[str, list[str]] = defaultdict(list)
        for parent_id, where_key in keys:
            groups[where_key].append(parent_id)
        counts: dict[str, dict[Any, int]] = {}
        for where_key, parents in groups.items():
            where = PageKey("", 0, None, where_key).where
            counts[where_key] = await self.store.count_grouped(
                self.collection, self.group_field, parents, where
            )
        return [counts[w].get(p, 0) for p, w in keys]


class ClaimCountBySpeakerLoader(_CountLoader):
    collection, group_field = "claims", "speaker_id"


class ClaimCountByActorLoader(_CountLoader):
    collection, group_field = "claims", "actor_ids"


class ClaimCountByMentionLoader(_CountLoader):
    collection, group_field = "claims", "mention_ids"


class ClaimCountByArticleLoader(_CountLoader):
    collection, group_field = "claims", "article_id"


class RelationsToClaimPagedLoader(_PagedLoader):
    """Pages of the relations made to claims (`contradictedByConnection`, `supportedByConnection`,
    the incoming half of `relationsConnection`), filtered by type and status."""

    collection, group_field = "relations", "to_claim"


class RelationsFromClaimPagedLoader(_PagedLoader):
    """Pages of the relations claims make (`contradictsConnection`, `supportsConnection`, the
    outgoing half of `relationsConnection`)."""

    collection, group_field = "relations", "from_claim"


class RelationCountToClaimLoader(_CountLoader):
    collection, group_field = "relations", "to_claim"


class RelationCountFromClaimLoader(_CountLoader):
    collection, group_field = "relations", "from_claim"


class ReviewsByRelationLoader(BatchLoader[str, list[Doc]]):
    """Every review of each relation, oldest first (`ClaimRelation.reviews`): one `find_grouped`
    on the `reviews` record by relation id per batch."""

    def __init__(self, store: Store) -> None:
        super().__init__(self._load)
        self.store = store

    async def _load(self, relation_ids: list[str]) -> list[list[Doc]]:
        found = await self.store.find_grouped(
            "reviews", "relation_id", relation_ids, {}, sort=SORT_FIELD, limit=None
        )
        return [found.get(r, []) for r in relation_ids]


class _RelationsByEndLoader(BatchLoader[str, list[Doc]]):
    """Relations by one of their ends, the first MAX_RELATIONS_PER_CLAIM of each claim in
    `order`: one `find_grouped` per batch. Active ones by default: rejected relations stay on
    record but are not part of the graph, so they come back only through the loaders of rejected
    relations (`relations(status: REJECTED)`, for keys that may see them)."""

    end_field: str = ""
    where: dict[str, Any] = {"status": {"$ne": REJECTED}}

    def __init__(self, store: Store) -> None:
        super().__init__(self._load)
        self.store = store

    async def _load(self, claim_ids: list[str]) -> list[list[Doc]]:
        # find_grouped rather than find($in): the cap holds per claim, so one much-disputed claim
        # cannot crowd out the others in the batch or blow up the response.
        found = await self.store.find_grouped(
            "relations",
            self.end_field,
            claim_ids,
            self.where,
            sort=SORT_FIELD,
            limit=MAX_RELATIONS_PER_CLAIM,
        )
        return [found.get(c, []) for c in claim_ids]


class RelationsFromClaimLoader(_RelationsByEndLoader):
    """Relations a claim makes (it supports / contradicts others): `contradicts`, `supports`."""

    end_field = "from_claim"


class RelationsToClaimLoader(_RelationsByEndLoader):
    """Relations made to a claim (others support / contradict it): `contradictedBy`, `supportedBy`.
    Split by direction so the dossier query, which asks only this way, costs one find."""

    end_field = "to_claim"


class RejectedRelationsFromClaimLoader(_RelationsByEndLoader):
    end_field = "from_claim"
    where = {"status": REJECTED}


class RejectedRelationsToClaimLoader(_RelationsByEndLoader):
    end_field = "to_claim"
    where = {"status": REJECTED}


class RelationsByClaimLoader(BatchLoader[str, list[Doc]]):
    """Every relation touching a claim, both directions, in `order`: the two directional
    loaders together (two finds per batch, shared with `contradicts` / `contradictedBy` ...)."""

    def __init__(self, outgoing: _RelationsByEndLoader, incoming: _RelationsByEndLoader) -> None:
        super().__init__(self._load)
        self.outgoing = outgoing
        self.incoming = incoming

    async def _load(self, claim_ids: list[str]) -> list[list[Doc]]:
        outgoing, incoming = await asyncio.gather(
            self.outgoing.load_many(claim_ids), self.incoming.load_many(claim_ids)
        )
        return [merge_relations(o, i) for o, i in zip(outgoing, incoming, strict=True)]


def merge_relations(outgoing: list[Doc], incoming: list[Doc]) -> list[Doc]:
    """A claim's relations both ways, in `order`."""
    unique = {d["_id"]: d for d in (*outgoing, *incoming)}  # a self-relation would be in both
    return sorted(unique.values(), key=lambda d: (str(d.get(SORT_FIELD, "")), d["_id"]))
