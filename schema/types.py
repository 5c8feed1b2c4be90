"""The node types of the public contract (../shared/contract.graphql), one module each: Node
(schema.node), Entity (schema.entity_type), Article (schema.article_type), Claim
(schema.claim_type); this module gathers them and hands them to the relationship table
(`register_nodes`), and every other module names them lazily through it. The value types (Span,
Source, ClaimRelation, RelationReview) are in schema.values, the connections in schema.connections.
A node type makes another from its document through `relationships.node_of`, so that none of
the three imports another.

Data fields are plain attributes filled by `from_doc` from a store document: no resolver runs for
them, since per-field resolvers dominate the cost of large responses. Only relationship fields
(speaker, article, contradicts, statements, ...) have resolvers, and every one of them goes
through this request's DataLoaders (`info.context.loaders`), so a level of a nested query costs
one store operation however many objects it spans.

Connections and look-ups prefetch what their selection asks for below them (schema.prefetch), so
the relationship resolvers of list items are plain functions: they return the object when its
document is already loaded (`ready`) and only otherwise an awaitable of the load. graphql-core
completes plain values without a task per item, which is most of the cost of a large response.
The plain relationship fields (speaker, article, mentions, contradictedBy, ...) are declared once
in schema.relationships, and both their resolvers (`relationship_field`) and the prefetch are
derived from that table.
"""

from __future__ import annotations

from schema.article_type import Article
from schema.claim_type import Claim
from schema.entity_type import Entity
from schema.node import Node as Node  # read from here by the schema's other modules
from schema.relationships import register_nodes

register_nodes(Entity, Article, Claim)
