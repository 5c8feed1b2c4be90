"""Cross-article INFERRED contradictions, on claim documents written for these tests."""
from __future__ import annotations

from typing import Any

import pytest

from loaders.extract.terms import content_terms
from loaders.inference import MAX_CONFIDENCE, infer_contradictions


def claim(cid: str, article: str, text: str, polarity: int = 0, **extra: Any) -> dict[str, Any]:
    return {"_id": cid, "article_id": article, "text": text, "polarity": polarity,
            "terms": content_terms(text), **extra}


NEVER_SIGNED = claim("c1", "a1", "We never signed off on a freeze", -1)
AGREED = claim("c2", "a2", "The union agreed to the freeze in March", 1)


def test_never_signed_off_contradicts_agreed_to_the_freeze() -> None:
    [rel] = infer_contradictions([NEVER_SIGNED], [AGREED])
    assert rel["from_claim"] == "c1" and rel["to_claim"] == "c2"
    assert rel["evidence"] == "'never signed off on a freeze' vs 'agreed to the freeze'"
    assert 0 < rel["confidence"] <= MAX_CONFIDENCE < 1.0


def test_antonymous_predicates_without_negation() -> None:
    approved = claim("c3", "a1", "The council approved the stadium budget on Tuesday", 1)
    rejected = claim("c4", "a2", "Councillors rejected the stadium budget", 1)
    [rel] = infer_contradictions([approved], [rejected])
    assert "approved the stadium" in rel["evidence"] and "rejected the stadium" in rel["evidence"]


def test_rise_and_fall_of_the_same_measure() -> None:
    rose = claim("c5", "a1", "Hospital waiting times rose in the spring", 1)
    fell = claim("c6", "a2", "Waiting times at the hospital fell this spring", 1)
    assert len(infer_contradictions([rose], [fell])) == 1


def test_opposite_polarity_on_nearly_the_same_words() -> None:
    closes = claim("c7", "a1", "The mill in Harlow will close next year", 1)
    stays = claim("c8", "a2", "The Harlow mill will not close", -1)
    [rel] = infer_contradictions([stays], [closes])
    assert "not close" in rel["evidence"]


def test_same_side_is_no_contradiction() -> None:
    also_agreed = claim("c9", "a3", "Union members agreed to a wage freeze", 1)
    assert infer_contradictions([also_agreed], [AGREED]) == []


def test_unrelated_pairs_do_not_match() -> None:
    unrelated = [
        claim("u1", "a3", "Exports rose sharply in May", 1),
        claim("u2", "a4", "The mayor refused to comment on the bridge repairs", 1),
        claim("u3", "a5", "Rainfall was not unusual for October", -1),
    ]
    assert infer_contradictions([NEVER_SIGNED, AGREED], unrelated) == []
    # opposite stance but a different matter: falling unemployment vs rising exports
    fell = claim("u4", "a6", "Unemployment fell last year", 1)
    assert infer_contradictions([fell], unrelated) == []


def test_claims_of_the_same_article_are_never_paired() -> None:
    same_article = dict(AGREED, article_id="a1", _id="c10")
    assert infer_contradictions([NEVER_SIGNED], [same_article]) == []


def test_each_pair_once_and_never_with_itself() -> None:
    rels = infer_contradictions([NEVER_SIGNED, AGREED], [AGREED, NEVER_SIGNED])
    assert len(rels) == 1


def test_terms_are_computed_when_the_document_has_none() -> None:
    bare = {"_id": "c11", "article_id": "a2", "text": "The union agreed to the freeze in March"}
    assert len(infer_contradictions([NEVER_SIGNED], [bare])) == 1


def test_a_document_without_an_id_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="candidate claim None has no string '_id'"):
        infer_contradictions([NEVER_SIGNED], [{"article_id": "a2", "text": "x"}])
    with pytest.raises(ValueError, match="polarity"):
        infer_contradictions([dict(NEVER_SIGNED, polarity=5)], [AGREED])


def test_the_answer_is_the_same_whichever_side_is_new() -> None:
    # The resolver asks again the other way round to write the relation from the later claim.
    pairs = [(NEVER_SIGNED, AGREED),
             (claim("c12", "a1", "The Harlow mill will not close", -1),
              claim("c13", "a2", "The mill in Harlow will close next year", 1))]
    for a, b in pairs:
        forward, backward = infer_contradictions([a], [b]), infer_contradictions([b], [a])
        assert len(forward) == len(backward) == 1
        assert forward[0]["confidence"] == backward[0]["confidence"]


def test_a_negated_claim_negates_its_predicate_from_further_back() -> None:
    none_close = claim("c14", "a1", "none of the city's seven libraries would close under the budget", -1)
    draft = claim("c15", "a2", "The draft budget would close the Westside library in January", 1)
    [rel] = infer_contradictions([draft], [none_close])
    assert rel["evidence"].endswith("vs 'none of the city's seven libraries would close under the budget'")
    # the same words without the claim's negation are on the same side: no contradiction
    assert infer_contradictions([draft], [dict(none_close, polarity=1)]) == []


def test_one_shared_word_counts_only_as_the_object_of_both_predicates() -> None:
    ready_a = claim("c16", "a1", "The council is ready to approve the budget", 1)
    ready_b = claim("c17", "a2", "Residents are ready to reject any tax", 1)
    assert infer_contradictions([ready_a], [ready_b]) == []


def test_evidence_runs_through_the_shared_words_after_the_predicate() -> None:
    agreed = claim("c18", "a1", "the union had agreed to a one-year wage freeze during bargaining", 1)
    never = claim("c19", "a2", "it had never accepted a one-year wage freeze proposed by the authority", -1)
    [rel] = infer_contradictions([agreed], [never])
    assert rel["evidence"] == ("'agreed to a one-year wage freeze' vs "
                               "'never accepted a one-year wage freeze'")


def test_long_claims_are_left_out() -> None:
    talk = "We talked about many things. " * 15
    speech = claim("c20", "a3", "We never signed off on a freeze. " + talk, -1)
    assert infer_contradictions([speech], [AGREED]) == []


def test_the_attribution_inside_a_split_quote_is_not_what_the_claim_is_about() -> None:
    split = ('We never agreed to any wage freeze," said Ana Ruiz, president of the Harbor Dockers '
             'Guild. "We only agreed to keep talking.')
    assert content_terms(split) == ["agre", "wag", "freez", "keep", "talk"]
    accepted = claim("c2", "a2", "The union accepted the wage freeze in March", 1)
    [rel] = infer_contradictions([claim("c1", "a1", split, -1)], [accepted])
    assert rel["to_claim"] == "c2"
