"""The participle right before a quotation is its cue ('said before adding: "…"'), on sentences
written for these tests."""

from __future__ import annotations

from spacy.language import Language

from loaders.extract.attribution.claims import find_claims


def test_a_quote_after_said_before_adding_is_what_was_added(nlp: Language) -> None:
    text = (
        '"If she gets to pick the judges, nothing you can do, folks," Hale said before adding: '
        '"Though the union people, maybe there is, I do not know."'
    )
    second = next(c for c in find_claims(nlp(text)) if c.text.startswith("Though"))
    assert (second.cue, second.speaker_mention) == ("adding", "Hale")
    assert text[second.cue_start : second.cue_end] == "adding"


def test_a_clause_starting_with_the_participle_starts_at_the_quote(nlp: Language) -> None:
    text = (
        "Ms. Pryor thanked her staff on Twitter, adding "
        '"to all the volunteers who gave their weekends to this campaign: thank you!"'
    )
    added = next(c for c in find_claims(nlp(text)) if "volunteers" in c.text)
    assert added.cue == "adding" and added.text.startswith('"to all the volunteers')
    assert text[added.start : added.end] == added.text


def test_a_participle_of_someone_else_keeps_the_cue(nlp: Language) -> None:
    # "supporters chanting “…”": the chant is what the footage showed, not an act of the speaker.
    text = 'The footage showed his supporters chanting "Hale for mayor, Hale for mayor!" all night.'
    assert all(c.cue != "chanting" for c in find_claims(nlp(text)))


def test_a_reported_clause_ends_where_a_participle_introduces_a_quote(nlp: Language) -> None:
    text = (
        'The mayor answered quickly, with Ms. Pryor tweeting that it was a "disaster" for the council '
        'and asking, "How can anyone with such bad judgment run this town?"'
    )
    by_cue = {c.cue: c for c in find_claims(nlp(text))}
    assert by_cue["tweeting"].text == 'it was a "disaster" for the council'
    asked = by_cue["asking"]
    assert (asked.kind, asked.speaker_mention) == ("DIRECT", "Ms. Pryor")
    assert asked.text == "How can anyone with such bad judgment run this town?"
