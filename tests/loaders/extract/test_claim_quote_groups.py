"""How quoted parts join into one statement (claims._group_quotations), on sentences written for
these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.extract.claims import find_claims
from loaders.extract.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


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
