"""Issue 10, class 1: what reads like an attribution on a news page but states nothing: headlines
and section labels run into the next paragraph, captions and video labels, questions in a
transcript, idioms and scenes ("God knows", "the fair saw"), schedules nobody holds."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.extract.attribution.claims import find_claims


def said(nlp: Language, text: str) -> list[tuple[str | None, str, str]]:
    return [(c.speaker_mention, c.cue, c.text) for c in find_claims(nlp(text))]


@pytest.mark.parametrize(
    "text",
    [
        "Dam report published\n\nThe county released its review of the Harrow dam on Monday after two years.",
        "The lanes open in May.\nMayor backs bus lanes\nThe council met on Tuesday evening for five hours.",
        "Article Continued Below\nThe council met on Tuesday evening for more than five hours.",
        "Flood hearing: what was said\n\nThe following is an edited record of Tuesday's council hearing.",
    ],
)
def test_a_headline_does_not_speak_the_next_paragraph(nlp: Language, text: str) -> None:
    assert said(nlp, text) == []


def test_a_colon_still_introduces_the_quote_in_the_next_paragraph(nlp: Language) -> None:
    text = 'The minister said:\n\n"We will not close a single school this year, whatever the budget says."'
    found = said(nlp, text)
    assert [(cue, body) for _, cue, body in found] == [
        ("said", "We will not close a single school this year, whatever the budget says.")
    ]


@pytest.mark.parametrize(
    "line",
    [
        "WATCH BELOW: Councillors debate the Harbour Road plan",
        "EARNINGS: Marrow Foods, third quarter results",
        "Photo: Buses queue on Harbour Road during the morning rush",
        "Story continues below advertisement",
    ],
)
def test_labels_and_captions_are_no_speakers(nlp: Language, line: str) -> None:
    text = f"The lanes open in May.\n{line}\nThe work will take four months."
    assert said(nlp, text) == []


def test_a_transcript_question_states_nothing_but_the_answer_does(nlp: Language) -> None:
    text = ("OKAFOR: When did the chlorine levels in the Millbrook zone start falling?\n\n"
            "VOSS: Our operators saw the first low reading on the morning of February 9.")
    assert said(nlp, text) == [
        ("VOSS", ":", "Our operators saw the first low reading on the morning of February 9.")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "God knows how many billions the county has spent on the old levee since 2015.",
        "Last month a street fair saw hundreds of people sporting badges that read Save Our Spaces.",
        "The reservoir's public beach is expected to reopen in 2028 after the repairs.",
        "Construction is expected to start in March and to take about four months.",
    ],
)
def test_idioms_scenes_and_schedules_state_nothing(nlp: Language, text: str) -> None:
    assert said(nlp, text) == []


def test_someone_expected_to_act_is_still_an_expectation(nlp: Language) -> None:
    # News (and PolNeAR) read "X is expected to win" as an unnamed expectation about an actor.
    found = said(nlp, "Senator Ruiz is expected to announce her campaign on Friday.")
    assert [(cue, body) for _, cue, body in found] == [("expected", "to announce her campaign on Friday")]


def test_a_name_taken_in_passing_is_no_statement(nlp: Language) -> None:
    text = ("The parents, who call themselves Keep Eastfield Open, presented their own analysis "
            "to the board on Monday.")
    assert said(nlp, text) == []


def test_what_a_transcript_question_asks_about_is_not_stated(nlp: Language) -> None:
    text = ("OKAFOR: When did Greyfield Water first know that chlorine levels were falling?\n\n"
            "VOSS: Our operators saw the first low reading on the morning of February 9.")
    assert [cue for _, cue, _ in said(nlp, text)] == [":"]


@pytest.mark.parametrize("cue", ["states", "writes", "notes", "argues"])
def test_a_present_tense_cue_read_as_a_noun_still_attributes_the_quote(nlp: Language, cue: str) -> None:
    text = f'"We would not keep water behind this dam if we thought it was unsafe," Sinclair {cue}.'
    assert said(nlp, text) == [
        ("Sinclair", cue, "We would not keep water behind this dam if we thought it was unsafe")
    ]
