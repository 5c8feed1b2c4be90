"""Hand-built extractions: what the pipeline would find, written out so that the write path is
tested without spaCy."""

from __future__ import annotations

from collections.abc import Callable

from loaders.model import Article, Claim, ClaimKind, Entity, Extraction, Relation, Source
from loaders.write import WriteResult, write_articles
from store.base import Store


def quote(
    article: Article,
    text: str,
    *,
    speaker: str | None,
    kind: ClaimKind = "DIRECT",
    cue: str = "said",
    polarity: int = 0,
    mentions: list[str] | None = None,
    sources: list[Source] | None = None,
) -> Claim:
    start = article.text.index(text)
    return Claim(
        text=text,
        kind=kind,
        cue=cue,
        start=start,
        end=start + len(text),
        speaker=speaker,
        speaker_mention=None,
        polarity=polarity,
        mentions=mentions or [],
        sources=sources or [],
    )


def by_title(table: dict[str, Callable[[Article], Extraction]]) -> Callable[[Article], Extraction]:
    """An extractor that looks the article up by title; unknown titles have nothing to extract."""

    def extract(article: Article) -> Extraction:
        make = table.get(article.title or "")
        return make(article) if make else Extraction()

    return extract


__all__ = ["Article", "Claim", "Entity", "Extraction", "Relation", "Source", "by_title", "quote", "write_one"]


async def write_one(store: Store, article: Article, extraction: Extraction) -> WriteResult:
    """One article through the write path, as its own transaction; fails the test if refused."""
    (outcome,) = await write_articles(store, [(article, extraction)])
    assert isinstance(outcome, WriteResult), outcome
    return outcome
