"""Subjects the parse lost (lost_subjects.py): a finite cue the small model left with no subject,
its subject hung on an aside or a phrase before it."""

from __future__ import annotations

from spacy.language import Language

from .test_speaker_mentions import speakers


def test_a_subject_hung_on_its_relative_clause_before_the_cue_is_the_speaker(nlp: Language) -> None:
    # "who like others ..." is read as a clause of its own with "resident" its subject, and that
    # clause as what "said" reports: the noun opening the sentence is still who said it.
    text = (
        "One resident, who like others spoke on condition of anonymity to avoid reprisals, "
        "said the council was hiding the report."
    )
    assert speakers(nlp, text)["said"] == "One resident"
    text = (
        "The senator, who like most of her colleagues declined to comment on the record, "
        "told reporters the bill was dead."
    )
    assert speakers(nlp, text)["told reporters"] == "The senator"


def test_a_clause_with_its_own_conjunction_before_the_cue_lends_no_subject(nlp: Language) -> None:
    # "Although turnout was low, ...": a subordinate clause of its own, not the cue's subject.
    text = "Although turnout was low in the valley, predicted a close race for the seat."
    assert all(s != "turnout" for s in speakers(nlp, text).values())


def test_a_subject_read_as_an_apposition_in_the_opening_phrase_is_the_speaker(nlp: Language) -> None:
    # "with radio hosts Ann Lee and Bo Park, the former governor": the parser takes the subject
    # for one more apposition to the hosts and leaves "stated" with no subject and no comma before
    # it; the phrase set off right before the cue is who stated it.
    text = (
        "In an interview with radio hosts Ann Lee and Bo Park, the former governor stated that "
        "the tax plan would not pass."
    )
    assert speakers(nlp, text)["stated"] == "the former governor"


def test_a_past_tense_read_as_a_participle_on_an_of_phrase_takes_the_phrase_head(nlp: Language) -> None:
    # "a Herald analysis of county data identified $40 million": the tagger reads "identified" as
    # a participle on "data"; one that takes an object is no passive, and the analysis identified
    # it. "But" opening the sentence is no part of the mention.
    text = "But a Herald analysis of county data identified at least $40 million in spending on consultants."
    assert speakers(nlp, text)["identified"] == "a Herald analysis of county data"
