"""The relation lexicon (lexicons/relations_words.json): the words by which one statement refers
to, denies or confirms another. The relations stage reads its stances and references by them, and
the attribution stage the stance a speaker restates with a saying ("denied the report, saying …").
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class RelationWords:
    """lexicons/relations_words.json."""

    reference_nouns: frozenset[str]
    anaphoric_objects: frozenset[str]
    agreeing_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    false_words: frozenset[str]
    confirming_verbs: frozenset[str]


@functools.cache
def relation_words() -> RelationWords:
    path = resources.files("loaders").joinpath("lexicons", "relations_words.json")
    raw = json.loads(path.read_text("utf-8"))
    return RelationWords(*(frozenset(raw[f]) for f in RelationWords.__dataclass_fields__))


__all__ = ["RelationWords", "relation_words"]
