"""A poll speaks for its respondents: its findings are attributed to it ("In a poll ...", "..., according
to a survey"), not to the respondents it counts nor passed on as someone else's statement."""

from __future__ import annotations

from spacy.language import Language

from loaders.extract.attribution.claims import find_claims


def claims(nlp: Language, text: str) -> list[tuple[str | None, str, str]]:
    return [(c.speaker_mention, c.cue, c.text) for c in find_claims(nlp(text))]


def test_in_a_poll_sources_the_clause(nlp: Language) -> None:
    text = "In a Marist poll released Tuesday, the mayor led the governor 48 percent to 41 percent."
    finding = "the mayor led the governor 48 percent to 41 percent"
    assert ("a Marist poll released Tuesday", "In", finding) in claims(nlp, text)


def test_respondents_saying_in_a_poll_are_the_polls_finding(nlp: Language) -> None:
    found = claims(nlp, "In a new survey, 60 percent of farmers said they oppose the tariff.")
    assert [(s, c) for s, c, _ in found] == [("a new survey", "In")]


def test_a_lead_in_the_polls_is_the_polls_finding(nlp: Language) -> None:
    found = claims(nlp, "The mayor has a big lead in the polls.")
    assert [(s, c) for s, c, _ in found] == [("the polls", "in")]


def test_a_poll_inside_someones_statement_stays_theirs(nlp: Language) -> None:
    found = claims(nlp, "The mayor said she leads in the polls.")
    assert [(s, c) for s, c, _ in found] == [("The mayor", "said")]


def test_a_rise_in_the_polls_states_nothing(nlp: Language) -> None:
    assert not [c for c in claims(nlp, "His rise in the polls worried the governor.") if c[1] == "in"]


def test_according_to_a_poll_keeps_the_poll_as_source(nlp: Language) -> None:
    # "according to" an outlet relays the statement inside; a poll relays no one.
    found = claims(nlp, "Most farmers say they oppose the tariff, according to a new survey.")
    assert [(s, c) for s, c, _ in found] == [("a new survey", "according to")]


def test_a_trailing_poll_sources_its_clause_from_the_subject(nlp: Language) -> None:
    # Not the fronted time phrase, nor the contrast clause after the poll.
    text = "Last spring, the mayor held a wide lead among farmers in a county poll, although the rest gained."
    found = [(s, c, t) for s, c, t in claims(nlp, text) if c == "in"]
    assert found == [("a county poll", "in", "the mayor held a wide lead among farmers")]


def test_a_fronted_poll_leaves_its_time_words_out(nlp: Language) -> None:
    found = claims(nlp, "In a county poll last month, the mayor led the governor by nine points.")
    assert [t for _, c, t in found if c == "In"] == ["the mayor led the governor by nine points"]


def test_a_poll_holding_its_respondents_saying_survives_a_two_way_nesting(nlp: Language) -> None:
    # The parser hangs "according to" inside the said-clause, so each claim holds the other's cue.
    found = claims(nlp, "Most farmers said that the tariff hurts them, according to a county survey.")
    assert [(s, c) for s, c, _ in found] == [("a county survey", "according to")]


def test_respondents_saying_before_a_trailing_poll_are_its_finding(nlp: Language) -> None:
    # The parser hangs "in a county poll" inside what they said, not on "said".
    text = "Sixty percent of farmers said they opposed the tariff in a county poll last month."
    found = [(s, c, t) for s, c, t in claims(nlp, text)]
    assert found == [("a county poll", "in", "Sixty percent of farmers said they opposed the tariff")]


def test_a_fronted_poll_lists_its_findings_over_a_semicolon(nlp: Language) -> None:
    text = "In a county poll released Monday, 8 percent said they would move; 3 percent said they would sell."
    assert [(s, c) for s, c, _ in claims(nlp, text)] == [("a county poll released Monday", "In")]


def test_a_poll_that_puts_someone_somewhere_finds_it(nlp: Language) -> None:
    found = claims(nlp, "A new county poll puts the mayor at 40 percent among likely voters.")
    assert found == [("A new county poll", "puts", "the mayor at 40 percent among likely voters")]


def test_a_poll_with_a_bare_object_finds_nothing(nlp: Language) -> None:
    assert claims(nlp, "The county poll has a margin of error of three points.") == []
