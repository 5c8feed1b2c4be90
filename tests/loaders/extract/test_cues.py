"""The cue lexicon: stances other stages read, multi-word cues, inflected cues as written."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.extract.cues import cue_info, cue_stance, is_cue
from tests.loaders.extract.conftest import read


@pytest.mark.parametrize(
    "cue",
    [
        "denied",
        "officially denied",
        "rejected",
        "dismissed",
        "disputes",
        "refuted",
        "rebutted",
        "contradicted",
        "pushed back",
    ],
)
def test_denials_contradict(cue: str) -> None:
    assert cue_stance(cue) == "CONTRADICTS"


@pytest.mark.parametrize(
    "cue", ["confirmed", "corroborates", "backed", "supported", "echoed", "agreed", "endorsed"]
)
def test_confirmations_support(cue: str) -> None:
    assert cue_stance(cue) == "SUPPORTS"


@pytest.mark.parametrize("cue", ["said", "told reporters", "according to", "noted", "warned", "thinks"])
def test_neutral_cues_have_no_stance(cue: str) -> None:
    assert cue_stance(cue) is None


def test_a_negated_denial_is_no_stance() -> None:
    assert cue_stance("did not deny") is None
    assert cue_stance("never confirmed") is None


@pytest.mark.parametrize(
    "lemma",
    [
        "say",
        "tell",
        "reveal",
        "note",
        "warn",
        "add",
        "estimate",
        "confirm",
        "deny",
        "insist",
        "argue",
        "believe",
        "according to",
        "point out",
        "tell reporters",
    ],
)
def test_listed_cues_are_cues(lemma: str) -> None:
    assert is_cue(lemma)


@pytest.mark.parametrize("lemma", ["eat", "table", "run", ""])
def test_other_words_are_not_cues(lemma: str) -> None:
    assert not is_cue(lemma)


def test_cue_info_kinds() -> None:
    say, think, according = cue_info("say"), cue_info("think"), cue_info("according to")
    assert say is not None and say.kind == "speech"
    assert think is not None and think.kind == "belief"
    assert according is not None and according.kind == "reporting"
    deny = cue_info("deny")
    assert deny is not None and deny.takes_np and deny.stance == "CONTRADICTS"



@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The governor hopes that the bridge will open soon.", "hopes", "the bridge will open soon"),
        ("The union had hoped to settle the dispute by May.", "hoped", "to settle the dispute by May"),
        ("Local farmers are hoping the rains arrive early.", "hoping", "the rains arrive early"),
    ],
)
def test_hope_is_a_cue_though_the_lemmatizer_reads_hop(
    nlp: Language, text: str, cue: str, content: str
) -> None:
    # The model lemmatizes "hopes/hoped/hoping" as "hop"; the cue lookup must put that right.
    found = read(nlp, text)
    assert [(c, body) for c, _, body in found] == [(cue, content)]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The mayor is looking to cut bus fares by June.", "looking"),
        ("The coach bemoaned the state of the pitch.", "bemoaned"),
        ("Inspectors deemed the bridge unsafe for lorries.", "deemed"),
        ("The minister encouraged farmers to plant earlier.", "encouraged"),
        ("Okafor persuaded the council to delay the vote.", "persuaded"),
        ("The aide convinced the senator to drop the bill.", "convinced"),
        ("The firm attributed the losses to the strike.", "attributed"),
        ("Auditors determined that the fund had been misused.", "determined"),
        ("The minister laid out a plan for rural broadband.", "laid out"),
    ],
)
def test_verbs_of_intent_urging_and_judgement_are_cues(nlp: Language, text: str, cue: str) -> None:
    # Each names a stance PolNeAR attributes: what someone means to do, urges, or judges.
    assert cue in [c for c, _, body in read(nlp, text) if body]
