"""Sources: the outlets and documents that stand behind each claim.

    citations.py  where the article cites an outlet or a document ("Al Arabiya reported")
    sources.py    which claims each citation backs, and its entity
"""
from .sources import attach_sources

__all__ = ["attach_sources"]
