"""Quotation marks in article text: where each quotation opens and closes.

Pure character work on doc.text, one pass, no parse: curly quotes pair by direction, straight
quotes alternate within a paragraph. A quotation still open at the end of a paragraph runs on
(news style: the next paragraph reopens it without closing the first), so it ends at the
paragraph end and is marked `closed=False`; attribution/claims.py joins it with the paragraph that continues
it. Two apostrophes ('') stand for a straight double quote (the New York Times' archive style).
Single quotes are left alone: they are apostrophes far more often than quotation marks.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENING = "\u201c\u201e"  # “ „
CLOSING = "\u201d"  # ”
STRAIGHT = '"'
QUOTE_MARKS = OPENING + CLOSING + STRAIGHT


@dataclass(frozen=True)
class Quotation:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark, or the paragraph end when it runs on
    inner_start: int  # the words inside the marks, trimmed of spaces
    inner_end: int
    closed: bool


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation in text, in order; nested double quotes are not expected in English news."""
    out: list[Quotation] = []
    open_at: int | None = None
    open_width = 1
    n = len(text)
    i = 0
    while i <= n:
        ch = text[i] if i < n else "\n"
        width = 2 if ch == "'" and i + 1 < n and text[i + 1] == "'" else 1
        straight = ch == STRAIGHT or width == 2
        if ch == "\n":
            if open_at is not None:
                s, e = _trimmed(text, open_at + open_width, i)
                if e > s:
                    out.append(Quotation(open_at, e, s, e, closed=False))
                open_at = None
        elif open_at is None and (ch in OPENING or straight):
            open_at, open_width = i, width
        elif open_at is not None and (ch in CLOSING or straight):
            s, e = _trimmed(text, open_at + open_width, i)
            if e > s:
                out.append(Quotation(open_at, i + width, s, e, closed=True))
            open_at = None
        elif open_at is not None and ch in OPENING:
            # A second opening mark while one is open: the first was never closed (a typo or a
            # run-on); restart from here rather than swallowing the text between.
            open_at, open_width = i, width
        i += width
    return out


def strip_quote_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without quotation marks, spaces or a trailing comma at either end."""
    while start < end and (
        text[start] in QUOTE_MARKS or text[start].isspace() or text.startswith("''", start)
    ):
        start += 2 if text.startswith("''", start) else 1
    while end > start and (
        text[end - 1] in QUOTE_MARKS
        or text[end - 1].isspace()
        or text[end - 1] in ",;:"
        or text.startswith("''", end - 2)
    ):
        end -= 2 if text.startswith("''", end - 2) else 1
    return start, end


__all__ = ["QUOTE_MARKS", "Quotation", "find_quotations", "strip_quote_marks"]
