"""What every reader shares: decoding raw bytes with clear refusals, and date parsing."""

from __future__ import annotations

import re
from datetime import date, datetime

from ..model import InputError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # larger inputs are refused: no news article is that long

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF16_SNIFF = 512  # bytes looked at for UTF-16 without a byte-order mark


def _looks_utf16(data: bytes) -> bool:
    """A byte-order mark, or text of ASCII letters with every other byte NUL."""
    if data.startswith(_UTF16_BOMS):
        return True
    head = data[:_UTF16_SNIFF]
    if len(head) < 4:
        return False
    evens, odds = head[0::2], head[1::2]
    return evens.count(0) > 0.9 * len(evens) or odds.count(0) > 0.9 * len(odds)


def decode_text(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """UTF-8 text of an input, or InputError naming why it is not readable text. NUL appears in no
    text (anywhere in the input, not only at its start: it would be stored in the article)."""
    if len(data) > max_bytes:
        raise InputError(name, f"too large: {len(data)} bytes (limit {max_bytes})")
    if not data.strip():
        raise InputError(name, "empty")
    if _looks_utf16(data):
        raise InputError(name, "UTF-16 text: save it as UTF-8 (the encoding every reader here takes)")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(name, f"binary, not text: a NUL byte at offset {nul}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not UTF-8 (invalid byte at offset {exc.start})") from None
    if not text.strip():
        raise InputError(name, "empty")
    # Universal newlines, like a file opened in text mode: spans count "\n" as one character.
    return text.replace("\r\n", "\n").replace("\r", "\n")


_DATE_FORMATS = (
    "%B %d, %Y",  # May 19, 2026
    "%b %d, %Y",  # May 19, 2026 / Sep 3, 2025
    "%b. %d, %Y",  # Sept. style with a dot
    "%B %d %Y",
    "%d %B %Y",  # 19 May 2026
    "%d %b %Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%B %Y",  # May 2026 -> first of the month would invent a day: handled below
)


def parse_date(value: str) -> str | None:
    """An ISO 8601 date (or datetime, as given) for a date as people write it; None if it is not one."""
    text = value.strip().rstrip(".")
    if not text or len(text) > 40:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?", text):
            return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None
    cleaned = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", text)
    cleaned = re.sub(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+", "", cleaned)
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned)
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        if fmt == "%B %Y":
            return f"{parsed.year:04d}-{parsed.month:02d}"
        return parsed.date().isoformat()
    return None


_ISO_PARTIAL = re.compile(r"\d{4}(-\d{2})?")


def normalize_iso(value: str, name: str, field: str) -> str:
    """A partner-given date must already be ISO 8601 ("2026-05-19", "2026-05-19T09:30:00Z", or a
    bare "2026" / "2026-05"); anything else is refused, naming the field."""
    text = value.strip()
    if _ISO_PARTIAL.fullmatch(text):
        month = int(text[5:7]) if len(text) > 4 else 1
        if 1 <= month <= 12:
            return text
    elif re.match(r"\d{4}-\d{2}-\d{2}", text):
        parsed = parse_date(text)
        if parsed is not None:
            return parsed
    raise InputError(name, f"{field}: not an ISO 8601 date: {value!r}")


# -- real text, not a placeholder ------------------------------------------------------------------
MIN_WORDS = 3  # fewer words than this is no article, whatever the format
_WORD = re.compile(r"\w*[^\W\d_]\w*")  # a run of word characters holding a letter (any script)
# Words that make up the stand-ins people paste or leave in: "…", "Your text here", "TODO",
# "Lorem ipsum dolor sit amet". A text of these words alone is a placeholder.
_PLACEHOLDER_WORDS = frozenset(
    "lorem ipsum dolor sit amet consectetur adipiscing elit text body title article content "
    "here goes your the put paste insert todo tbd tba fixme placeholder xxx foo bar baz example "
    "sample test dummy string".split()
)


def _preview(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def placeholder_reason(text: str) -> str | None:
    """Why `text` is no real article text (a placeholder, no words, too few words), or None."""
    words = _WORD.findall(text)
    if not words:
        return f"not an article: the text has no words ({_preview(text)})"
    lowered = [w.casefold() for w in words]
    if lowered[:2] == ["lorem", "ipsum"] or all(w in _PLACEHOLDER_WORDS for w in lowered):
        return f"not an article: the text is a placeholder ({_preview(text)}), not news"
    if len(words) < MIN_WORDS:
        return f"not an article: {len(words)} word(s) of text ({_preview(text)}); at least {MIN_WORDS} needed"
    return None


def check_article_text(text: str, name: str) -> None:
    """InputError naming the input when its text is a placeholder rather than an article."""
    reason = placeholder_reason(text)
    if reason is not None:
        raise InputError(name, reason)


def placeholder_field_reason(value: str) -> str | None:
    """Why an optional field's value ("…", "...", "-") is a stand-in rather than a value, or None."""
    if value.strip() and not any(ch.isalnum() for ch in value):
        return f"{_preview(value)} is a placeholder; give the real value or leave the field out"
    return None
