"""HTML pages: the main text without navigation, ads or scripts, and the page's metadata.

trafilatura does the work (it is maintained, and it knows far more page layouts than we could
write rules for): `bare_extraction` gives the main text, title, author, date, site name
(og:site_name) and canonical URL. Article.text is the extracted main text, which spans point into.
"""

from __future__ import annotations

import trafilatura

from ..model import Article, InputError
from .common import check_article_text, parse_date


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def parse_html(html: str, name: str) -> Article:
    """The article in a page's decoded HTML."""
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,  # reader comments are not the article
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError(name, "not an article: no main text found in the page")
    check_article_text(text, name)
    date = _clean(getattr(doc, "date", None))
    return Article(
        text=text.strip(),
        title=_clean(getattr(doc, "title", None)),
        url=_clean(getattr(doc, "url", None)),
        author=_clean(getattr(doc, "author", None)),
        publisher=_clean(getattr(doc, "sitename", None)),
        published_at=parse_date(date) if date else None,
        source=name,
    )
