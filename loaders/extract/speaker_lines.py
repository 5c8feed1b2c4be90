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
# A second speaker on the same line, after the first one's quotation closes: 'Lund: "We lost."
# Ochieng: "We won."' is a debate or transcript run on in one paragraph, two statements.
_NEXT_SPEAKER = re.compile(
    r"""(?<=[.?!]["\u201d])[ \t]+([A-Z][\w.\u2019'-]*(?:[ ][A-Z][\w.\u2019'-]*){0,3}):[ \t]+(?=["\u201c])"""
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


def _turns(text: str) -> list[tuple[str, int, int, int]]:
    """(name, name start, words start, words end) of each speaker line, a line split at each
    further speaker it runs on into."""
    out = []
    for m in _SPEAKER_LINE.finditer(text):
        name, name_start, start = m.group(1), m.start(1), m.start(2)
        for nxt in _NEXT_SPEAKER.finditer(text, m.start(2), m.end(2)):
            out.append((name, name_start, start, nxt.start()))
            name, name_start, start = nxt.group(1), nxt.start(1), nxt.end()
        out.append((name, name_start, start, m.end(2)))
    return out


def speaker_lines(text: str) -> list[Claim]:
    out: list[Claim] = []
    for name, name_start, words_start, words_end in _turns(text):
        # One letter is an interview's Q/A marker: the question is no statement, and the answer's
        # speaker is named elsewhere, not by the letter.
        if name.lower().replace("\u2019", "'") in _NOT_SPEAKERS or name.isupper() and len(name) > 12:
            continue
        if len(name.rstrip(".")) == 1:
            continue
        start, end = strip_quote_marks(text, words_start, words_end)
        if end <= start:
            continue
        quoted = text[words_start] in QUOTE_MARKS
        colon = name_start + len(name)
        out.append(
            Claim(
                text=text[start:end],
                kind="DIRECT" if quoted else "REPORTED",
                cue=":",
                start=start,
                end=end,
                speaker_mention=name,
                speaker_start=name_start,
                speaker_end=colon,
                cue_start=colon,
                cue_end=colon + 1,
            )
        )
    return out


__all__ = ["speaker_lines"]
