"""Lines that name their speaker before a colon: a transcript ("SANDERS: We will win.") or a headline
("Mayor Holm: No Library Will Close"). Split out of claims.py.
"""

from __future__ import annotations

import re

from ..model import Claim
from .quotes import QUOTE_MARKS, strip_quote_marks

# "Joe Scarborough: Trump Playing Dumb Is Disqualifying" — a headline or transcript line that
# gives the speaker's name, a colon, then the words. The name is short and capitalised; labels
# that are not speakers (times, "Update", "Note") are left alone.
_SPEAKER_LINE = re.compile(
    r"^[ \t]*([A-Z][\w.\u2019'-]*(?:[ ][A-Z][\w.\u2019'-]*){0,3}):[ \t]+(\S[^\n]{8,})$", re.M
)
_NOT_SPEAKERS = {
    "update",
    "note",
    "editor's note",
    "photo",
    "video",
    "watch",
    "read more",
    "related",
    "source",
    "sources",
    "correction",
    "warning",
    "breaking",
    "exclusive",
    "read",
    "listen",
    "credit",
    # Labels of news furniture, not speakers: a live blog's "The Latest: ...", credits
    # ("Contributing: two names."), a byline, a paid death notice.
    "the latest",
    "contributing",
    "byline",
    "paid notice",
    "name",
}


def speaker_lines(text: str) -> list[Claim]:
    out: list[Claim] = []
    for m in _SPEAKER_LINE.finditer(text):
        name = m.group(1)
        # One letter is an interview's Q/A marker: the question is no statement, and the answer's
        # speaker is named elsewhere, not by the letter.
        if name.lower().replace("\u2019", "'") in _NOT_SPEAKERS or name.isupper() and len(name) > 12:
            continue
        if len(name.rstrip(".")) == 1:
            continue
        start, end = strip_quote_marks(text, m.start(2), m.end(2))
        if end <= start:
            continue
        quoted = text[m.start(2)] in QUOTE_MARKS
        colon = m.end(1)
        out.append(
            Claim(
                text=text[start:end],
                kind="DIRECT" if quoted else "REPORTED",
                cue=":",
                start=start,
                end=end,
                speaker_mention=name,
                speaker_start=m.start(1),
                speaker_end=m.end(1),
                cue_start=colon,
                cue_end=colon + 1,
            )
        )
    return out


__all__ = ["speaker_lines"]
