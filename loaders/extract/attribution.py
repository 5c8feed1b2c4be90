"""One attribution as the parse gives it: a cue, whose it is, and the characters of what was stated.

Produced by reported.py (cue verbs) and reported_nominal.py ("according to", noun cues); turned
into claims by claims.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cues import CueInfo


@dataclass
class Attribution:
    cue: str  # as written: "said", "told reporters", "according to", "officially denied"
    cue_start: int
    cue_end: int
    cue_token: int  # index of the cue word in the doc
    info: CueInfo
    content_start: int  # character span of what was stated
    content_end: int
    speaker_start: int | None = None
    speaker_end: int | None = None
    # False for a speech cue whose content the parse did not attach ("''Wow, what an idea,'' she
    # said", with the quote hung elsewhere): claims.py may still give it a quotation nearby.
    has_content: bool = True
    # True when the content is the cue's noun-phrase object ("denied [Qasemi's revelations]").
    np_object: bool = False


__all__ = ["Attribution"]
