"""Plain-text articles (.txt, .text, and Markdown's .md, .markdown read as plain text).

    Mayor denies freezing the library budget          <- title, and the first paragraph of text
    Valeria Montes | The Meridian Post | 2026-05-19   <- optional byline: author | publisher | date
    ...body...                                           (any subset), or "By Lena Okafor [and …]",
    Source » clarion                                   <- optional trailer: names the publisher

Article.text is the file's text with the byline line and the Source trailer cut out; everything
else, the title line included, stays exactly as written, because in plain-text news the first line
is often the lede itself and annotation offsets count from it. Spans point into Article.text.
Markdown is not rendered: a `#` heading marker is dropped from the title, and any other markup
(emphasis, links) stays in the text as written.
"""

from __future__ import annotations

import re

from ..model import Article, InputError
from .common import check_article_text, parse_date

_NAME = r"[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|de|van|von|da|del|bin|al-\w+)){0,4}"
# "By Lena Okafor", "By Lena Okafor and Sam Reyes", "By A. Diaz, B. Chen and C. Roy"
_BY_LINE = re.compile(rf"^\s*(?i:by)\s+({_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)\s*$")
_TRAILER = re.compile(r"^\s*Source\s*(?:»|>>|›)\s*(\S.*?)\s*$")
_OUTLET_WORDS = re.compile(
    r"\b(post|times|news|journal|tribune|herald|press|daily|gazette|ledger|chronicle|review|"
    r"media|agency|network|radio|tv|broadcasting|wire|report|observer|guardian|telegraph|"
    r"magazine|weekly|courier|record|star|sun|examiner|dispatch|bulletin|inquirer)\b",
    re.IGNORECASE,
)
_MAX_BYLINE = 200


def _lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """(start, end including its newline, line) for every line of text."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, pos + len(line), line.rstrip("\n")))
        pos += len(line)
    return out


def _parse_byline(line: str) -> dict[str, str] | None:
    """Author, publisher and date from a byline line; None when the line is not a byline."""
    if len(line) > _MAX_BYLINE:
        return None
    by = _BY_LINE.match(line)
    if by:
        return {"author": by.group(1).strip()}
    if "|" not in line:
        when = parse_date(line)
        return {"published_at": when} if when else None
    parts = [p.strip() for p in line.split("|")]
    if any(not p or len(p) > 80 for p in parts) or len(parts) > 3:
        return None
    fields: dict[str, str] = {}
    names: list[str] = []
    for part in parts:
        when = parse_date(part)
        if when and "published_at" not in fields:
            fields["published_at"] = when
        else:
            by = _BY_LINE.match(part)
            names.append(by.group(1).strip() if by else part)
    if len(names) == 2:
        fields["author"], fields["publisher"] = names
    elif len(names) == 1:
        # One name alone: an outlet when it reads like one ("The Meridian Post"), else the author.
        looks_like_outlet = names[0].lower().startswith("the ") or _OUTLET_WORDS.search(names[0])
        fields["publisher" if looks_like_outlet else "author"] = names[0]
    elif names:
        return None
    return fields


def parse_txt(text: str, name: str) -> Article:
    """The article in a plain-text file's decoded text (see the module docstring)."""
    lines = _lines_with_offsets(text)
    content = [i for i, (_, _, line) in enumerate(lines) if line.strip()]
    if not content:
        raise InputError(name, "empty")
    title_index = content[0]
    title = lines[title_index][2].strip()
    if name.endswith((".md", ".markdown")):
        title = title.lstrip("#").strip()
    cut: list[int] = []  # line indexes removed from the text
    fields: dict[str, str] = {}
    if len(content) > 1:
        byline = _parse_byline(lines[content[1]][2].strip())
        if byline is not None:
            fields.update(byline)
            cut.append(content[1])
    last = content[-1]
    trailer = _TRAILER.match(lines[last][2]) if last not in cut and last != title_index else None
    if trailer:
        fields["publisher"] = trailer.group(1)
        cut.append(last)
    body = "".join(text[start:end] for i, (start, end, _) in enumerate(lines) if i not in cut)
    body = body.rstrip()
    if body.strip() == lines[title_index][2].strip() and len(content) - len(cut) <= 1:
        raise InputError(name, "not an article: a title and no text")
    # The title line may be real while the rest is a stand-in ("Harbour news" over "…").
    after_title = "".join(text[s:e] for i, (s, e, _) in enumerate(lines) if i > title_index and i not in cut)
    check_article_text(after_title, name)
    return Article(
        text=body,
        title=title or None,
        author=fields.get("author"),
        publisher=fields.get("publisher"),
        published_at=fields.get("published_at"),
        source=name,
    )
