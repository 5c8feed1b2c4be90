"""Sources: the outlets and documents that stand behind each claim.

    citations.py  where the article cites an outlet or a document ("Al Arabiya reported")
    sources.py    find_sources: which claims each citation backs, and its entity

find_sources returns each claim's sources and the entities it found for them on its draft of the
index (`CitedSources`); it changes neither the claims nor the article's EntityIndex.
"""
from .sources import CitedSources, find_sources

__all__ = ["CitedSources", "find_sources"]
