"""Attributions read off the parse: speakers found through participles, relative clauses, 'said X'."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.extract.attribution.claims import find_claims
from tests.loaders.extract.conftest import read


def test_participle_borrows_the_subject_of_its_verb(nlp: Language) -> None:
    found = read(nlp, "The agency answered the report, saying the figures were out of date.")
    assert ("saying", "The agency", "the figures were out of date") in found


def test_a_stance_with_its_reason_is_one_statement_the_reason(nlp: Language) -> None:
    # "rejected the report, saying ...": what the agency holds is the saying; the rejection of
    # the report is its relation (relations.py), not a second statement.
    # The statement keeps the stance as its cue, so that a filter on rejections finds it; the
    # participle that introduced the content is its content_cue.
    found = find_claims(nlp("The agency rejected the report, saying the figures were out of date."))
    assert [(c.cue, c.content_cue, c.text) for c in found] == [
        ("rejected", "saying", "the figures were out of date")
    ]


def test_a_stance_standing_alone_is_a_statement(nlp: Language) -> None:
    # The adverb says when, not what: the cue is the act, so `cue: "confirmed"` finds it.
    found = read(nlp, "The minister later confirmed Okafor's account.")
    assert ("confirmed", "The minister", "Okafor's account") in found


def test_a_stance_and_a_second_saying_stay_two_statements(nlp: Language) -> None:
    text = 'The mayor accused the firm of "treating the town like a ledger" and said he had called the state.'
    found = read(nlp, text)
    cues = [cue for cue, _, _ in found]
    assert "accused" in cues and "said" in cues


@pytest.mark.parametrize(
    "text",
    [
        "The regulator declined to say when the meeting would take place.",
        "A spokesman for the firm declined to comment.",
        "The company refused to discuss the settlement.",
        "The ministry did not respond to requests for comment on Tuesday.",
        "Brekke would not say whether he would support the plan.",
    ],
)
def test_a_non_answer_states_nothing(nlp: Language, text: str) -> None:
    # Nor does what the speaker declined to say ("... whether he would support the plan").
    assert read(nlp, text) == []


def test_a_negated_saying_with_a_that_clause_still_reports(nlp: Language) -> None:
    found = read(nlp, "The coach did not say that the team would forfeit.")
    assert any(content == "the team would forfeit" for _, _, content in found)


def test_a_topic_object_is_not_a_claim(nlp: Language) -> None:
    assert read(nlp, "Officials disclosed information about the contracts on Monday.") == []
    found = read(nlp, "Officials disclosed that the contracts had been signed in March.")
    assert any("contracts had been signed" in content for _, _, content in found)


def test_relative_clause_speaker_runs_from_the_antecedent_to_the_pronoun(nlp: Language) -> None:
    found = read(nlp, "The plan was opposed by Maria Lopez, who said it would flood the market.")
    assert ("said", "Maria Lopez, who", "it would flood the market") in found


def test_passive_hearsay_has_no_statement(nlp: Language) -> None:
    assert read(nlp, "The colonel was said to be close to the president.") == []


def test_a_name_that_looks_like_a_verb_is_not_a_cue(nlp: Language) -> None:
    found = read(nlp, "Said Karimi, the chief engineer, said the tunnel was safe.")
    assert [(cue, content) for cue, _, content in found] == [("said", "the tunnel was safe")]


def test_addressee_is_part_of_the_cue_not_the_content(nlp: Language) -> None:
    found = read(nlp, "The mayor told reporters the pool would open in June.")
    assert found == [("told reporters", "The mayor", "the pool would open in June")]


def test_opening_subject_hung_on_an_aside_is_still_the_speaker(nlp: Language) -> None:
    found = read(nlp, "Said Karimi, now retired, said the tunnel was never safe.")
    # Whether the first name survives depends on how the tagger reads "Said"; the surname must.
    assert [cue for cue, _, _ in found] == ["said"]
    assert found[0][1] is not None and found[0][1].endswith("Karimi")


def test_a_bracketed_acronym_stays_closed_in_the_mention(nlp: Language) -> None:
    found = read(
        nlp, "A former officer of the Northern Rail Board (NRB) revealed that the audit was skipped."
    )
    assert found[0][1] == "A former officer of the Northern Rail Board (NRB)"


def test_seem_has_no_speaker_and_its_subject_is_content(nlp: Language) -> None:
    found = read(nlp, "The mayor seemed to lose patience with the board.")
    assert found == [("seemed", None, "The mayor seemed to lose patience with the board")]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The inspectors said the crews had been ordered to keep the valves shut until after the audit.",
            "said",
            "the crews had been ordered to keep the valves shut until after the audit",
        ),
        (
            "Records kept by the harbour office show 212 of the moorings let, with another 40 on hold.",
            "show",
            "212 of the moorings let, with another 40 on hold",
        ),
    ],
)
def test_a_modifier_hung_on_the_cue_after_the_content_goes_with_the_content(
    nlp: Language, text: str, cue: str, content: str
) -> None:
    assert any(c == cue and body == content for c, _, body in read(nlp, text)), read(nlp, text)


def test_a_complement_split_from_its_subject_joins_the_content(nlp: Language) -> None:
    found = read(
        nlp,
        "Two engineers disputed the survey, saying the soil samples sent to an outside lab show far "
        "less clay.",
    )
    assert any(
        c == "disputed" and body == "the soil samples sent to an outside lab show far less clay"
        for c, _, body in found
    ), found


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "Ferry to stop for winter repairs\n\nBRILL \u2014 The harbour ferry, which carries about 600 "
            "passengers a day, will stop running on March 3 for at least six weeks, port officials "
            "announced on Monday.",
            "announced",
            "The harbour ferry, which carries about 600 passengers a day, will stop running on March 3 "
            "for at least six weeks",
        ),
        (
            "Tollan to lose its last bank branch\n\nTOLLAN \u2014 The last bank branch in Tollan will close "
            "at the end of June, the Westmere Savings Bank said on Friday.",
            "said",
            "The last bank branch in Tollan will close at the end of June",
        ),
    ],
)
def test_a_headline_run_into_the_lead_stays_out_of_the_content(
    nlp: Language, text: str, cue: str, content: str
) -> None:
    assert any(c == cue and body == content for c, _, body in read(nlp, text)), read(nlp, text)


def test_a_time_clause_with_another_speakers_statement_ends_the_content(nlp: Language) -> None:
    found = read(
        nlp,
        "Kestrel United on Monday denied that defender Ola Brandvik had been offered to other clubs, "
        "hours after the player's agent said talks with three rivals were well advanced.",
    )
    assert any(c == "denied" and body.endswith("offered to other clubs") for c, _, body in found), found
    assert any(c == "said" and body == "talks with three rivals were well advanced" for c, _, body in found)


def test_a_contrast_or_an_untimed_clause_stays_in_the_content(nlp: Language) -> None:
    found = read(nlp, "The mayor said she had not seen the report before it was shown to her by a reporter.")
    assert (
        "said",
        "The mayor",
        "she had not seen the report before it was shown to her by a reporter",
    ) in found


def test_a_speaker_stays_in_the_paragraph_of_its_cue(nlp: Language) -> None:
    found = read(
        nlp,
        "Tram plan faces new doubts\n\nTransport minister Ines Vok said on Monday that the tram line "
        "would open in May.",
    )
    assert [(cue, speaker) for cue, speaker, _ in found] == [("said", "Transport minister Ines Vok")], found


def test_a_raising_verb_over_a_speech_cue_gives_the_subject_its_voice(nlp: Language) -> None:
    # "appear to support": the memos are the speaker of the support, not a judgement of nobody's.
    found = read(nlp, "Memos obtained by the Valley Post appear to support her account.")
    assert [(cue, speaker) for cue, speaker, _ in found] == [("support", "Memos")]


def test_a_raising_verb_over_a_state_of_mind_stays_the_writers(nlp: Language) -> None:
    found = read(nlp, "The coach seems to believe the season is already lost.")
    assert ("seems", None, "The coach seems to believe the season is already lost") in found


@pytest.mark.parametrize(
    "text",
    [
        "The mayor maintained a wide lead in the race all summer.",  # kept up, not asserted
        "Her firm advised the harbour board for a decade.",  # the one advised, not the advice
        "He read a local newspaper on the train every morning.",  # reading, not reading out
        "The rally demonstrated his talent for drawing crowds.",
        "The drought threatened the harvest across the valley.",
    ],
)
def test_a_noun_object_of_a_verb_with_a_non_speech_sense_is_no_content(nlp: Language, text: str) -> None:
    assert [c for c in read(nlp, text) if c[2]] == []


def test_the_same_verbs_still_report_a_clause(nlp: Language) -> None:
    found = read(nlp, "The mayor maintained that the vote had been fair.")
    assert ("maintained", "The mayor", "the vote had been fair") in found


def test_an_indirect_question_after_its_addressee_is_what_was_asked(nlp: Language) -> None:
    # The parser hangs "if ..." on the cue as an adverbial clause; after "asked" it is the question.
    found = read(nlp, "Then Ms. Halvorsen asked the pupils if they were always so quiet.")
    assert ("asked", "Ms. Halvorsen", "if they were always so quiet") in found


def test_asked_about_a_topic(nlp: Language) -> None:
    found = read(nlp, "The host asked the mayor about the repairs she had promised last winter.")
    assert ("asked", "The host", "about the repairs she had promised last winter") in found


def test_asked_about_with_no_asker_names_only_a_topic(nlp: Language) -> None:
    found = read(nlp, "Asked about the merger, Lund said the board had approved it.")
    assert [cue for cue, _, _ in found] == ["said"]


def test_a_passive_participle_does_not_borrow_the_subject_it_hangs_on(nlp: Language) -> None:
    # Lund is the one asked, not the asker; the saying that follows is Lund's own.
    found = read(nlp, "Asked whether the pier was safe, Lund said the board had approved the repairs.")
    assert ("Asked", None, "whether the pier was safe") in found
    assert ("said", "Lund", "the board had approved the repairs") in found


def test_an_active_perfect_participle_still_borrows_its_subject(nlp: Language) -> None:
    found = read(nlp, "Having told the council that the pier was safe, Berg said the repairs could wait.")
    assert any(cue == "told" and speaker == "Berg" for cue, speaker, _ in found), found


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        ("The pier closed after what inspectors called a structural failure.", "called", "inspectors",
         "a structural failure"),
        ('The council sold the lighthouse, which Berg described as "a piece of history."', "described",
         "Berg", 'as "a piece of history'),
    ],
)
def test_a_relative_object_of_a_naming_cue_leaves_the_predicate(
    nlp: Language, text: str, cue: str, speaker: str, content: str
) -> None:
    # "what" / "which" stand for the thing named; what was said of it is the predicate.
    found = [(s or "", c) for cu, s, c in read(nlp, text) if cu == cue]
    assert any(s.endswith(speaker) and c == content for s, c in found), found


def test_a_clause_before_a_semicolon_is_not_the_next_cue_s_content(nlp: Language) -> None:
    # "C; X backs Y" joins two statements: the parse hangs C on "backs", but what she backs is Y.
    found = read(nlp, "He proposes closing the old ferry line; she backs tougher harbor fees.")
    assert ("backs", "she", "tougher harbor fees") in found


def test_praise_for_a_deed_is_said_of_the_object_with_its_reason(nlp: Language) -> None:
    # "praised X for Y", "faulted X over Y": the reason is what was said of X, not a statement
    # of its own by a participle inside it.
    found = read(nlp, "The governor praised the mayor for keeping the libraries open all winter.")
    assert ("praised", "The governor", "the mayor for keeping the libraries open all winter") in found


def test_called_for_someone_to_act_is_one_cue_with_the_whole_wish(nlp: Language) -> None:
    # The parser hangs "the board to resign" on "called" as a clause marked by "for": the cue is
    # still "called for", and the board is no speaker of "resign".
    found = read(nlp, "The union has called for the board to delay the pension vote.")
    assert ("called for", "The union", "the board to delay the pension vote") in found, found


def test_made_clear_is_a_cue_with_its_adjective(nlp: Language) -> None:
    # "made (it) clear that ...": a light verb whose adjective carries the saying; the cue as
    # written keeps both, and "it clear" is no part of what was made clear.
    found = read(nlp, "The warden made clear that the east wing would stay closed.")
    assert ("made clear", "The warden", "the east wing would stay closed") in found, found
    found = read(nlp, "The warden has made it clear that the east wing would stay closed.")
    assert ("made it clear", "The warden", "the east wing would stay closed") in found, found


@pytest.mark.parametrize(
    ("text", "first", "cue", "second"),
    [
        (
            "The senator said the bill was dead, calling it a waste of time.",
            "the bill was dead",
            "calling",
            "it a waste of time",
        ),
        (
            "The governor said the budget was balanced, arguing that cuts had worked.",
            "the budget was balanced",
            "arguing",
            "cuts had worked",
        ),
        (
            'The senator said the bill was "a disaster for farmers," calling it a waste of time.',
            'the bill was "a disaster for farmers',
            "calling",
            "it a waste of time",
        ),
        (
            "Analysts said the campaign was losing ground in the suburbs, pointing to a string of bad polls.",
            "the campaign was losing ground in the suburbs",
            "pointing to",
            "a string of bad polls",
        ),
    ],
)
def test_a_trailing_participle_cue_is_the_speakers_second_statement(
    nlp: Language, text: str, first: str, cue: str, second: str
) -> None:
    found = read(nlp, text)
    speaker = found[0][1]
    assert ("said", speaker, first) in found, found
    assert (cue, speaker, second) in found, found


def test_an_aside_participle_inside_the_content_stays_in_it(nlp: Language) -> None:
    found = read(nlp, "Officials said the group, citing new polls, found that voters were angry.")
    assert any(c == "said" and body.endswith("voters were angry") for c, _, body in found), found


@pytest.mark.parametrize(
    ("text", "first", "cue", "second"),
    [
        (
            "The mayor said the city had run out of money and blamed the council for the shortfall.",
            "the city had run out of money",
            "blamed",
            "the council for the shortfall",  # what she blamed it for is part of what she said
        ),
        (
            "Officials said the storm had passed and praised the volunteers who cleared the roads.",
            "the storm had passed",
            "praised",
            "the volunteers who cleared the roads",
        ),
    ],
)
def test_a_coordinated_act_of_saying_is_the_speakers_second_statement(
    nlp: Language, text: str, first: str, cue: str, second: str
) -> None:
    found = read(nlp, text)
    speaker = found[0][1]
    assert ("said", speaker, first) in found, found
    assert (cue, speaker, second) in found, found


def test_a_coordinated_act_with_its_own_auxiliary_is_part_of_what_was_said(nlp: Language) -> None:
    found = read(nlp, "The coach said the team had played well and had asked for more time.")
    assert ("said", "The coach", "the team had played well and had asked for more time") in found, found


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (
            "Officials said turnout rose sharply in the cities, whereas rural clerks reported fewer "
            "voters than last year.",
            ("said", "Officials", "turnout rose sharply in the cities"),
            ("reported", "rural clerks", "fewer voters than last year"),
        ),
        (
            "The mayor said that the new budget would cut taxes for families, while critics argued "
            "that it hid a large deficit.",
            ("said", "The mayor", "the new budget would cut taxes for families"),
            ("argued", "critics", "it hid a large deficit"),
        ),
    ],
)
def test_a_contrast_with_another_speakers_statement_ends_the_content(
    nlp: Language, text: str, first: tuple[str, str, str], second: tuple[str, str, str]
) -> None:
    found = read(nlp, text)
    assert first in found, found
    assert second in found, found


def test_a_contrast_that_is_part_of_the_argument_stays_in_the_content(nlp: Language) -> None:
    text = (
        "The judge wrote that the study had counted only 140 trucks a day, while the company's own "
        "brochure promised room for 900 trucks."
    )
    found = read(nlp, text)
    assert any(c == "wrote" and body.endswith("room for 900 trucks") for c, _, body in found), found


def test_an_object_ends_before_a_set_off_relative_clause_that_states_something(nlp: Language) -> None:
    text = "Critics point to a 2023 review of the port's accounts, which found that fees rose by a third."
    found = read(nlp, text)
    assert ("point to", "Critics", "a 2023 review of the port's accounts") in found
    # the relative clause hangs on "accounts"; "which" stands for the review, the document
    assert ("found", "a 2023 review of the port's accounts, which", "fees rose by a third") in found


def test_a_restrictive_relative_clause_stays_part_of_the_object(nlp: Language) -> None:
    found = read(nlp, "The mayor cited a memo that said the fees were legal.")
    assert ("cited", "The mayor", "a memo that said the fees were legal") in found


def test_who_after_the_head_of_a_body_stands_for_the_head(nlp: Language) -> None:
    # the parser hangs "who said" on the body; a person's role before "of" is who speaks
    found = read(nlp, "They quoted the director of the museum, who said the roof leaked.")
    assert ("said", "the director of the museum, who", "the roof leaked") in found


def test_continue_says_how_long_something_goes_on_not_that_it_was_said(nlp: Language) -> None:
    assert read(nlp, "The lead for the mayor continues to grow after the debate.") == []
    found = read(nlp, "The mayor continued to insist that the bridge was safe.")
    assert any("the bridge was safe" in content for _, _, content in found)


def test_releasing_a_thing_is_no_statement(nlp: Language) -> None:
    assert find_claims(nlp("The campaign released the names of its donors on Friday.")) == []


def test_a_second_clause_after_a_that_clause_is_still_what_was_said(nlp: Language) -> None:
    found = read(nlp, "Riders have long complained that bikes are often broken and docks are often empty.")
    assert ("complained", "Riders", "bikes are often broken and docks are often empty") in found
