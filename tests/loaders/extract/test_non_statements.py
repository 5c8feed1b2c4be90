"""Verbs that read like cues but state nothing of their own (non_statements.py)."""

from __future__ import annotations

from spacy.language import Language

from tests.loaders.extract.conftest import read


def test_an_infinitive_modifying_a_noun_states_nothing(nlp: Language) -> None:
    # An opportunity, a plan or a ground for something, not a saying by anyone.
    for text in (
        "The governor has no plans to endorse a candidate before the primary.",
        "The council missed its last chance to defend the new budget.",
        "There is good reason to believe the factory will reopen next year.",
    ):
        assert read(nlp, text) == [], text


def test_an_infinitive_modifying_a_noun_still_reports_a_clause(nlp: Language) -> None:
    # "a chance to say that ...": what would be said is spelled out, and it is a statement.
    found = read(nlp, "The mayor took the opportunity to say that the bridge was safe.")
    assert any("the bridge was safe" in content for _, _, content in found)
