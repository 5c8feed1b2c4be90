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


def test_the_deed_a_cue_blames_is_no_statement_of_its_own(nlp: Language) -> None:
    # "criticized X for seeking Y": the criticism is the statement; the seeking is what it blames.
    text = (
        "That stance is no anomaly for Harlow, who criticized fellow senators in 2019 "
        "for seeking a higher fuel tax."
    )
    assert [cue for cue, _, _ in read(nlp, text)] == ["criticized"]


def test_a_deed_judged_by_no_cue_still_reads_as_before(nlp: Language) -> None:
    # "fired for promoting ...": nothing we read judges it, so the gerund's own reading stands.
    found = read(nlp, "The coach was fired for promoting a rival club online.")
    assert [cue for cue, _, _ in found] == ["promoting"]
