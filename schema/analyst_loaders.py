"""The DataLoaders of the analyst views (issue 13: stories, corroboration, matters, timelines),
by relationship like the others in schema.dataloaders: one store operation per batch.

    GroupByIdLoader                 stories, statement groups and matters by id (`get_many`)
    ClaimsByCopyKeyLoader           the copies of claims across a story (`find_grouped` on copy_key)
    ArticlesByStoryLoader           the articles of stories (`find_grouped` on story_id)
    ClaimsByMatterLoader            a page of a matter's statements (and its count loader)
    Sorted speaker pages            a page of an actor's statements in another order than
                                    publication: by independent sources, by matter, by date said
"""

from __future__ import annotations

from typing import Any

from schema.batching import BatchLoader
from schema.dataloaders import Doc, _ByIdLoader, _CountLoader, _PagedLoader
from schema.enums import StatementOrder
from schema.pagination import SORT_FIELD, PageKey
from store.base import Store

MAX_COPIES = 50  # copies of one claim listed (a claim's `copies` is a plain list)
MAX_STORY_ARTICLES = 50  # articles of one story listed


class GroupByIdLoader(_ByIdLoader):
    collection = "groups"


class _GroupedListLoader(BatchLoader[str, list[Doc]]):
    """The first `limit` documents of each key of a grouped field, in `order`: one find_grouped."""

    collection = ""
    group_field = ""
    limit = 0

    def __init__(self, store: Store) -> None:
        super().__init__(self._load)
        self.store = store

    async def _load(self, keys: list[str]) -> list[list[Doc]]:
        found = await self.store.find_grouped(
            self.collection, self.group_field, keys, {}, sort=SORT_FIELD, limit=self.limit
        )
        return [found.get(k, []) for k in keys]


class ClaimsByCopyKeyLoader(_GroupedListLoader):
    collection, group_field, limit = "claims", "copy_key", MAX_COPIES + 1


class ArticlesByStoryLoader(_GroupedListLoader):
    collection, group_field, limit = "articles", "story_id", MAX_STORY_ARTICLES


class ClaimsByMatterLoader(_PagedLoader):
    collection, group_field = "claims", "matter_id"


class ClaimCountByMatterLoader(_CountLoader):
    collection, group_field = "claims", "matter_id"


class _SortedSpeakerLoader(_PagedLoader):
    """A speaker's claims in the order of another field (`sort`). The documents come back with
    `order` holding that field's value, so that the page's cursors (schema.pagination, which
    encodes `order`) carry the right keyset position; the claim itself never shows `order`."""

    collection = "claims"
    sort = ""

    def __init__(self, store: Store, group_field: str = "speaker_id") -> None:
        # "actor_ids" lists an organisation's claims with those its spokespeople made for it.
        super().__init__(store)
        self.group_field = group_field

    async def _load(self, keys: list[PageKey]) -> list[list[Doc]]:
        pages: dict[tuple[int, Any, str], dict[Any, list[Doc]]] = {}
        out: list[list[Doc]] = []
        for key in keys:
            batch = (key.limit, key.after, key.where_key)
            if batch not in pages:
                parents = [k.parent_id for k in keys if (k.limit, k.after, k.where_key) == batch]
                pages[batch] = await self.store.find_grouped(
                    self.collection,
                    self.group_field,
                    parents,
                    key.where,
                    sort=self.sort,
                    after=key.after,
                    limit=key.limit,
                )
            out.append([{**d, SORT_FIELD: d.get(self.sort)} for d in pages[batch].get(key.parent_id, [])])
        return out


class ClaimsBySpeakerBySourcesLoader(_SortedSpeakerLoader):
    """Most independent origins first (`sources_rank` is minus their number)."""

    sort = "sources_rank"


class ClaimsBySpeakerByMatterLoader(_SortedSpeakerLoader):
    """Matter by matter (in the order each matter first appeared), publication order within one."""

    sort = "matter_order"


class ClaimsBySpeakerTimelineLoader(_SortedSpeakerLoader):
    """By the date each was said (`timeline`: statedAt when the article dates it, else the
    publication date), undated last."""

    sort = "timeline"


class AnalystLoaders:
    """This request's loaders of the analyst views (Loaders.analyst)."""

    def __init__(self, store: Store) -> None:
        self.group_by_id = GroupByIdLoader(store)
        self.claims_by_copy_key = ClaimsByCopyKeyLoader(store)
        self.articles_by_story = ArticlesByStoryLoader(store)
        self.claims_by_matter = ClaimsByMatterLoader(store)
        self.claim_count_by_matter = ClaimCountByMatterLoader(store)
        self.claims_by_speaker_by_sources = ClaimsBySpeakerBySourcesLoader(store)
        self.claims_by_speaker_by_matter = ClaimsBySpeakerByMatterLoader(store)
        self.claims_by_speaker_timeline = ClaimsBySpeakerTimelineLoader(store)
        self.claims_by_actor_by_sources = ClaimsBySpeakerBySourcesLoader(store, "actor_ids")
        self.claims_by_actor_by_matter = ClaimsBySpeakerByMatterLoader(store, "actor_ids")


def statements_loaders(
    loaders: AnalystLoaders, order: StatementOrder, by_actor: bool
) -> tuple[_PagedLoader, str]:
    """The paged loader and the connection name of an actor's statements in `order` (not
    PUBLISHED, which the speaker and actor loaders of schema.dataloaders serve); `by_actor` lists
    those its spokespeople made on its behalf as well."""
    if order == StatementOrder.CORROBORATION:
        loader = loaders.claims_by_actor_by_sources if by_actor else loaders.claims_by_speaker_by_sources
        return loader, "Entity.statements:CORROBORATION"
    loader = loaders.claims_by_actor_by_matter if by_actor else loaders.claims_by_speaker_by_matter
    return loader, "Entity.statements:MATTER"
