"""Speakers: the speaker of each claim, as written in the parse and as an entity of the article.

The speaker mention (whose cue it is) is found while attributing, with these modules:
    speaker_mentions.py    the tight noun phrase of whoever a cue belongs to
    lost_subjects.py       subjects the parse hung elsewhere ("Said Qasemi, now retired, said")
    participle_subjects.py who does a participle ("left many voters wondering")
    unnamed_speakers.py    cues nobody named says ("is widely expected to win")
and resolved to an entity after it:
    speakers.py            resolve_speakers: names, pronouns, descriptions, quotes continued
    speaker_context.py     what resolution knows of the article; pronouns
    speaker_descriptions.py  "the minister", "the report", "a source", cataphora in the lede
    spokespeople.py        whom a spokesperson speaks for (`on_behalf_of`)
"""
from .speakers import resolve_speakers
from .spokespeople import set_on_behalf

__all__ = ["resolve_speakers", "set_on_behalf"]
