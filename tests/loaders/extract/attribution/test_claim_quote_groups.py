"""How quoted parts join into one statement (quote_groups.group_quotations), on sentences written for
these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.extract.attribution.claims import find_claims


def test_quote_after_adding_that_is_a_second_statement(nlp: Language) -> None:
    # The words between the parts are not a bare "she said,": they open a new reported clause,
    # whose own partial quote is no continuation of the first.
    text = (
        'The council will raise the ferry fares "before the summer," Mara Lindqvist said, '
        'adding that the only answer "is to cut the subsidy for the harbor."'
    )
    found = find_claims(nlp(text))
    by_cue = {c.cue: c for c in found}
    assert set(by_cue) == {"said", "adding"}, [(c.cue, c.text) for c in found]
    assert by_cue["said"].text.startswith("The council will raise the ferry fares")
    assert "adding" not in by_cue["said"].text
    assert by_cue["adding"].text.startswith("the only answer")
    assert by_cue["said"].speaker_mention == by_cue["adding"].speaker_mention == "Mara Lindqvist"


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        ('"I am better with boats than with budgets," said Tomas Berg, half joking.', "said", "Tomas Berg"),
        ('"Nobody should build on the dunes!" wrote a man calling himself Peter Peter.', "wrote", "a man"),
    ],
)
def test_inverted_cue_names_the_speaker_the_parser_read_as_content(
    nlp: Language, text: str, cue: str, speaker: str
) -> None:
    # The parser reads what follows an inverted cue as the clause it introduces; it is who spoke,
    # and the quotation before the cue is the statement.
    found = [c for c in find_claims(nlp(text)) if c.cue == cue]
    assert len(found) == 1, [(c.cue, c.speaker_mention, c.text) for c in found]
    c = found[0]
    assert c.kind == "DIRECT" and c.text.endswith(("budgets", "dunes!"))
    assert c.speaker_mention is not None and c.speaker_mention.startswith(speaker)


def test_participle_after_a_partial_quote_is_no_inverted_cue(nlp: Language) -> None:
    text = 'Berg rejected the figures as "a counting trick," saying approvals were the only measure.'
    found = find_claims(nlp(text))
    saying = [c for c in found if c.content_cue == "saying" and c.cue == "rejected"]
    assert saying and saying[0].text == "approvals were the only measure"


@pytest.mark.parametrize("between", [", adding, ", ", adding: "])
def test_quote_after_a_bare_participle_is_what_was_added(nlp: Language, between: str) -> None:
    text = f'"The harbor fee is far too high," Mara Lindqvist said{between}"Nobody will stay here."'
    by_cue = {c.cue: c.text for c in find_claims(nlp(text))}
    assert by_cue == {
        "said": "The harbor fee is far too high",
        "adding": "Nobody will stay here.",
    }, by_cue


def test_quote_after_adding_that_goes_on_from_what_was_added(nlp: Language) -> None:
    # "A," X said, adding that B. "C.": C continues B, the speaker's second statement; it is no
    # part of A and no third statement.
    text = (
        '"The harbor fee is far too high," Mara Lindqvist said, adding that shippers would leave '
        'the port. "Nobody will stay at these prices."'
    )
    found = find_claims(nlp(text))
    by_cue = {c.cue: c.text for c in found}
    assert len(found) == 2, [(c.cue, c.text) for c in found]
    assert by_cue["said"] == "The harbor fee is far too high"
    assert by_cue["adding"] == 'shippers would leave the port. "Nobody will stay at these prices."'
