"""Cues made of a verb and its preposition ("agreed with X", "warned against X"): what the
preposition governs is what was said."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.extract.attribution.claims import find_claims
from tests.loaders.extract.conftest import read


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        ("The harbour master agreed with the ferry crew's assessment.", "agreed with", "The harbour master",
         "the ferry crew's assessment"),
        ("The mayor warned against cutting the library budget.", "warned against", "The mayor",
         "cutting the library budget"),
        ("Two councillors cautioned against reading too much into the poll.", "cautioned against",
         "Two councillors", "reading too much into the poll"),
        ("The tenants' union pushed for a rent freeze.", "pushed for", "The tenants' union", "a rent freeze"),
        ("The coach vouched for the young goalkeeper.", "vouched for", "The coach", "the young goalkeeper"),
        ("The vicar alluded to the quarrel over the bells.", "alluded to", "The vicar",
         "the quarrel over the bells"),
        ("The chairwoman hinted at a second vote.", "hinted at", "The chairwoman", "a second vote"),
        ("The senator stood by her remarks on the tunnel.", "stood by", "The senator",
         "her remarks on the tunnel"),
        ("The nurses' union campaigned for safer staffing.", "campaigned for", "The nurses' union",
         "safer staffing"),
    ],
)
def test_the_object_of_a_phrase_cues_preposition_is_what_was_said(
    nlp: Language, text: str, cue: str, speaker: str, content: str
) -> None:
    assert (cue, speaker, content) in read(nlp, text)


def test_an_adverb_between_the_cue_and_its_preposition(nlp: Language) -> None:
    # "spoke highly of X": the adverb belongs to the saying, the preposition's object is its topic.
    found = read(nlp, "The old headmaster spoke highly of the new science wing.")
    assert ("spoke highly of", "The old headmaster", "the new science wing") in found


def test_an_object_between_the_cue_and_its_preposition_is_no_phrase_content(nlp: Language) -> None:
    # "argued the point with the board": the board is who was argued with, not what was said.
    found = read(nlp, "The treasurer argued the point with the board.")
    assert not any(content == "the board" for _, _, content in found)


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The senator lashed out at the governor on Tuesday.", "lashed out at", "the governor"),
        ("Unions took issue with the plan.", "took issue with", "the plan"),
        ("The mayor spoke out against the closures.", "spoke out against", "the closures"),
    ],
)
def test_three_word_phrase_cues(nlp: Language, text: str, cue: str, content: str) -> None:
    # A particle or the phrase's own noun, then the preposition: the object of the preposition is
    # what was said, never the noun ("issue with the plan").
    found = [(c.cue, c.text) for c in find_claims(nlp(text))]
    assert (cue, content) in found, found


def test_what_something_is_known_as_is_a_claim_of_nobody_named(nlp: Language) -> None:
    # "known as" passes on a name or a reputation; PolNeAR attributes it, with an empty source.
    doc = nlp("Okafor is known as a tough negotiator.")
    found = [(c.speaker_mention, c.cue, c.text) for c in find_claims(doc)]
    assert (None, "known as", "a tough negotiator") in found
