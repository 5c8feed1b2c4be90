"""What the write-path groupings compare and record of a claim (loaders.corroboration for
statement groups, loaders.matters for matters): its content terms as the extraction stored them
(`terms`, loaders.extract.terms.content_terms), seen once per claim and run as a TermView, and
its place in load order, so that both groupings pick "the earliest" the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .inference import predicate_stems  # the same matter as inference sees it

MAX_WORDS = 12  # words a claim keeps as the reason for its grouping (`same_words`, `matter_words`)

_DIGIT = re.compile(r"\d")


def claim_terms(doc: Mapping[str, Any]) -> list[str]:
    """A claim document's content terms, in order (none when `terms` is missing or not a list)."""
    terms = doc.get("terms")
    return [t for t in terms if isinstance(t, str)] if isinstance(terms, list) else []


@dataclass(frozen=True)
class TermView:
    """What grouping compares of a claim, computed once per claim and run."""

    terms: tuple[str, ...]  # content terms, in order
    term_set: frozenset[str]
    numbers: frozenset[str]  # the terms holding a digit
    matter: tuple[str, ...]  # the terms that say what it is about (no antonym-lexicon words)
    matter_set: frozenset[str]

    @classmethod
    def of(cls, doc: Mapping[str, Any]) -> TermView:
        terms = tuple(claim_terms(doc))
        stance = predicate_stems()
        matter = tuple(t for t in terms if t not in stance)
        return cls(
            terms=terms,
            term_set=frozenset(terms),
            numbers=frozenset(t for t in terms if _DIGIT.search(t)),
            matter=matter,
            matter_set=frozenset(matter),
        )


def claim_position(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Where a claim stands in load order, as a group records its members (`first`, evidence)."""
    return {"claim_id": doc["_id"], "article_id": doc["article_id"], "order": doc["order"]}


def is_earlier(a: Mapping[str, Any] | None, b: Mapping[str, Any]) -> bool:
    """Whether position `b` comes before position `a` (always, when there is no `a` yet)."""
    return a is None or (b["order"], b["claim_id"]) < (a["order"], a["claim_id"])


__all__ = ["MAX_WORDS", "TermView", "claim_position", "claim_terms", "is_earlier"]
