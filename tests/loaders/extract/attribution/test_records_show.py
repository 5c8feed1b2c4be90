"""Records that show: "C, tax records show." is what the records show, with them as its source, though
the parser reads the final "show" as a noun or leaves it without a subject; a TV show is none."""

from __future__ import annotations

from spacy.language import Language

from loaders.extract.attribution.claims import find_claims


def claims(nlp: Language, text: str) -> list[tuple[str | None, str, str]]:
    return [(c.speaker_mention, c.cue, c.text) for c in find_claims(nlp(text))]


def test_trailing_records_show_source_the_clause(nlp: Language) -> None:
    # The parser reads "show" as a noun here; the agreeing is part of what the records show.
    found = claims(nlp, "He agreed to sell it to Mr. Trump in 2010, records show.")
    assert found == [("records", "show", "He agreed to sell it to Mr. Trump in 2010")]


def test_records_as_a_compound_of_show_are_still_its_source(nlp: Language) -> None:
    found = claims(nlp, "The mayor sold the house in 2010, the data show.")
    assert found == [("the data", "show", "The mayor sold the house in 2010")]


def test_records_set_off_inside_the_sentence(nlp: Language) -> None:
    found = claims(nlp, "Over the same months, court records show, the jet has flown roughly 216 hours.")
    assert found == [("court records", "show", "the jet has flown roughly 216 hours")]


def test_a_television_show_shows_nothing(nlp: Language) -> None:
    found = claims(nlp, "The senator spoke about the budget on a morning talk show.")
    assert not [c for _, c, _ in found if c == "show"]


def test_a_poll_set_off_after_its_finding_finds_it(nlp: Language) -> None:
    # The parser leaves "finds" without content (its clause hangs on "back"); the layout gives it.
    found = claims(nlp, "Most voters back the new stadium, a county poll finds, a boost for the mayor.")
    polls = [(s, t) for s, c, t in found if c == "finds"]
    assert [s for s, _ in polls] == ["a county poll"]
    assert polls[0][1].startswith("Most voters back the new stadium")
