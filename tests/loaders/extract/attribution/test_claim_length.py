"""How short a claim may be: one word states nothing, save the name an endorsement is made of."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.extract.attribution.claims import find_claims


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The teachers' union endorsed Okafor on Tuesday.", "Okafor"),
        ("Two former governors have endorsed her.", "her"),
    ],
)
def test_the_one_name_an_endorsement_names_is_a_claim(nlp: Language, text: str, content: str) -> None:
    found = [(c.cue, c.text) for c in find_claims(nlp(text))]
    assert [content] == [body for cue, body in found if "endorsed" in cue]


def test_a_one_word_object_of_another_cue_is_no_claim(nlp: Language) -> None:
    assert find_claims(nlp("The mayor criticized Okafor sharply.")) == []


def test_an_endorsement_that_only_introduces_the_speaker_is_no_claim(nlp: Language) -> None:
    text = "The union, which endorsed Okafor, said the plan was never costed."
    assert [c.text for c in find_claims(nlp(text))] == ["the plan was never costed"]
