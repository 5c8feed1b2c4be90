"""Verbs that read like cues but state nothing of their own, or use a cue in a sense that reports
no statement (cue_senses.py)."""

from __future__ import annotations

from spacy.language import Language

from loaders.extract.attribution.claims import find_claims
from tests.loaders.extract.conftest import read


def test_prove_to_be_links_a_subject_to_what_it_turned_out_to_be(nlp: Language) -> None:
    assert read(nlp, "The rookie proved to be a strong fundraiser.") == []


def test_proving_a_clause_is_still_read(nlp: Language) -> None:
    found = read(nlp, "The auditor proved that the invoices were forged.")
    assert any("the invoices were forged" in content for _, _, content in found)


def test_be_supposed_to_says_what_was_expected_not_what_was_said(nlp: Language) -> None:
    assert read(nlp, "The tax breaks were supposed to be temporary.") == []


def test_finding_ones_way_is_no_finding(nlp: Language) -> None:
    assert read(nlp, "Many families found their way to the small town.") == []
    assert read(nlp, "The council found a way to pay for the bridge.") == []


def test_finding_oneself_somewhere_is_no_finding(nlp: Language) -> None:
    found = read(nlp, "She found herself defending the budget again.")
    assert not any(cue == "found" for cue, _, _ in found)


def test_a_finding_only_sought_is_none(nlp: Language) -> None:
    assert find_claims(nlp("Critics tried to find a buyer for the paper.")) == []


def test_a_finding_made_is_still_read(nlp: Language) -> None:
    found = read(nlp, "The audit found that the city had overpaid its contractors.")
    assert ("found", "The audit", "the city had overpaid its contractors") in found
    found = read(nlp, "I find his tone troubling.")
    assert any(cue == "find" for cue, _, _ in found)


def test_a_date_the_parser_takes_for_the_object_is_no_content(nlp: Language) -> None:
    assert find_claims(nlp("The agency posted Jan. 27 on its site.")) == []


def test_a_markup_tag_left_in_scraped_text_is_no_cue(nlp: Language) -> None:
    text = (
        'Officials reacted quickly. <tweet pic="" author="GovOffice" timestamp="1449075600" '
        'tweet_id="12345">Praying for everyone in Eastport</tweet>'
    )
    assert find_claims(nlp(text)) == []


def test_a_participle_standing_before_its_noun_is_an_adjective_not_a_cue(nlp: Language) -> None:
    assert find_claims(nlp("Declared Candidates for Mayor of Eastport")) == []
    assert find_claims(nlp("Titled the Clean Harbors Act, the bill passed.")) == []


def test_a_participle_with_a_subject_of_its_own_stays_a_cue(nlp: Language) -> None:
    found = read(nlp, "The governor declared a state of emergency on Friday.")
    assert any(cue == "declared" for cue, _, _ in found)


def test_charging_a_price_is_no_accusation(nlp: Language) -> None:
    assert find_claims(nlp("The marina charged a $5,000 fee to every member.")) == []
    assert find_claims(nlp("The gym charged its members more rent last year.")) == []


def test_charging_someone_or_that_something_happened_stays_a_cue(nlp: Language) -> None:
    assert any(cue == "charged" for cue, _, _ in read(nlp, "Prosecutors charged the officer with fraud."))
    found = read(nlp, "Critics charged that the hearing was a sham.")
    assert ("charged", "Critics", "the hearing was a sham") in found


def test_an_infinitive_modifying_a_noun_states_nothing(nlp: Language) -> None:
    # An opportunity, a plan or a ground for something, not a saying by anyone.
    for text in (
        "The governor has no plans to endorse a candidate before the primary.",
        "The council missed its last chance to defend the new budget.",
        "There is good reason to believe the factory will reopen next year.",
    ):
        assert read(nlp, text) == [], text


def test_an_infinitive_modifying_a_noun_still_reports_a_clause(nlp: Language) -> None:
    # "a chance to say that ...": what would be said is spelled out, and it is a statement.
    found = read(nlp, "The mayor took the opportunity to say that the bridge was safe.")
    assert any("the bridge was safe" in content for _, _, content in found)


def test_the_deed_a_cue_blames_is_no_statement_of_its_own(nlp: Language) -> None:
    # "criticized X for seeking Y": the criticism is the statement; the seeking is what it blames.
    text = (
        "That stance is no anomaly for Harlow, who criticized fellow senators in 2019 "
        "for seeking a higher fuel tax."
    )
    assert [cue for cue, _, _ in read(nlp, text)] == ["criticized"]


def test_a_deed_judged_by_no_cue_still_reads_as_before(nlp: Language) -> None:
    # "fired for promoting ...": nothing we read judges it, so the gerund's own reading stands.
    found = read(nlp, "The coach was fired for promoting a rival club online.")
    assert [cue for cue, _, _ in found] == ["promoting"]
