"""find_claims on sentences written for these tests: every construction of the brief, once each."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.extract.attribution.claims import find_claims
from loaders.model import Claim


def claims_of(nlp: Language, text: str) -> list[Claim]:
    doc = nlp(text)
    found = find_claims(doc)
    for c in found:  # every span slices the text it came from (a split quote: its quoted words)
        assert text[c.start : c.end] == c.text or _words_in_order(c.text, text[c.start : c.end])
        if c.speaker_start is not None and c.speaker_end is not None:
            assert text[c.speaker_start : c.speaker_end] == c.speaker_mention
        if c.cue_start is not None and c.cue_end is not None:
            assert text[c.cue_start : c.cue_end] == c.cue
    return found


def _words_in_order(words: str, span: str) -> bool:
    """Whether every word of `words` is in `span`, in order (what a split quote's text keeps)."""
    for mark in ('"', "\u201c", "\u201d"):
        span = span.replace(mark, " ")
    rest = iter(w.strip(",.") for w in span.split())
    return all(any(w.strip(",.") == r for r in rest) for w in words.split())


def only(nlp: Language, text: str) -> Claim:
    found = claims_of(nlp, text)
    assert len(found) == 1, [(c.cue, c.text) for c in found]
    return found[0]


def test_direct_quote_with_inverted_said(nlp: Language) -> None:
    c = only(
        nlp,
        "\u201cThe bridge will reopen in May, and we are confident about that,\u201d said Mayor Lena Ortiz.",
    )
    assert (c.kind, c.cue, c.speaker_mention) == ("DIRECT", "said", "Mayor Lena Ortiz")
    assert c.text == "The bridge will reopen in May, and we are confident about that"


def test_straight_quotes(nlp: Language) -> None:
    c = only(nlp, 'Harbor master Tom Reyes said, "The ferry will run every hour from Monday."')
    assert (c.kind, c.speaker_mention) == ("DIRECT", "Harbor master Tom Reyes")
    assert c.text.startswith("The ferry will run every hour")


def test_split_quote_is_one_statement(nlp: Language) -> None:
    text = (
        "\u201cWe never signed off on a freeze,\u201d the union leader said, "
        "\u201cand we never will accept one.\u201d"
    )
    c = only(nlp, text)
    assert (c.kind, c.speaker_mention) == ("DIRECT", "the union leader")
    assert c.text.startswith("We never signed off") and c.text.endswith("never will accept one.")


def test_quote_running_into_the_next_paragraph(nlp: Language) -> None:
    text = (
        "\u201cWe will finish the library before the winter comes.\n\n"
        "\u201cAfter that, the pool is next,\u201d the builder said."
    )
    c = only(nlp, text)
    assert c.kind == "DIRECT" and c.speaker_mention == "the builder"
    assert c.text.startswith("We will finish the library") and c.text.endswith("the pool is next")


def test_colon_introduced_quote_in_its_own_paragraph(nlp: Language) -> None:
    text = (
        "The minister said:\n\u201cOur schools need more teachers and better pay for the ones we have.\u201d"
    )
    c = only(nlp, text)
    assert (c.kind, c.cue, c.speaker_mention) == ("DIRECT", "said", "The minister")
    assert c.text.startswith("Our schools need more teachers")


def test_partial_quote_inside_reported_speech_is_one_reported_claim(nlp: Language) -> None:
    text = (
        "The inspector said the tunnel had been a \u201cdisaster waiting to happen\u201d "
        "for years before the collapse."
    )
    c = only(nlp, text)
    assert c.kind == "REPORTED"
    assert "disaster waiting to happen" in c.text and c.text.endswith("before the collapse")


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        (
            "Dr. Amir Patel told reporters that the trial had enrolled four hundred patients.",
            "told reporters",
            "Dr. Amir Patel",
            "the trial had enrolled four hundred patients",
        ),
        (
            "According to the county auditor, the fund lost three million dollars last year.",
            "According to",
            "the county auditor",
            "the fund lost three million dollars last year",
        ),
        (
            "The harbor will close for two weeks, the port authority said.",
            "said",
            "the port authority",
            "The harbor will close for two weeks",
        ),
        (
            "Senator Ruth Adler warned that the budget would run out by October.",
            "warned",
            "Senator Ruth Adler",
            "the budget would run out by October",
        ),
        (
            "The coach insisted that his players had done nothing wrong.",
            "insisted",
            "The coach",
            "his players had done nothing wrong",
        ),
        ("Analysts estimate that sales fell by a tenth.", "estimate", "Analysts", "sales fell by a tenth"),
        (
            "The audit report noted that two invoices were paid twice.",
            "noted",
            "The audit report",
            "two invoices were paid twice",
        ),
        (
            "The company officially denied Whitfield's claims.",
            "denied",
            "The company",
            "Whitfield's claims",
        ),
        (
            "A company spokeswoman, Dana Whitfield, confirmed the layoffs.",
            "confirmed",
            "A company spokeswoman, Dana Whitfield",
            "the layoffs",
        ),
        (
            "The farmers believe the new dam will dry out the valley.",
            "believe",
            "The farmers",
            "the new dam will dry out the valley",
        ),
    ],
)
def test_reported_speech(nlp: Language, text: str, cue: str, speaker: str, content: str) -> None:
    c = only(nlp, text)
    assert (c.kind, c.cue, c.speaker_mention, c.text) == ("REPORTED", cue, speaker, content)


def test_revealed_and_added(nlp: Language) -> None:
    text = (
        "The former treasurer revealed that the club had two sets of books. "
        "She added that the auditors never asked for the second one."
    )
    first, second = claims_of(nlp, text)
    assert (first.cue, first.speaker_mention) == ("revealed", "The former treasurer")
    assert (second.cue, second.speaker_mention) == ("added", "She")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("In July 2011, the Treasury said the bank had moved funds for the cartel.", "July 2011"),
        ("In 2018, the regulator said the merger would raise prices.", "2018"),
        ("The ministry confirmed in 2014 that the mine would close.", "2014"),
    ],
)
def test_stated_at(nlp: Language, text: str, date: str) -> None:
    assert only(nlp, text).stated_at == date


def test_a_date_inside_the_content_does_not_date_the_statement(nlp: Language) -> None:
    c = only(nlp, "The ministry said the mine had closed in 2014.")
    assert c.stated_at is None


def test_a_nested_attribution_is_part_of_the_outer_statement(nlp: Language) -> None:
    c = only(nlp, "The senator said the governor wants to raise the fuel tax.")
    assert (c.cue, c.speaker_mention, c.text) == (
        "said",
        "The senator",
        "the governor wants to raise the fuel tax",
    )


def test_verbs_of_opinion_inside_a_quote_are_the_quote(nlp: Language) -> None:
    c = only(nlp, "\u201cI think we know what the voters want this time,\u201d the governor said.")
    assert (c.kind, c.speaker_mention) == ("DIRECT", "the governor")


def test_an_outlet_relaying_a_statement_gives_way_to_it(nlp: Language) -> None:
    c = only(nlp, "The city engineer warned that the dam was unsafe, the Valley Herald reported.")
    assert (c.cue, c.speaker_mention, c.text) == ("warned", "The city engineer", "the dam was unsafe")


def test_two_cues_for_one_quote_make_one_claim(nlp: Language) -> None:
    text = "\u201cThe river is rising faster than last spring,\u201d the engineer said, adding nothing more."
    found = claims_of(nlp, text)
    assert len([c for c in found if "river is rising" in c.text]) == 1


def test_scare_quotes_alone_are_not_statements(nlp: Language) -> None:
    assert claims_of(nlp, "The so-called \u201cgreen corridor\u201d opened on Tuesday.") == []


def test_no_two_claims_overlap_unless_nested(nlp: Language) -> None:
    text = (
        "Mayor Ortiz said the budget was balanced and added that taxes would not rise. "
        "\u201cWe kept our promise,\u201d she said."
    )
    found = claims_of(nlp, text)
    for a in found:
        for b in found:
            if a is not b and a.start < b.end and b.start < a.end:
                assert a.cue_start is not None and b.cue_start is not None
                assert a.start <= b.cue_start < a.end or b.start <= a.cue_start < b.end


def test_double_apostrophe_quotes_and_a_cue_the_parse_left_bare(nlp: Language) -> None:
    c = only(nlp, "''Wow, what a fine plan for the harbor,'' she said in Dover last week.")
    assert (c.kind, c.cue, c.speaker_mention) == ("DIRECT", "said", "she")
    assert c.text == "Wow, what a fine plan for the harbor"


def test_a_speaker_line_with_a_colon(nlp: Language) -> None:
    text = "Mayor Ortiz: The Pier Will Reopen Before Summer\n\nThe council met on Tuesday."
    c = only(nlp, text)
    assert (c.kind, c.cue, c.speaker_mention, c.text) == (
        "REPORTED",
        ":",
        "Mayor Ortiz",
        "The Pier Will Reopen Before Summer",
    )


@pytest.mark.parametrize("line", [
    "Update: The road reopened at noon after the crash was cleared.",
    "The Latest: Harbor council votes to reopen the old pier.",  # a live blog's heading
    "Contributing: Ana Ruiz and Tom Berg, Harbor Gazette.",  # credits
    "Q: What will the council do about the pier next spring?",  # an interview's markers
    "A: We will rebuild the pier before the summer season.",
])
def test_a_label_with_a_colon_is_not_a_speaker(nlp: Language, line: str) -> None:
    assert claims_of(nlp, line) == []


def test_according_to_inside_brackets_sources_the_bracket_only(nlp: Language) -> None:
    text = "The fund lost money last year (the loss was near ten percent, according to the census office)."
    found = [c for c in claims_of(nlp, text) if c.cue == "according to"]
    assert [(c.speaker_mention, c.text) for c in found] == [
        ("the census office", "the loss was near ten percent")
    ]


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        (
            "The mayor accused the contractor of hiding the cracks.",
            "accused",
            "The mayor",
            "the contractor of hiding the cracks",
        ),
        (
            "The governor talked about the flood barriers.",
            "talked about",
            "The governor",
            "the flood barriers",
        ),
        (
            "Polls show a tight race in the north.",
            "show",
            "Polls",
            "a tight race in the north",
        ),
        (
            "The senator's criticism of the tariff plan surprised nobody.",
            "criticism",
            "senator",
            "the tariff plan",
        ),
    ],
)
def test_broader_attributions(nlp: Language, text: str, cue: str, speaker: str, content: str) -> None:
    c = only(nlp, text)
    assert c.cue == cue and c.text == content
    assert c.speaker_mention is not None and speaker in c.speaker_mention


def test_a_quote_of_questions_with_the_cue_after_it(nlp: Language) -> None:
    text = (
        "\u201cWho pays for the new bridge? Who maintains it for thirty years?\u201d "
        "the treasurer asked at the meeting."
    )
    c = only(nlp, text)
    assert (c.kind, c.speaker_mention) == ("DIRECT", "the treasurer")
    assert c.text.startswith("Who pays for the new bridge?")


@pytest.mark.parametrize(
    "text", ["", '"', "\u201c", 'He said "', ":", "A: b", "''", "\u201c\u201c\u201d\u201d \u201d\u201c"]
)
def test_degenerate_texts_give_no_claims(nlp: Language, text: str) -> None:
    assert claims_of(nlp, text) == []


def test_a_partial_quote_closing_the_clause_stays_closed(nlp: Language) -> None:
    c = only(nlp, "The regulator confirmed that the two banks had a \u201csecret deal.\u201d")
    assert c.kind == "REPORTED" and c.text == "the two banks had a \u201csecret deal.\u201d"


@pytest.mark.parametrize(
    "text",
    [
        "The auditor said the county had \u201cspent the reserve twice over.\u201d",
        'Ostmark Farms said herds that size "have never produced that much milk in a season."',
    ],
)
def test_a_partial_quote_keeps_its_reported_lead_in(nlp: Language, text: str) -> None:
    c = only(nlp, text)
    assert c.kind == "REPORTED"
    assert c.text.startswith(("the county had", "herds that size"))
    assert c.text.endswith(("\u201d", '"'))


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The ferry operator said in a statement that it had cancelled all crossings until Friday.",
            "it had cancelled all crossings until Friday",
        ),
        (
            "Ruth Amsel told reporters outside the courthouse that the jury had asked for more time.",
            "the jury had asked for more time",
        ),
        (
            "The council, which meets on Mondays, said in a letter that the road would stay closed.",
            "the road would stay closed",
        ),
    ],
)
def test_a_that_clause_after_the_setting_of_the_statement(nlp: Language, text: str, content: str) -> None:
    c = only(nlp, text)
    assert c.kind == "REPORTED" and c.text == content


@pytest.mark.parametrize(
    "text",
    [
        "A nurse at the hospital, who asked not to be named because she was not allowed to speak, "
        "said the ward had closed.",
        "One engineer, who asked not to be identified, said the pumps had failed twice.",
    ],
)
def test_asking_not_to_be_named_is_not_a_statement(nlp: Language, text: str) -> None:
    c = only(nlp, text)
    assert c.cue == "said" and c.text.startswith("the ")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        (
            'Her doctors, she added, were studying "an unusual pattern of fevers" in the ward.',
            "Her doctors, she added, were studying",
        ),
        (
            'In 2023, Dalca told a podcast host that people who cheat "take something from every honest '
            'player in the league."',
            "people who cheat",
        ),
    ],
)
def test_a_partial_quote_the_parse_left_bare_keeps_its_clause(nlp: Language, text: str, start: str) -> None:
    c = only(nlp, text)
    assert c.kind == "REPORTED" and c.text.startswith(start) and c.speaker_mention is not None


def test_a_quote_set_off_by_a_comma_stays_the_whole_statement(nlp: Language) -> None:
    c = only(nlp, 'In an interview with a radio station, Halvard said, "We will rebuild the pier this year."')
    assert c.kind == "DIRECT" and c.text == "We will rebuild the pier this year."


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The new tolls, the minister said, would take effect in May.", "the minister"),
        (
            'He said the pumps were old. The repairs, he added, had been "patched over for a decade" by '
            "the previous owners.",
            "he",
        ),
    ],
)
def test_a_cue_set_off_as_an_aside_attributes_its_clause(nlp: Language, text: str, speaker: str) -> None:
    found = claims_of(nlp, text)
    aside = [c for c in found if c.speaker_mention == speaker]
    assert len(aside) == 1 and aside[0].kind == "REPORTED", [(c.cue, c.text) for c in found]
    assert aside[0].text.startswith("The ") and aside[0].text.endswith(("May", "owners"))


def test_a_one_word_claim_inside_a_sourced_clause_does_not_replace_it(nlp: Language) -> None:
    text = (
        "According to the report, published on Monday in the journal Marine Notes, the reef "
        "recovered 40 percent of its cover within two years."
    )
    c = only(nlp, text)
    assert c.cue == "According to" and c.text.endswith("within two years")


def test_records_are_the_evidence_of_what_they_describe_not_a_relay(nlp: Language) -> None:
    text = ("Harlow Mills managers discussed selling the Dunmore site as early as March, according to "
            "internal emails seen by the Ledger.")
    found = claims_of(nlp, text)
    assert [(c.cue, c.speaker_mention) for c in found] == [("according to", "internal emails")]
    assert found[0].text.startswith("Harlow Mills managers discussed selling the Dunmore site")


def test_an_outlet_relays_a_saying_but_reports_a_deed_itself(nlp: Language) -> None:
    # "X reported [Y said …]": the outlet passes Y's statement on (Y's claim, the outlet its
    # source); "X reported [Y had ordered …]": the deed is what the outlet reports, its own claim.
    relayed = find_claims(nlp("The Harbor Ledger reported that the mayor said the depot would close."))
    assert [(c.speaker_mention, c.cue) for c in relayed] == [("the mayor", "said")]
    deed = find_claims(nlp("The Harbor Ledger reported that the mayor had ordered staff to close the depot."))
    assert [(c.speaker_mention, c.cue) for c in deed][:1] == [("The Harbor Ledger", "reported")]


def test_a_condition_after_a_statement_is_part_of_it(nlp: Language) -> None:
    text = ("Berglund said the union had offered to accept a smaller rise in the first year if the "
            "airline agreed to limit call-outs on short notice.")
    found = [(c.cue, c.text) for c in find_claims(nlp(text))]
    assert len(found) == 1 and found[0][0] == "said" and "if the airline agreed" in found[0][1]


def test_quoted_as_saying_in_a_press_release_that(nlp: Language) -> None:
    text = ("He was quoted as saying in the company's press release that passengers booked on cancelled "
            "flights would be offered a full refund or a free change of date.")
    found = [(c.speaker_mention, c.cue, c.text) for c in find_claims(nlp(text))]
    assert found == [("He", "saying", "passengers booked on cancelled flights would be offered a full "
                                      "refund or a free change of date")]


@pytest.mark.parametrize("condition", ["employees were told not to talk to reporters",
                                       "she was not authorized to speak publicly"])
def test_the_condition_a_source_spoke_under_is_no_statement(nlp: Language, condition: str) -> None:
    text = f"A source at the plant, who spoke because {condition}, said the line had stopped twice."
    assert [c.text for c in find_claims(nlp(text))] == ["the line had stopped twice"]
