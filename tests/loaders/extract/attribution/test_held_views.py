"""A held view as a phrase: "In X's view, C" / "C, in my opinion" says X holds C, with the phrase as
its cue; a verb's own "in" ("believed in her judgment") or a holderless "in this view" is none."""

from __future__ import annotations

from spacy.language import Language

from loaders.extract.attribution.claims import find_claims


def claims(nlp: Language, text: str) -> list[tuple[str | None, str, str]]:
    return [(c.speaker_mention, c.cue, c.text) for c in find_claims(nlp(text))]


def test_a_fronted_view_is_its_holders(nlp: Language) -> None:
    text = "In Marsh's view, the new bridge will draw more traffic to the old town."
    held = "the new bridge will draw more traffic to the old town"
    assert claims(nlp, text) == [("Marsh's", "In Marsh's view", held)]


def test_a_trailing_opinion_is_its_holders(nlp: Language) -> None:
    text = "The harbor plan is far too costly for a town this size, in my opinion."
    held = "The harbor plan is far too costly for a town this size"
    assert claims(nlp, text) == [("my", "in my opinion", held)]


def test_the_eyes_of_a_group_hold_the_view(nlp: Language) -> None:
    found = claims(nlp, "In the eyes of many farmers, the canal was a waste of money.")
    assert [(s, c) for s, c, _ in found] == [("many farmers", "In the eyes")]


def test_a_view_without_a_holder_states_nothing(nlp: Language) -> None:
    assert claims(nlp, "In this view, the canal was a waste of money.") == []


def test_a_verbs_own_in_is_no_view(nlp: Language) -> None:
    found = claims(nlp, "The voters of the county clearly believed in her judgment.")
    assert not [c for _, c, _ in found if "judgment" in c]


def test_a_view_inside_a_side_clause_is_not_the_sentences(nlp: Language) -> None:
    text = "The council backed the canal, which in his view had cost the town too much."
    assert not [c for _, c, _ in claims(nlp, text) if "view" in c]
