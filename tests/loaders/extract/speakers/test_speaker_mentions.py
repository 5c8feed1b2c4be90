"""The speaker as written (speaker_mentions.py): which subject a cue belongs to, and how much of
its noun phrase is the mention."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.extract.attribution.reported import find_attributions


def speakers(nlp: Language, text: str) -> dict[str, str | None]:
    """Cue -> speaker mention, for every attribution in text."""
    out: dict[str, str | None] = {}
    for a in find_attributions(nlp(text)):
        out[a.cue] = text[a.speaker_start : a.speaker_end] if a.speaker_start is not None else None
    return out


def test_a_dateline_parsed_as_a_second_subject_is_not_the_speaker(nlp: Language) -> None:
    text = "WASHINGTON (AP) — Senator Maria Delgado and Governor Tom Reyes pledged to work together."
    assert speakers(nlp, text)["pledged"] == "Senator Maria Delgado and Governor Tom Reyes"


def test_the_subject_inside_a_relative_clause_is_its_speaker(nlp: Language) -> None:
    # The content runs from the relative word through the cue ("which officials said will ..."):
    # the subject inside it is still who said it.
    text = "The new levy, which officials said will take effect in May, was approved on Monday."
    assert speakers(nlp, text)["said"] == "officials"


def test_a_sentence_noun_read_as_a_reduced_relative_is_the_speaker(nlp: Language) -> None:
    # "A new survey found last week that ...": the parser hangs "found" on the noun as a reduced
    # relative; with no other verb in the sentence the noun is the one that found it.
    text = "A new survey found last week that most commuters would rather take the tram."
    assert speakers(nlp, text)["found"] == "A new survey"


def test_a_subject_stranded_in_the_opening_phrase_is_the_speaker(nlp: Language) -> None:
    # The parser hangs the subject on the opening phrase ("to Hale, Ortiz, head of ...") and leaves
    # the cue with none: the noun phrase ending in the comma right before the cue is its subject.
    text = "In an email to Hale, Ortiz, head of the Harbor Trust, recounted a conversation she had."
    assert speakers(nlp, text)["recounted"] == "Ortiz, head of the Harbor Trust"


def test_the_object_of_a_control_verb_says_the_infinitive(nlp: Language) -> None:
    # "led party leaders to declare": the leaders declare, not the defeat; a purpose clause
    # ("used the speech to attack") stays with the subject.
    text = "The defeat led party leaders to declare that the race was over."
    assert speakers(nlp, text)["declare"] == "party leaders"
    text = "The mayor used the speech to attack the council's budget."
    assert speakers(nlp, text)["attack"] == "The mayor"


def test_a_second_saying_joined_to_the_reported_clause_is_the_reporters(nlp: Language) -> None:
    # The parser joins "and added" to the reported clause ("the council had approved ..."):
    # a saying coordinated there is the outer speaker's.
    text = "The mayor said the council had approved the budget and added that the vote would come soon."
    assert speakers(nlp, text)["added"] == "The mayor"


def test_a_participle_borrows_the_passive_subject_of_its_verb(nlp: Language) -> None:
    # "was filed ..., alleging": the lawsuit alleges; but the cue's own passive subject is what
    # is said of ("was expected to endorse": by nobody named).
    text = (
        "A lawsuit was filed in 2019 challenging the county's water policy and alleging that"
        " officials had hidden test results."
    )
    found = speakers(nlp, text)
    assert found["alleging"] == found["challenging"] == "A lawsuit"
    assert speakers(nlp, "She was widely expected to endorse the mayor's rival.")["endorse"] is None


def test_a_possessive_holder_of_a_claim_noun_keeps_its_s(nlp: Language) -> None:
    # The holder as written is "Ortiz's" (how the source is marked in attribution corpora);
    # resolution still finds the name inside it.
    text = "Later, Ortiz's claim that the bridge was safe drew criticism from engineers."
    assert speakers(nlp, text)["claim"] == "Ortiz's"


def test_a_relative_speaker_keeps_its_pronoun_past_a_long_apposition(nlp: Language) -> None:
    text = (
        "Nadia Petrova, a professor of public law at the University of Cape Town in South Africa,"
        " who likened the race to a car crash, said voters were tired."
    )
    mention = speakers(nlp, text)["likened"]
    assert mention is not None and mention.startswith("Nadia Petrova") and mention.endswith("who")


def test_a_mention_that_runs_over_the_content_ends_before_it(nlp: Language) -> None:
    # The subject's apposition comes after the participle and its content: the mention is cut
    # back to end before them rather than dropped.
    text = (
        "But a ''super PAC'' supporting Mrs. Hale's candidacy, Priorities Forward, may start running"
        " general election ads even before the contest ends."
    )
    assert speakers(nlp, text)["supporting"] == "a ''super PAC"


def test_a_participle_on_a_noun_belongs_to_that_noun(nlp: Language) -> None:
    # "a new poll showing ...", "evidence suggesting ...": the noun holds it; but a noun that only
    # sets the scene of a verb ("shot back in an article stating") leaves it to the verb's subject.
    text = "In the wake of a new poll showing the mayor's support down to 14 percent, the council met."
    assert speakers(nlp, text)["showing"] == "a new poll"
    assert speakers(nlp, "There is anecdotal evidence suggesting that commuters prefer the tram.")[
        "suggesting"
    ] == "anecdotal evidence"
    assert speakers(nlp, "The governor shot back in an article stating that the port was safe.")[
        "stating"
    ] == "The governor"


def test_a_cue_in_the_passive_without_a_by_phrase_has_no_speaker(nlp: Language) -> None:
    # expected/accused by someone unnamed: the noun described or the subject shared is what is said of
    text = "The council vote, which is widely expected to pass on Friday, will fund three new clinics."
    assert speakers(nlp, text)["expected"] is None
    text = "Ms. Hale is leaving the paper but is expected to keep writing a weekly column."
    assert speakers(nlp, text)["expected"] is None
    text = "The senator was asked by the moderator whether she would raise taxes."
    assert speakers(nlp, text)["asked"] == "the moderator"


def test_the_writers_own_clause_is_no_speaker(nlp: Language) -> None:
    # a cue that is itself the sentence's subject clause, and "it is hard to ...": the writer's
    # judgement, with nobody named saying it
    assert speakers(nlp, "Denying the charges would be a mistake for the mayor.")["Denying"] is None
    assert speakers(nlp, "It is hard to imagine voters forgiving the delay.")["imagine"] is None
    assert speakers(nlp, "It was easy to blame the weather for the losses.")["blame"] is None
    assert speakers(nlp, "It said the tram would run by May.")["said"] == "It"


def test_a_fronted_asked_read_as_a_past_tense_has_no_speaker(nlp: Language) -> None:
    # the one asked answers; the asker is not named (the tagger reads "Asked" as VBD here)
    text = 'Asked what the bridge would cost, Ortiz replied: "We are far from a figure."'
    found = speakers(nlp, text)
    assert found["Asked"] is None
    assert found["replied"] == "Ortiz"



@pytest.mark.parametrize(
    "text",
    [
        "Harbour levy forecast at centre of row\n\nThe treasurer defended her spending plan on Tuesday, "
        "saying the levy would raise $40 million.",
        "Mill and town at odds over water\n\nKESTREL FALLS — The mill's owner insisted on Friday that its "
        "wells were safe.",
    ],
)
def test_a_headline_the_parser_ran_into_the_lede_is_never_the_speaker(nlp: Language, text: str) -> None:
    doc = nlp(text)
    headline = text.split("\n")[0]
    for a in find_attributions(doc):
        if a.speaker_start is not None:
            assert a.speaker_start >= len(headline), text[a.speaker_start : a.speaker_end]


def test_a_second_relative_clause_parsed_as_a_conjunct_is_not_part_of_the_mention(nlp: Language) -> None:
    # the parser joins "and who asked ..." to the noun as a conjunct, as if it were a second name
    text = (
        "A retired county clerk who handled the ballots, and who asked not to be identified because "
        "she still works in local government, said the count was rushed."
    )
    assert speakers(nlp, text)["said"] == "A retired county clerk"


def test_the_name_after_the_dateline_speaks_when_the_parser_took_the_headline_for_subject(
    nlp: Language,
) -> None:
    # from our own corpus (budget_watchdog_shortfall.txt): the parser makes the headline's
    # "forecast" the subject of "defended" and hangs the minister on the dateline
    text = (
        "Port levy forecast at centre of Brannock budget fight\n\nBRANNOCK — Finance Minister Ilse Varga "
        "on Tuesday defended her government's spending plan against a warning from the state's budget "
        "watchdog, insisting that the plan would balance the books within three years."
    )
    assert speakers(nlp, text)["insisting"] == "Finance Minister Ilse Varga"


def test_a_participle_deep_in_prepositional_phrases_still_finds_the_subject(nlp: Language) -> None:
    # persuading -> of -> hopes -> in -> spoke -> met: six steps up to the subject, not none.
    text = (
        "Ms. Ruiz met with the workers and spoke briefly with the owner in hopes of persuading "
        "him to stay."
    )
    assert speakers(nlp, text)["persuading"] == "Ms. Ruiz"


def test_a_participle_on_the_setting_after_on_is_the_subjects(nlp: Language) -> None:
    text = "The top two Democrats in the state are on record opposing the merger."
    assert speakers(nlp, text)["opposing"] == "The top two Democrats in the state"
    # but money spent on ads: the ads attack
    text = "The group spent $2 million on ads attacking the mayor as a liar."
    assert speakers(nlp, text)["attacking"] == "ads"


def test_a_participle_set_off_far_from_the_noun_it_hangs_on_is_the_subjects(nlp: Language) -> None:
    # "tweeting" is parsed as describing "official", two words and a phrase back across a comma:
    # set off like that it is said of the sentence's subject, not of the noun.
    text = (
        "Mayor Ruth Ames was the first official to weigh in on the verdict, tweeting her support "
        "Friday morning."
    )
    assert speakers(nlp, text)["tweeting"] == "Mayor Ruth Ames"


def test_a_participle_on_what_a_controlled_object_made_is_that_objects(nlp: Language) -> None:
    # calling -> editorial -> print -> led: the newspaper printed it, so the newspaper calls.
    text = "The vote led the newspaper to print an editorial calling the mayor a fraud."
    assert speakers(nlp, text)["calling"] == "the newspaper"
