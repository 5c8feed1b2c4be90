"""The cue right before a quotation: '..., he said, adding, "B."' / 'said before adding: "B."'.

The parse often hangs such a quote on the main verb ("said") and leaves the participle with no
content of its own; the writer, though, introduces the quote by the participle, and that is the
act the quote records (PolNeAR annotates it so). Split out of attribution/claims.py.
"""

from __future__ import annotations

import re

from ...model import Claim
from ..cues import cue_info, lemma_candidates
from .quotes import QUOTE_MARKS, strip_quote_marks

# A participle set off as an act of the speaker (after a comma, "before", "and", "then"), then at
# most a comma or colon, then the opening mark: ', adding, "' / 'before asking: “'. Not a noun's
# ("supporters chanting “…”"): that is someone else's act.
_BEFORE_QUOTE = re.compile(r"(?:,|\bbefore|\band|\bthen)\s+(?:[a-z]+ly\s+)?([a-z]+ing)\s*[,:]?\s*$")
_STARTS_WITH = re.compile(r"^([a-z]+ing)\s*[,:]?\s*(?=[\"\u201c]|'')")
_SET_OFF = re.compile(r"(?:,|\bbefore|\band|\bthen)\s+(?:[a-z]+ly\s+)?$")


def quote_of(speaker: Claim, text: str, span: tuple[int, int], cue: str, cue_start: int | None) -> Claim:
    """A direct quote at span, said by the same speaker as another claim of theirs (as written,
    and dated the same), introduced by `cue` at cue_start."""
    start, end = span
    return Claim(
        text=text[start:end],
        kind="DIRECT",
        cue=cue,
        start=start,
        end=end,
        speaker_mention=speaker.speaker_mention,
        speaker_start=speaker.speaker_start,
        speaker_end=speaker.speaker_end,
        stated_at=speaker.stated_at,
        cue_start=cue_start,
        cue_end=cue_start + len(cue) if cue_start is not None else None,
    )


def _speech_participle(word: str) -> bool:
    return any((info := cue_info(c)) is not None and info.kind == "speech" for c in lemma_candidates(word))


# The same inside a reported clause: 'said X reminds him of the book, explaining, "…"'.
_INSIDE = re.compile(
    r"(,|\s+before|\s+and|\s+then)\s+(?:[a-z]+ly\s+)?([a-z]+ing)\s*[,:]?\s*(?=[\"\u201c]|'')"
)


def split_at_participles(text: str, claims: list[Claim]) -> list[Claim]:
    """Reported clauses that run on into a quote introduced by a participle of the same speaker
    ('said X, explaining, "…"') end before it; the quote becomes a claim of its own, new ones
    returned."""
    out: list[Claim] = []
    for c in claims:
        if c.kind != "REPORTED" or c.cue_end is None:
            continue
        found = (m for m in _INSIDE.finditer(c.text) if m.start() > 0 and _speech_participle(m.group(2)))
        m = next(found, None)
        if m is None:
            continue
        qs, qe = strip_quote_marks(text, c.start + m.end(), c.end)
        if len(text[qs:qe].split()) < 2:
            continue
        cue_start = c.start + m.start(2)
        out.append(quote_of(c, text, (qs, qe), m.group(2), cue_start))
        c.end = c.start + m.start()
        c.text = text[c.start : c.end]
    return out


def introduce_quotes(text: str, claims: list[Claim]) -> None:
    """Give each quote introduced by a speech participle after its claim's cue that participle as
    its cue, in place. A reported claim that starts with the participle ('adding "B."') starts at
    the quote instead."""
    for c in claims:
        if c.cue_end is None:
            continue
        m = _STARTS_WITH.match(c.text)
        if (
            m is not None
            and _speech_participle(m.group(1))
            and c.cue_end <= c.start
            and _SET_OFF.search(text[max(0, c.start - 30) : c.start]) is not None
        ):
            c.cue, c.cue_start, c.cue_end = m.group(1), c.start, c.start + len(m.group(1))
            c.start += m.end()
            c.text = text[c.start : c.end]
            continue
        if c.kind != "DIRECT":
            continue
        mark = c.start - 1
        while mark > 0 and text[mark] not in QUOTE_MARKS:
            mark -= 1
        if text[mark - 1 : mark + 1] == "''":
            mark -= 1
        m = _BEFORE_QUOTE.search(text[max(0, mark - 40) : mark])
        if m is None or not _speech_participle(m.group(1)):
            continue
        start = max(0, mark - 40) + m.start(1)
        if c.cue_end <= start:  # after its cue: "he said, adding, "…""
            c.cue, c.cue_start, c.cue_end = m.group(1), start, start + len(m.group(1))


__all__ = ["introduce_quotes", "split_at_participles"]
