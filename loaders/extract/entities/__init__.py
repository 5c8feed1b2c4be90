"""Entities: the people, organisations, places, documents and groups an article names, with their
aliases merged, roles and mentions, in one EntityIndex per article.

    entities.py         find_entities: the stage, merging candidates into entities; the publisher
    entity_mentions.py  candidate mentions: spaCy's entities, cleaned, and what spaCy misses
    entity_index.py     EntityIndex: local keys, names, mentions, lookups by name or span; drafts
                        and their findings; add_findings

This stage alone writes to an article's EntityIndex: find_entities builds it, and add_findings
writes what a later stage (speakers, sources) found on its draft of it, in the order found.
"""
from .entities import find_entities
from .entity_index import EntityFinding, EntityIndex, add_findings

__all__ = ["EntityFinding", "EntityIndex", "add_findings", "find_entities"]
