"""This request's DataLoaders, by relationship: those of schema.dataloaders and of the analyst
views (schema.analyst_loaders, reached as `loaders.analyst`). Created afresh for each request
(schema.context.make_context), so their caches never serve one request's documents to another.
"""

from __future__ import annotations

from schema.analyst_loaders import AnalystLoaders
from schema.dataloaders import (
    ArticleByIdLoader,
    ClaimByIdLoader,
    ClaimCountByActorLoader,
    ClaimCountByArticleLoader,
    ClaimCountByMentionLoader,
    ClaimCountBySpeakerLoader,
    ClaimsByActorLoader,
    ClaimsByArticleLoader,
    ClaimsByMentionLoader,
    ClaimsBySpeakerLoader,
    EntityByIdLoader,
    RejectedRelationsFromClaimLoader,
    RejectedRelationsToClaimLoader,
    RelationCountFromClaimLoader,
    RelationCountToClaimLoader,
    RelationsByClaimLoader,
    RelationsFromClaimLoader,
    RelationsFromClaimPagedLoader,
    RelationsToClaimLoader,
    RelationsToClaimPagedLoader,
    ReviewsByRelationLoader,
)
from store.base import Store


class Loaders:
    """This request's DataLoaders, by relationship."""

    def __init__(self, store: Store) -> None:
        self.article_by_id = ArticleByIdLoader(store)
        self.claim_by_id = ClaimByIdLoader(store)
        self.entity_by_id = EntityByIdLoader(store)
        self.claims_by_speaker = ClaimsBySpeakerLoader(store)
        self.claims_by_mention = ClaimsByMentionLoader(store)
        self.claims_by_article = ClaimsByArticleLoader(store)
        self.claim_count_by_speaker = ClaimCountBySpeakerLoader(store)
        self.claims_by_actor = ClaimsByActorLoader(store)
        self.claim_count_by_actor = ClaimCountByActorLoader(store)
        self.claim_count_by_mention = ClaimCountByMentionLoader(store)
        self.claim_count_by_article = ClaimCountByArticleLoader(store)
        self.relations_from_claim = RelationsFromClaimLoader(store)
        self.relations_to_claim = RelationsToClaimLoader(store)
        self.relations_by_claim = RelationsByClaimLoader(self.relations_from_claim, self.relations_to_claim)
        self.rejected_relations_by_claim = RelationsByClaimLoader(
            RejectedRelationsFromClaimLoader(store), RejectedRelationsToClaimLoader(store)
        )
        self.relation_pages_to_claim = RelationsToClaimPagedLoader(store)
        self.relation_pages_from_claim = RelationsFromClaimPagedLoader(store)
        self.relation_count_to_claim = RelationCountToClaimLoader(store)
        self.relation_count_from_claim = RelationCountFromClaimLoader(store)
        self.reviews_by_relation = ReviewsByRelationLoader(store)
        self.analyst = AnalystLoaders(store)
