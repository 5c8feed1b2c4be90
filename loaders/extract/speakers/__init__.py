"""Speakers: the speaker of each claim, as written in the parse and as an entity of the article.

The speaker mention (whose cue it is) is found while attributing, with these modules:
    speaker_mentions.py    the tight noun phrase of whoever a cue belongs to
    lost_subjects.py       subjects the parse hung elsewhere ("Said Qasemi, now retired, said")
    participle_subjects.py who does a participle ("left many voters wondering")
    unnamed_speakers.py    cues nobody named says ("is widely expected to win")
and resolved to an entity after it:
    speakers.py            find_speakers: names, pronouns, descriptions, quotes continued
    speaker_context.py     what resolution knows of the article; pronouns
    speaker_descriptions.py  "the minister", "the report", "a source", cataphora in the lede
    spokespeople.py        find_on_behalf: whom a spokesperson speaks for (`on_behalf_of`)

Both return what they find and change neither the claims nor the article's EntityIndex:
find_speakers each claim's speaker and the entities its text names, with the entities, roles,
genders and mentions it found on its draft of the index (`Speakers`); find_on_behalf each claim's
body (it only reads the index).
"""
from .speakers import Speakers, find_speakers
from .spokespeople import find_on_behalf

__all__ = ["Speakers", "find_on_behalf", "find_speakers"]
