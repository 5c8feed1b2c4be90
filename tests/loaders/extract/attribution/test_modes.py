"""Issue 10: every claim says what kind of act it reports (STATEMENT, BELIEF, EVIDENCE), and a
stance taken with a saying keeps the stance as its cue."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.extract.attribution.claims import find_claims
from loaders.extract.cues import cue_mode


@pytest.mark.parametrize(
    ("text", "cue", "mode"),
    [
        ("The mayor said the depot would close in June.", "said", "STATEMENT"),
        ("The union denied that it had agreed to the freeze.", "denied", "STATEMENT"),
        ("According to the minutes, the board voted twice.", "According to", "STATEMENT"),
        ("The mayor believes the depot will close in June.", "believes", "BELIEF"),
        ("Residents fear the river will flood again this spring.", "fear", "BELIEF"),
        ("The council wants the contractor to finish by May.", "wants", "BELIEF"),
        ("Records show the pumps failed twice last winter.", "show", "EVIDENCE"),
        ("A new poll finds that most residents back the plan.", "finds", "EVIDENCE"),
    ],
)
def test_mode_of_the_act_the_cue_reports(nlp: Language, text: str, cue: str, mode: str) -> None:
    found = {c.cue: c.mode for c in find_claims(nlp(text))}
    assert found.get(cue) == mode, found


@pytest.mark.parametrize(
    ("cue", "mode"),
    [("said", "STATEMENT"), ("officially denied", "STATEMENT"), ("thinks", "BELIEF"), ("had hoped", "BELIEF"),
     ("records show", "EVIDENCE"), ("according to", "STATEMENT"), (":", "STATEMENT")],
)
def test_cue_mode_reads_a_cue_as_written(cue: str, mode: str) -> None:
    assert cue_mode(cue) == mode


@pytest.mark.parametrize("stance", ["denied", "rejected", "disputed", "confirmed"])
def test_a_stance_with_its_saying_keeps_the_stance_as_cue(nlp: Language, stance: str) -> None:
    text = (f"The Harbor Authority officially {stance} the union's account, "
            "saying the freeze was never agreed.")
    (claim,) = find_claims(nlp(text))
    assert (claim.cue, claim.content_cue, claim.text) == (stance, "saying", "the freeze was never agreed")
    assert text[claim.cue_start : claim.cue_end] == stance


def test_adverbs_stay_out_of_the_cue_and_a_negation_stays_in(nlp: Language) -> None:
    cues = {c.cue for c in find_claims(nlp(
        "The minister also said the bridge would reopen. The mayor never said the bridge was safe."))}
    assert cues == {"said", "never said"}
