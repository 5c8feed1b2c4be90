"""Where the content of a cue ends: asides and second statements that close the clause."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.loaders.extract.conftest import read


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Ms. Okafor said she would vote for the senator, who has opposed the treaty for years.",
            "she would vote for the senator",
        ),
        (
            "The council announced it would close the old library, which opened in 1912.",
            "it would close the old library",
        ),
    ],
)
def test_a_relative_clause_set_off_at_the_end_is_no_part_of_the_content(
    nlp: Language, text: str, content: str
) -> None:
    found = read(nlp, text)
    assert any(c == content for _, _, c in found), found


def test_a_relative_clause_inside_a_quotation_stays_in_it(nlp: Language) -> None:
    text = 'The mayor said the plan was "a gift to the developers, who never paid a cent."'
    found = read(nlp, text)
    assert any("who never paid a cent" in c for cue, _, c in found if cue == "said"), found


def test_a_restrictive_relative_clause_stays_in_the_content(nlp: Language) -> None:
    found = read(nlp, "The mayor said the firm that built the bridge would pay for the repairs.")
    assert ("said", "The mayor", "the firm that built the bridge would pay for the repairs") in found


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Most farmers say the new levy is fair, though few of them have paid it yet.",
            "the new levy is fair",
        ),
        (
            "The minister said the reform would pass this spring, despite the opposition of two parties.",
            "the reform would pass this spring",
        ),
    ],
)
def test_a_concession_set_off_at_the_end_is_no_part_of_the_content(
    nlp: Language, text: str, content: str
) -> None:
    found = read(nlp, text)
    assert any(c == content for _, _, c in found), found


def test_a_concession_inside_a_quotation_stays_in_it(nlp: Language) -> None:
    text = 'The coach said it was "a fair result, though we played badly."'
    found = read(nlp, text)
    assert any("though we played badly" in c for cue, _, c in found if cue == "said"), found


def test_a_second_participle_cue_coordinated_into_the_content_is_its_own_statement(nlp: Language) -> None:
    text = (
        "The mayor closed the hearing, noting that the budget had passed "
        "and thanking the staff for their work."
    )
    found = read(nlp, text)
    assert ("noting", "The mayor", "the budget had passed") in found, found
    assert any(cue == "thanking" for cue, _, _ in found), found


def test_a_finite_verb_coordinated_into_the_content_stays_in_it(nlp: Language) -> None:
    found = read(nlp, "The farmer said she was tired of the drought and wanted a new well.")
    assert ("said", "The farmer", "she was tired of the drought and wanted a new well") in found, found


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The senator said she would back the plan -- a proposal that has split her party for a decade.",
            "she would back the plan",
        ),
        (
            "The union announced it had reached a deal with the city \u2014 a three-year contract.",
            "it had reached a deal with the city",
        ),
    ],
)
def test_an_apposition_set_off_by_a_dash_at_the_end_is_no_part_of_the_content(
    nlp: Language, text: str, content: str
) -> None:
    found = read(nlp, text)
    assert any(c == content for _, _, c in found), found


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The organizers said the rally drew thousands of people, filling the square until late at night.",
            "the rally drew thousands of people",
        ),
        (
            "The mayor announced that the bridge would reopen in May, ending two years of detours.",
            "the bridge would reopen in May",
        ),
    ],
)
def test_a_participle_phrase_set_off_at_the_end_is_no_part_of_the_content(
    nlp: Language, text: str, content: str
) -> None:
    found = read(nlp, text)
    assert any(c == content for _, _, c in found), found
