"""Shared by the extraction tests: the spaCy pipeline (loaded once per session, as it is costly) and
`read`, which shows the attributions of a sentence as (cue, speaker, content) strings."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.extract.attribution.reported import find_attributions
from loaders.extract.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


def read(nlp: Language, text: str) -> list[tuple[str, str | None, str]]:
    """The attributions find_attributions reads in `text`, as the words they cover."""
    doc = nlp(text)
    out = []
    for a in find_attributions(doc):
        speaker = text[a.speaker_start : a.speaker_end] if a.speaker_start is not None else None
        out.append((a.cue, speaker, text[a.content_start : a.content_end]))
    return out
