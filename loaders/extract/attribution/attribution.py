"""One attribution as the parse gives it: a cue, whose it is, and the characters of what was stated.

Produced by reported.py (cue verbs) and reported_nominal.py ("according to", noun cues); turned
into claims by claims.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..cues import CueInfo


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
    # The verb that introduces the content when `cue` is a stance taken with it: "denied X, saying
    # C" is one attribution of C with cue "denied" and content_cue "saying".
    content_cue: str | None = None


def phrase_attribution(
    text: str,
    cue: tuple[Token, Token],
    info: CueInfo,
    content: tuple[int, int],
    speaker: tuple[int, int] | None,
    cue_token: Token | None = None,
) -> Attribution:
    """An attribution whose cue is the words cue[0]..cue[1] as written ("according to", "In Ash's
    view", "show"); content and speaker are character spans. The cue token is the first word
    unless another one carries the cue's sense ("view" in "In Ash's view")."""
    first, last = cue
    end = last.idx + len(last.text)
    return Attribution(
        cue=text[first.idx : end],
        cue_start=first.idx,
        cue_end=end,
        cue_token=(cue_token or first).i,
        info=info,
        content_start=content[0],
        content_end=content[1],
        speaker_start=speaker[0] if speaker else None,
        speaker_end=speaker[1] if speaker else None,
    )


__all__ = ["Attribution", "phrase_attribution"]
