"""Who does a subjectless -ing cue (participle_subjects.py): the object of the verb it hangs on
when the participle describes that object ("left voters wondering", "praised X for saying")."""

from __future__ import annotations

from spacy.language import Language

from .test_speaker_mentions import speakers


def test_a_participle_after_the_object_of_leave_is_the_objects(nlp: Language) -> None:
    text = "The vote has left many Democrats, including her own aides, wondering whether she can win."
    assert speakers(nlp, text)["wondering"] == "many Democrats"
    text = "The shootings have left 62 percent of voters saying race relations are worse."
    assert speakers(nlp, text)["saying"] == "62 percent of voters"


def test_a_participle_after_an_object_and_its_preposition_is_the_objects(nlp: Language) -> None:
    # (after "for" the deed a cue praises or blames is no claim at all: non_statements.deed_judged)
    text = "The mayor accused the governor of saying the budget was balanced."
    assert speakers(nlp, text)["saying"] == "the governor"


def test_an_object_that_cannot_speak_lends_the_participle_nothing(nlp: Language) -> None:
    text = "The audit took a lot of heat for suggesting the bridge was unsafe."
    assert speakers(nlp, text)["suggesting"] == "The audit"


def test_a_participle_right_after_a_with_phrase_is_its_nouns(nlp: Language) -> None:
    text = "The meeting ended with Ms. Ortiz asking the board whether it would resign."
    assert speakers(nlp, text)["asking"] == "Ms. Ortiz"


def test_a_participle_on_what_was_received_is_that_things(nlp: Language) -> None:
    text = "Police received calls saying shots had been fired at the mall."
    assert speakers(nlp, text)["saying"] == "calls"
    text = "She signed paperwork ordering her to appear in court next month."
    assert speakers(nlp, text)["ordering"] == "paperwork"
    # but what one issues still says what its issuer says
    text = "The council issued a statement saying the vote would go ahead."
    assert speakers(nlp, text)["saying"] == "The council"


def test_a_participle_right_after_a_relative_clause_that_denies_is_its_speakers(nlp: Language) -> None:
    text = (
        "The mayor said the vote had been rigged, a charge that county officials flatly denied, "
        "noting that the count was audited twice."
    )
    assert speakers(nlp, text)["noting"] == "county officials"


def test_a_participle_filling_the_time_someone_spent_is_theirs(nlp: Language) -> None:
    text = "He spent much of his own speech praising the candidate, who is running in the district."
    assert speakers(nlp, text)["praising"] == "He"
