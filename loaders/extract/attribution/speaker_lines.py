"""Lines that name their speaker before a colon: a transcript ("SANDERS: We will win.") or a headline
("Mayor Holm: No Library Will Close"). Split out of claims.py.
"""

from __future__ import annotations

import re

from ...model import Claim
from ..quotes.quotes import QUOTE_MARKS, strip_quote_marks

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
    "photos",
    "video",
    "watch",
    "story",
    "article",
    "caption",
    "image",
    "graphic",
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


# Section and market labels of news pages: "EARNINGS: Marrow Foods, third quarter".
_SECTION_WORDS = {
    "earnings", "markets", "market", "business", "sports", "sport", "weather", "opinion", "analysis",
    "politics", "world", "local", "health", "science", "tech", "technology", "live", "timeline",
    "factbox", "explainer", "advertisement", "sponsored", "trending", "topics", "results", "dividends",
    "stocks", "forex", "commodities", "economy", "entertainment", "culture", "travel", "video", "audio",
    "podcast", "gallery", "newsletter", "more", "also", "see", "listen", "follow",
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


def _label(name: str) -> bool:
    """Page furniture, not a speaker: "WATCH BELOW", "EARNINGS", "Photo", "Related"; a name in
    capitals longer than a transcript's surname ("SANDERS"), or a capitalised common word."""
    lowered = name.lower().replace("\u2019", "'")
    if lowered in _NOT_SPEAKERS or lowered.split()[0] in _NOT_SPEAKERS:
        return True
    if name.isupper() and (len(name) > 12 or lowered in _SECTION_WORDS):
        return True
    return False


def _question(text: str, start: int, end: int) -> bool:
    """A transcript turn that only asks ("When did the utility first know?") states nothing."""
    words = text[start:end].strip().strip("\"\u201c\u201d")
    words = re.sub(r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov)\.", "", words)  # "Mr. Voss, will ...?"
    return words.endswith("?") and not re.search(r"[.!]\s", words)


def speaker_lines(text: str) -> list[Claim]:
    out: list[Claim] = []
    for name, name_start, words_start, words_end in _turns(text):
        # One letter is an interview's Q/A marker: the question is no statement, and the answer's
        # speaker is named elsewhere, not by the letter.
        if _label(name):
            continue
        if len(name.rstrip(".")) == 1:
            continue
        start, end = strip_quote_marks(text, words_start, words_end)
        if end <= start or _question(text, start, end):
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
