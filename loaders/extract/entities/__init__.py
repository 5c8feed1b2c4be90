"""Entities: the people, organisations, places, documents and groups an article names, with their
aliases merged, roles and mentions, in one EntityIndex per article.

    entities.py         find_entities: the stage, merging candidates into entities; the publisher
    entity_mentions.py  candidate mentions: spaCy's entities, cleaned, and what spaCy misses
    entity_index.py     EntityIndex: local keys, names, mentions, lookups by name or span
"""
from .entities import find_entities
from .entity_index import EntityIndex

__all__ = ["EntityIndex", "find_entities"]
