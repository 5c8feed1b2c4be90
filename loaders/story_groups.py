"""Stories on the write path: which article of a run is a copy of which earlier one (stored, or
of the same run), and the story groups that result (issue 13). loaders.stories says how similar
two texts are; this module decides, article by article, which story each one joins.

An article whose MinHash similarity to an earlier one reaches the threshold joins that one's story
(`story_id`, `story_match` with the similarity and the passages they share); otherwise it starts
a story of its own. A story (a `groups` document of kind `story`) keeps its size and its original
(the earliest copy by publication date). The store's index on `story_bands` is the LSH index: one
grouped find of the run's band keys (at most BAND_CANDIDATES articles per key, newest first)
finds every candidate; the run's own articles are candidates of the later ones in memory
(`earlier_bands`), so a chunk ends exactly as one article at a time would.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from store.base import Store
from store.documents import digest

from .documents import outlet_name
from .model import Article
from .stories import NUM_PERM, THRESHOLD, Signature, best_scored, decode_signatures, shared_phrases

# Articles fetched per LSH band key, the newest by publication date: copies of a story appear
# close together, and a key that boilerplate ("Reporting by …") gives thousands of articles has
# the likeliest copies at its newest end (on the analyst bench, 10k articles: 78.7% of copies
# found this way, 79.0% with no limit at all, 75.3% with the earliest first).
BAND_CANDIDATES = 8


def story_id_of(article_id: str) -> str:
    return f"sto_{digest('story', article_id)}"


def copy_key_of(story_id: str, terms: Sequence[str]) -> str:
    """Claims with the same content words in articles of one story are copies of each other."""
    return digest("copy", story_id, " ".join(terms))


@dataclass
class ArticleStory:
    """An article's place in the stories, in memory for the run."""

    article_id: str
    order: str
    signature: Signature | None
    bands: list[str]
    story_id: str
    text: str
    published_at: str | None = None
    publisher: str | None = None


def story_original(
    article_id: str, order: str, published_at: str | None, publisher: str | None
) -> dict[str, Any]:
    """A story's `original`: its earliest copy."""
    return {
        "article_id": article_id,
        "order": order,
        "published_at": published_at,
        "publisher": outlet_name(publisher),
    }


@dataclass
class RunStories:
    """The stories of one run of articles: their signatures, their stored candidates (read once,
    in `find_candidates`), and the story groups they grow in `groups` (shared with
    loaders.analysis.RunAnalysis, which writes the ids in `dirty`)."""

    groups: dict[str, dict[str, Any]]
    dirty: set[str]
    article_fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # what article docs get
    signatures: dict[str, Signature | None] = field(default_factory=dict)  # the run's new articles
    # The stored candidates: (order, id) of each band key's newest articles in a story, their
    # documents, and their signatures as the rows of one matrix (decoded once per run).
    bands_found: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _candidates: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    _row: dict[str, int] = field(default_factory=dict)
    _matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, NUM_PERM), dtype=np.uint32))
    _earlier_bands: dict[str, list[tuple[str, str, ArticleStory]]] = field(default_factory=dict)
    # The run's new signatures as the rows of one matrix too (made at the first comparison).
    _run_row: dict[str, int] | None = None
    _run_matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, NUM_PERM), dtype=np.uint32))
    _similar: dict[tuple[str, str], float] = field(default_factory=dict)

    def sign(self, article_id: str, text: str) -> None:
        """The signature of a new article of the run (one not kept from before)."""
        self.signatures[article_id] = Signature.of_text(text)

    async def find_candidates(self, store: Store, stored_run_ids: set[str]) -> None:
        """The stored articles that share a band key with a new article of the run: one grouped find.
        The run's own articles are left out, so a band key's page is widened by as many of them as
        are stored already (a rerun); otherwise it is BAND_CANDIDATES, however common the key (a
        boilerplate line gives one band key to thousands of articles)."""
        bands: set[str] = set()
        for signature in self.signatures.values():
            if signature is not None:
                bands.update(signature.bands())
        if not bands:
            return
        found = await store.find_grouped(
            "articles",
            "story_bands",
            sorted(bands),
            {},
            sort="order",
            limit=BAND_CANDIDATES + len(stored_run_ids),
            newest_first=True,
        )
        kept = found
        if stored_run_ids:
            kept = {
                band: [d for d in page if d["_id"] not in stored_run_ids][:BAND_CANDIDATES]
                for band, page in found.items()
            }
        docs = {d["_id"]: d for page in kept.values() for d in page if d.get("story_id")}
        ids = list(docs)
        self._matrix, rows = decode_signatures([docs[i].get("minhash") for i in ids])
        self._row = {ids[position]: row for row, position in enumerate(rows)}
        self._candidates = {i: docs[i] for i in self._row}
        self.bands_found = {
            band: [(d["order"], d["_id"]) for d in page if d["_id"] in self._row]
            for band, page in kept.items()
        }

    def stories_of(self, article_ids: Iterable[str]) -> set[str]:
        """The stories of stored candidate articles."""
        return {self._candidates[i]["story_id"] for i in article_ids if i in self._candidates}

    def copied_articles(self, article_ids: Sequence[str]) -> set[str]:
        """The stored articles some new article of the run may copy (similar enough to one), whose
        claims the run reads."""
        matched: set[str] = set()
        for article_id in article_ids:
            signature = self.signatures.get(article_id)
            if signature is None:
                continue
            pool = {i for band in signature.bands() for _, i in self.bands_found.get(band, ())}
            similar = self._stored_similarities(article_id, signature, pool)
            matched.update(other_id for other_id, sim in similar.items() if sim >= THRESHOLD)
        return matched

    def place(
        self, article: Article, article_id: str, order: str, kept: Mapping[str, Any] | None
    ) -> ArticleStory:
        """Article `article_id` in its story: the one it kept from a complete earlier write
        (`kept`), that of the earlier article it copies, or one of its own."""
        if kept is not None:
            signature = Signature.decode(kept.get("minhash"))
            story = ArticleStory(
                article_id,
                order,
                signature,
                signature.bands() if signature is not None else [],  # today's keys, whatever it had
                kept["story_id"],
                article.text,
                article.published_at,
                article.publisher,
            )
            self.article_fields[article_id] = {
                **{k: kept.get(k) for k in ("minhash", "story_id", "story_match")},
                "story_bands": story.bands,
            }
        else:
            signature = self.signatures.get(article_id)
            bands = signature.bands() if signature is not None else []
            match = self._best_copy(article_id, signature, bands) if signature is not None else None
            if match is not None:
                other, similarity = match
                story_id = other.story_id
                story_match: dict[str, Any] | None = {
                    "article_id": other.article_id,
                    "similarity": similarity,
                    "phrases": shared_phrases(article.text, other.text),
                }
                self._grow_story(story_id, article, article_id, order, other)
            else:
                story_id, story_match = story_id_of(article_id), None
            story = ArticleStory(
                article_id,
                order,
                signature,
                bands,
                story_id,
                article.text,
                article.published_at,
                article.publisher,
            )
            self.article_fields[article_id] = {
                "minhash": signature.encode() if signature is not None else None,
                "story_bands": bands,
                "story_id": story_id,
                "story_match": story_match,
            }
        for band in story.bands:
            slot = self._earlier_bands.setdefault(band, [])
            bisect.insort(slot, (story.order, story.article_id, story), key=lambda x: x[:2])
            del slot[:-BAND_CANDIDATES]  # the newest
        return story

    def copied_article(self, article_id: str) -> str | None:
        """The article this one was matched with as a copy, if any."""
        match = (self.article_fields.get(article_id) or {}).get("story_match")
        return match["article_id"] if match else None

    def _best_copy(
        self, article_id: str, signature: Signature, bands: Sequence[str]
    ) -> tuple[ArticleStory, float] | None:
        """The earlier article (stored, or of this run) this one copies, if any: the most similar
        among the newest BAND_CANDIDATES of each of its band keys."""
        stored: dict[str, str] = {}  # id -> order
        mine: dict[str, ArticleStory] = {}
        for band in bands:
            # Both lists hold at most BAND_CANDIDATES: the stored page newest first, the run's
            # oldest first. Most keys have only one of them, and then it is the whole answer.
            found = self.bands_found.get(band, ())
            earlier = self._earlier_bands.get(band, ())
            if not earlier:
                stored.update((other_id, order) for order, other_id in found)
                continue
            if not found:
                mine.update((other_id, story) for _, other_id, story in earlier)
                continue
            both = [*((order, other_id, None) for order, other_id in found), *earlier]
            for order, other_id, story in sorted(both, key=lambda x: x[:2], reverse=True)[:BAND_CANDIDATES]:
                if story is None:
                    stored[other_id] = order
                else:
                    mine[other_id] = story
        from_store = self._stored_similarities(article_id, signature, stored)
        from_run = self._similarities(article_id, signature, mine)
        scored = [(stored[i], i, sim) for i, sim in from_store.items()]
        scored += [(mine[i].order, i, sim) for i, sim in from_run.items()]
        found_match = best_scored(scored)
        if found_match is None:
            return None
        other_id, similarity = found_match
        return mine.get(other_id) or self._stored_story(other_id), similarity

    def _stored_story(self, article_id: str) -> ArticleStory:
        """A stored candidate article in its story."""
        doc = self._candidates[article_id]
        return ArticleStory(
            article_id,
            doc["order"],
            Signature(self._matrix[self._row[article_id]].copy()),
            [],
            doc["story_id"],
            doc.get("text") or "",
            doc.get("published_at"),
            doc.get("publisher_name"),
        )

    # A story of one article has no document: it is written once a copy joins, from what its
    # first article says. The API reads a missing story as the article alone.
    def _grow_story(
        self, story_id: str, article: Article, article_id: str, order: str, other: ArticleStory
    ) -> None:
        group = self.groups.get(story_id)
        if group is None:  # `other` is the story's only article so far
            first = story_original(other.article_id, other.order, other.published_at, other.publisher)
            group = self.groups[story_id] = {
                "_id": story_id,
                "kind": "story",
                "size": 1,
                "original": first,
                "order": f"{other.order}|{story_id}",
            }
        group["size"] = int(group.get("size") or 0) + 1
        original = group.get("original") or {}
        if (order, article_id) < (original.get("order") or "~", original.get("article_id") or ""):
            group["original"] = story_original(article_id, order, article.published_at, article.publisher)
        self.dirty.add(story_id)

    def _similarities(
        self, article_id: str, signature: Signature, others: Mapping[str, ArticleStory]
    ) -> dict[str, float]:
        """The similarity of article `article_id` to each of the run's articles `others` (by id)
        that has a signature."""
        if self._run_row is None:
            signed = {i: sig.hashvalues for i, sig in self.signatures.items() if sig is not None}
            self._run_row = {i: row for row, i in enumerate(signed)}
            if signed:
                self._run_matrix = np.stack(list(signed.values()))
        rows = {i: self._run_row[i] for i in others if i in self._run_row}
        out = dict(zip(rows, signature.similarities_to(self._run_matrix[list(rows.values())]), strict=True))
        # Articles kept from an earlier write (a rerun) are not rows: compared one by one.
        rest = {i: o.signature for i, o in others.items() if i not in rows and o.signature is not None}
        out.update(zip(rest, signature.similarities(list(rest.values())), strict=True))
        return out

    def _stored_similarities(
        self, article_id: str, signature: Signature, others: Iterable[str]
    ) -> dict[str, float]:
        """The similarity of article `article_id` to each of the stored candidates `others` (by id),
        each pair computed once per run (`copied_articles` meets them first, `place` again)."""
        others = list(others)
        unknown = [i for i in others if (article_id, i) not in self._similar]
        if unknown:
            sims = signature.similarities_to(self._matrix[[self._row[i] for i in unknown]])
            for other_id, sim in zip(unknown, sims, strict=True):
                self._similar[(article_id, other_id)] = sim
        return {i: self._similar[(article_id, i)] for i in others}


__all__ = ["BAND_CANDIDATES", "ArticleStory", "RunStories", "copy_key_of", "story_id_of", "story_original"]
