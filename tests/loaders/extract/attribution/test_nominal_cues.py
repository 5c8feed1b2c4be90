"""A noun that names someone's statement or decision, with its holder: "her vow to cut taxes"."""

from __future__ import annotations

from spacy.language import Language

from loaders.extract.attribution.claims import find_claims


def claims(nlp: Language, text: str) -> list[tuple[str | None, str, str]]:
    return [(c.speaker_mention, c.cue, c.text) for c in find_claims(nlp(text))]


def test_an_infinitive_after_a_vow_is_what_was_vowed(nlp: Language) -> None:
    assert ("Her", "vow", "to cut taxes") in claims(nlp, "Her vow to cut taxes drew cheers.")


def test_a_decision_not_to_act_keeps_its_negation(nlp: Language) -> None:
    found = claims(nlp, "The governor's decision not to veto the budget angered the unions.")
    assert ("The governor's", "decision", "not to veto the budget") in found


def test_an_infinitive_after_other_nouns_is_no_statement(nlp: Language) -> None:
    # "his attack" is a cue with an object ("his attack on X"), but an infinitive after it is a purpose.
    assert claims(nlp, "His attack to win the ward failed.") == []


def test_an_organisations_plan_is_a_scheme_not_a_statement(nlp: Language) -> None:
    assert claims(nlp, "The agency's plan to close the budget gap relies on higher fares.") == []


def test_plural_doubts_without_a_holder_are_statements_of_nobody_named(nlp: Language) -> None:
    found = claims(nlp, "The mayor faced questions about the missing funds.")
    assert (None, "questions", "the missing funds") in found
    found = claims(nlp, "Despite complaints that the route was too slow, the council kept it.")
    assert (None, "complaints", "the route was too slow") in found


def test_a_singular_noun_without_a_holder_stays_no_statement(nlp: Language) -> None:
    assert claims(nlp, "The question of the missing funds came up again.") == []


def test_questions_someone_asked_are_the_askers_statement(nlp: Language) -> None:
    found = claims(nlp, "Several readers asked questions about the missing funds.")
    assert [cue for _, cue, _ in found if cue == "questions"] == []
