"""Lines that name their speaker before a colon (speaker_lines.py)."""

from __future__ import annotations

from spacy.language import Language

from loaders.extract.attribution.claims import find_claims


def test_a_line_that_runs_on_into_a_second_speaker_is_two_statements(nlp: Language) -> None:
    text = (
        "The two candidates sparred over the levy.\n\n"
        'Lund: "We will cut the levy for every family." Ochieng: "That promise was broken twice."\n'
    )
    found = [(c.speaker_mention, c.cue, c.text) for c in find_claims(nlp(text))]
    assert found == [
        ("Lund", ":", "We will cut the levy for every family."),
        ("Ochieng", ":", "That promise was broken twice."),
    ]
