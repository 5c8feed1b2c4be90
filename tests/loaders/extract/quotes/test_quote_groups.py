"""Which quoted parts make one statement: a quote interrupted by its own attribution sentence."""

from __future__ import annotations

from spacy.language import Language

from loaders.extract.attribution.claims import find_claims


def test_quote_going_on_after_its_attribution_sentence_is_one_statement(nlp: Language) -> None:
    text = (
        "\u201cThe first phase is finished. The crews did well,\u201d Kofi Mensah said. "
        "\u201cThe second phase starts next week and will take a year.\u201d"
    )
    (c,) = find_claims(nlp(text))
    assert (c.kind, c.cue, c.speaker_mention) == ("DIRECT", "said", "Kofi Mensah")
    # One span over both parts; the text is the quoted words, without "Kofi Mensah said".
    span = text[c.start : c.end]
    assert span.startswith("The first phase") and span.endswith("a year.")
    assert c.text == (
        "The first phase is finished. The crews did well. "
        "The second phase starts next week and will take a year."
    )


def test_a_comma_before_the_attribution_stays_when_the_sentence_goes_on(nlp: Language) -> None:
    text = (
        "\u201cThe bridge will reopen in May,\u201d said Mayor Lena Ortiz, \u201cand we are confident "
        "about that because the steel has arrived.\u201d"
    )
    (c,) = find_claims(nlp(text))
    assert c.speaker_mention == "Mayor Lena Ortiz"
    assert c.text == (
        "The bridge will reopen in May, and we are confident about that because the steel has arrived."
    )


def test_longer_attribution_with_title_and_initials_still_joins(nlp: Language) -> None:
    text = (
        "\u201cThe tunnel is safe for cars again,\u201d said Dr. Ada K. Lund, the chief engineer of the "
        "county. \u201cTrucks must wait until the spring.\u201d"
    )
    (c,) = find_claims(nlp(text))
    assert c.speaker_mention is not None and "Lund" in c.speaker_mention
    assert c.text.endswith("until the spring.")


def test_a_second_sentence_between_the_quotes_keeps_them_apart(nlp: Language) -> None:
    text = (
        "\u201cThe first phase is finished and the crews did well,\u201d Kofi Mensah said, pointing at "
        "the bridge. The crowd cheered loudly. "
        "\u201cThe second phase starts next week and will take a year.\u201d"
    )
    texts = [c.text for c in find_claims(nlp(text))]
    assert not any("first phase" in t and "second phase" in t for t in texts), texts


def test_a_quote_closed_by_a_period_is_not_joined_to_the_next(nlp: Language) -> None:
    text = (
        "\u201cThe first phase is finished and the crews did well.\u201d Kofi Mensah said so on Monday. "
        "\u201cThe second phase starts next week and will take a year.\u201d"
    )
    texts = [c.text for c in find_claims(nlp(text))]
    assert not any("first phase" in t and "second phase" in t for t in texts), texts


def test_a_partial_quote_inside_the_writers_sentence_is_not_joined(nlp: Language) -> None:
    text = (
        "Ruiz dismissed the audit as \u201ca piece of theatre,\u201d saying the figures were the only "
        "measure the board controls. \u201cWe cannot build what nobody funds,\u201d she said."
    )
    texts = [c.text for c in find_claims(nlp(text))]
    assert not any("theatre" in t and "nobody funds" in t for t in texts), texts


def test_the_cue_after_an_inner_part_attributes_the_whole_quote(nlp: Language) -> None:
    text = (
        "\u201cNo clinic in this county is closing. Not Dunmore, not Alder Bay, not anywhere,\u201d said "
        "health chief Oskar Lind. \u201cI have checked every line of this budget, and I can tell you "
        "that the clinics stay open.\u201d"
    )
    found = find_claims(nlp(text))
    assert any(c.kind == "DIRECT" and "No clinic" in c.text and "stay open" in c.text for c in found), [
        (c.cue, c.text) for c in found
    ]


def test_a_cue_inside_an_unattributed_quote_is_the_quoted_speakers_own_word(nlp: Language) -> None:
    # Nobody is named for the quote, yet its "I think" is still inside someone's quoted words:
    # not a statement of its own with "I" as the speaker.
    text = (
        "The hall went quiet after the count. \u201cI think the levy will pass by a wide margin "
        "this time around.\u201d The results came in after midnight."
    )
    assert [c.cue for c in find_claims(nlp(text))] == []


def test_a_second_cue_between_the_quotes_makes_two_statements(nlp: Language) -> None:
    # "she said, adding, ..." hands the second quote to a cue of its own: two statements.
    text = (
        "\u201cThe ferry will run again in March,\u201d Lena Ortiz said, adding, "
        "\u201cThe new pier is almost finished.\u201d"
    )
    found = [(c.cue, c.text) for c in find_claims(nlp(text))]
    assert ("said", "The ferry will run again in March") in found, found
    assert ("adding", "The new pier is almost finished.") in found, found


def test_a_participle_aside_between_the_quotes_keeps_them_apart(nlp: Language) -> None:
    # "..., referring to X." states something of its own between the parts: the aside is a
    # statement, and neither quote swallows it.
    text = (
        "\u201cThey will sign the deal by Friday,\u201d Lena Ortiz said, referring to the harbour board. "
        "\u201cThe fishermen already agreed.\u201d"
    )
    found = find_claims(nlp(text))
    assert any(c.cue == "referring to" and c.text == "the harbour board" for c in found), [
        (c.cue, c.text) for c in found
    ]
    assert not any("Friday" in c.text and "fishermen" in c.text for c in found)


def test_a_statement_in_the_attribution_between_quoted_parts_is_kept(nlp: Language) -> None:
    # The words between the parts are the writer's: a cue there says a statement of its own,
    # not a second cue for the quote around it.
    text = (
        '"I do not want to fight the mayor," said one former aide, who said he left on good terms '
        'but was scared by the letter. "I could not afford a lawyer."'
    )
    found = find_claims(nlp(text))
    quote = next(c for c in found if c.kind == "DIRECT")
    assert quote.text.startswith("I do not want") and quote.text.endswith("afford a lawyer.")
    (aside,) = [c for c in found if c is not quote]
    assert (aside.kind, aside.cue) == ("REPORTED", "said")
    assert aside.text.startswith("he left on good terms")


def test_a_part_with_an_attribution_of_its_own_starts_a_new_statement(nlp: Language) -> None:
    # '"A," she said. "B," said Ortiz.': B is stated by its own cue, not more of A.
    text = (
        '"The new road will open in May," Mara Vance said. "The bridge needs another year of work," '
        "said Tom Ortiz, the county engineer."
    )
    found = sorted(find_claims(nlp(text)), key=lambda c: c.start)
    assert [(c.text, c.speaker_mention) for c in found] == [
        ("The new road will open in May", "Mara Vance"),
        ("The bridge needs another year of work", "Tom Ortiz, the county engineer"),
    ]


def test_a_run_on_quote_stops_at_a_paragraph_with_its_own_attribution(nlp: Language) -> None:
    # The quote left open at the end of a paragraph would run on into the next one, but both have
    # an attribution of their own.
    text = (
        '"The new road will open in May," Mara Vance said. "The buses will use it first.\n\n'
        '"The bridge needs another year of work," said Tom Ortiz, the county engineer.'
    )
    found = find_claims(nlp(text))
    assert not any("new road" in c.text and "bridge" in c.text for c in found), [c.text for c in found]
    bridge = next(c for c in found if "bridge" in c.text)
    assert (bridge.cue, bridge.speaker_mention) == ("said", "Tom Ortiz, the county engineer")


def test_of_several_cues_before_a_quote_the_nearest_introduces_it(nlp: Language) -> None:
    text = 'Mayor Ruth Gale criticized the council, calling it "a body that has lost all sense of money."'
    quote = next(c for c in find_claims(nlp(text)) if "lost all sense" in c.text)
    assert (quote.cue, quote.speaker_mention) == ("calling", "Mayor Ruth Gale")


def test_a_short_quote_set_off_as_a_sentence_by_its_attribution_is_a_quote(nlp: Language) -> None:
    # Three words, but a whole sentence with an attribution of its own: a statement, not a phrase.
    text = 'Asked whether the mill would close, the mayor shook her head. "That never happened," she said.'
    quote = next(c for c in find_claims(nlp(text)) if c.text.startswith("That never"))
    assert (quote.kind, quote.cue, quote.speaker_mention) == ("DIRECT", "said", "she")


def test_a_short_quoted_phrase_inside_a_sentence_stays_part_of_it(nlp: Language) -> None:
    text = 'The council called the new line a "core pipeline," the mayor said on Monday.'
    assert all(c.text != "core pipeline" for c in find_claims(nlp(text)))
