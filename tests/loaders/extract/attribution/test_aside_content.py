"""Content of a speech cue the parse left without one: "as" asides and cues set off by commas."""

from __future__ import annotations

from spacy.language import Language

from loaders.extract.attribution.claims import find_claims


def claims(nlp: Language, text: str) -> list[tuple[str | None, str, str]]:
    return [(c.speaker_mention, c.cue, c.text) for c in find_claims(nlp(text))]


def test_an_as_aside_first_attributes_the_clause_after_it(nlp: Language) -> None:
    found = claims(nlp, "As the magazine recently noted, trust in the courts is falling around the world.")
    assert ("the magazine", "noted", "trust in the courts is falling around the world") in found


def test_an_as_aside_last_attributes_the_clause_before_it(nlp: Language) -> None:
    found = claims(nlp, "Trust in the courts is falling around the world, as the magazine noted last week.")
    assert ("the magazine", "noted", "Trust in the courts is falling around the world") in found


def test_a_comparison_with_as_is_no_aside(nlp: Language) -> None:
    assert claims(nlp, "The tower was built as quickly as the engineers had predicted.") == []


def test_as_time_goes_on_is_no_speaker(nlp: Language) -> None:
    assert claims(nlp, "As the evening went on, the crowd in the square grew restless.") == []


def test_a_trailing_cue_attributes_the_sentence_before_its_comma(nlp: Language) -> None:
    text = "The ferry line effectively folded after the 2009 season, the Herald reported in 2012."
    assert claims(nlp, text) == [("the Herald", "reported", text[: text.index(",")])]


def test_a_cue_set_off_by_commas_attributes_the_whole_sentence(nlp: Language) -> None:
    text = "He had no known ties to the group, the company added, and had passed every background check."
    assert claims(nlp, text) == [("the company", "added", text.rstrip("."))]


def test_a_comma_after_an_opening_phrase_makes_no_statement(nlp: Language) -> None:
    assert claims(nlp, "On Monday morning, his sister said.") == []
