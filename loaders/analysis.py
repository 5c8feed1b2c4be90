"""What an analyst asks of the graph beyond who said what, computed on the write path (issue 13):
which articles are copies of one story, how many independent origins stand behind a statement,
which statements are on the same matter, and when each was made.

`RunAnalysis` works on a run of articles inside loaders.write's transaction, like the rest of the
write path: everything is built in memory article by article, each article seeing what the earlier
ones are about to write (the `groups` overlay), then written in a few bulk operations, so that a
chunk ends exactly as one article at a time would. Per article, the work is bounded: one grouped
find of LSH band keys (at most BAND_CANDIDATES articles per key), the claims of the one article it
copies, and the same-matter candidates inference already ranks (loaders.contradictions).

  stories    (loaders.stories) an article whose MinHash similarity to an earlier one reaches the
             threshold joins that one's story (`story_id`, `story_match` with the similarity and
             the passages they share); otherwise it starts a story of its own. A story (a `groups`
             document of kind `story`) keeps its size and its original (the earliest copy by
             publication date).
  origins    what a claim counts for: the outlet a re-report names ("…, the Harbor Daily
             reported", "first published by …", "according to Reuters": a source of kind OUTLET),
             else its article's story, so that the copies of one report count once. A statement
             counts every story, and every named outlet that none of its stories was carried by
             (independent_origins): the Harbor Daily's re-report adds nothing to its own report.
             All of it is a function of the members, whatever order they came in.
  statements claims that say the same thing: identical content words in the article a copy was
             matched with, or, among the same-matter candidates, at least SAME_SHARE of their
             content words in common, the same numbers and polarity, and no contradiction between
             them. A claim joins the group of the one it matched (a `groups` document of kind
             `statement`), which counts its origins; `independent_sources` on every member is that
             count up to COUNTED_ON_CLAIMS, kept on the claims so that filters and sorts use an
             index. A change of that number rewrites the group's members (an indexed find by
             `same_id`), so at most COUNTED_ON_CLAIMS times in a group's life.
  matters    claims on the same matter (the inference layer's content terms: most of the shorter
             claim's terms in the other, loaders.inference.MATTER_SHARE) join one matter,
             which keeps its key terms; each claim keeps the words it shares with the claim it
             joined through (`matter_words`), and `matter_order` sorts a speaker's statements
             matter by matter.
  dates      `said_on` and `timeline` (loaders.positions); dated roles are merged into entities
             in `add_role_facts`; contradictions between two claims of one speaker are labelled
             (`label_relations`), and a speaker's dated reversal within one article ("In 2021,
             Brun said …" vs what Brun says today) becomes an INFERRED relation of its own.

A group of one has no document: it is written when a second member joins, from what its first
member says, and the API reads a missing group as its member alone (most articles have no copy,
most claims say what nobody else says).

A group id never changes once given, and a claim joins a group only when it is first written, so
reruns change nothing. Claims and articles that go (a rerun with fewer claims, deleteArticle)
leave their groups through `forget_claims` and `forget_article`.
"""

from __future__ import annotations

import bisect
import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

from store.base import Store
from store.documents import INDEPENDENT_SOURCES_CAP, digest

from .contradictions import opposable_pairs
from .documents import article_order, normalize_name, relation_doc
from .inference import MATTER_SHARE, infer_contradictions, predicate_stems  # the matter inference sees
from .model import Article, Entity
from .positions import before, contradiction_label, merge_role_facts, role_observations, said_on, timeline_key
from .stories import Signature, best_match, shared_phrases

BAND_CANDIDATES = 8  # articles fetched per LSH band key, earliest first
SAME_SHARE = 0.5  # Jaccard similarity of content terms from which two claims say the same thing
MAX_EVIDENCE = 50  # evidence entries a statement group keeps (the earliest)
MAX_ORIGINS = 300  # origins a statement group tells apart: past them, its count stays where it is
COUNTED_ON_CLAIMS = INDEPENDENT_SOURCES_CAP  # `independent_sources` on a claim: see counted_on_claims
MAX_OUTLETS = 200  # outlets a statement group names
MAX_MATTER_TERMS = 50  # term counts a matter keeps (the most frequent)
KEY_TERMS = 6  # terms that name a matter
MAX_WORDS = 12  # words a claim keeps as the reason for its grouping
MAX_DATED_CLAIMS = 40  # claims of one article paired for a speaker's dated reversal


@dataclass(frozen=True)
class AnalysisOptions:
    """Switches for benchmarks (bench/dossier.py compares loads with and without): not settings,
    since a store must be written one way throughout."""

    same_story: bool = True
    enabled: bool = True


DEFAULT_OPTIONS = AnalysisOptions()
OPTIONS: ContextVar[AnalysisOptions | None] = ContextVar("claimgraph_analysis_options", default=None)


def options() -> AnalysisOptions:
    """The options this task writes with (bench/dossier.py sets them; DEFAULT_OPTIONS otherwise)."""
    return OPTIONS.get() or DEFAULT_OPTIONS


class Prepared(Protocol):
    """What RunAnalysis reads of loaders.write.PreparedArticle."""

    article: Article
    article_id: str
    entity_docs: list[dict[str, Any]]
    claim_docs: list[dict[str, Any]]
    relation_docs: list[dict[str, Any]]


def story_id_of(article_id: str) -> str:
    return f"sto_{digest('story', article_id)}"


def statement_id_of(claim_id: str) -> str:
    return f"sam_{digest('statement', claim_id)}"


def matter_id_of(claim_id: str) -> str:
    return f"mat_{digest('matter', claim_id)}"


def copy_key_of(story_id: str, terms: Sequence[str]) -> str:
    """Claims with the same content words in articles of one story are copies of each other."""
    return digest("copy", story_id, " ".join(terms))


# -- dated roles (in prepare_article) ------------------------------------------------------------
def add_role_facts(
    docs: dict[str, dict[str, Any]],
    changed: set[str],
    entities: Iterable[Entity],
    ids: Mapping[str, str],
    article: Article,
    article_id: str,
) -> None:
    """Merge the dated roles this article gives its entities into their resolved documents
    (`docs` by id, `ids` the extraction's keys to ids), marking the ones that change."""
    if not options().enabled:
        return
    for entity in entities:
        eid = ids.get(entity.key)
        if eid is None or eid not in docs or not entity.roles:
            continue
        names = [entity.name, *entity.aliases]
        observed = role_observations(entity.roles, names, article.text, article.published_at, article_id)
        if not observed:
            continue
        doc = docs[eid]
        facts = merge_role_facts(doc.get("role_facts") or [], observed)
        if facts != (doc.get("role_facts") or []):
            docs[eid] = {**doc, "role_facts": facts}
            changed.add(eid)


# -- claims, groups ------------------------------------------------------------------------------
def _terms(doc: Mapping[str, Any]) -> list[str]:
    terms = doc.get("terms")
    return [t for t in terms if isinstance(t, str)] if isinstance(terms, list) else []


_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class TermView:
    """What grouping compares of a claim, computed once per claim and run."""

    terms: tuple[str, ...]  # content terms, in order
    term_set: frozenset[str]
    numbers: frozenset[str]  # the terms holding a digit
    matter: tuple[str, ...]  # the terms that say what it is about (no antonym-lexicon words)
    matter_set: frozenset[str]

    @classmethod
    def of(cls, doc: Mapping[str, Any]) -> TermView:
        terms = tuple(_terms(doc))
        stance = predicate_stems()
        matter = tuple(t for t in terms if t not in stance)
        return cls(
            terms=terms,
            term_set=frozenset(terms),
            numbers=frozenset(t for t in terms if _DIGIT.search(t)),
            matter=matter,
            matter_set=frozenset(matter),
        )


def same_matter(a: TermView, b: TermView) -> list[str]:
    """The terms two claims share when they are on the same matter (the inference layer's rule:
    leaving out the words of its antonym lexicon, which say what is claimed of a matter rather than
    what it is, at least MATTER_SHARE of the shorter claim's terms, and two of them unless it has
    two or fewer), in `a`'s order; empty otherwise."""
    smaller = max(1, min(len(a.matter_set), len(b.matter_set)))
    common = len(a.matter_set & b.matter_set)
    if not common or common / smaller < MATTER_SHARE or (common < 2 and smaller > 2):
        return []
    return [t for t in a.matter if t in b.matter_set]


def says_the_same(a: Mapping[str, Any], b: Mapping[str, Any], va: TermView, vb: TermView) -> float:
    """How much two claims say the same thing (Jaccard similarity of their content terms), 0 when
    they do not: below SAME_SHARE, other numbers ("12 million" is not "345 million"), opposite
    polarity, or a contradiction between them."""
    ta, tb = va.term_set, vb.term_set
    if (
        not ta
        or not tb
        or va.numbers != vb.numbers
        or min(len(ta), len(tb)) < SAME_SHARE * max(len(ta), len(tb))
    ):
        return 0.0
    common = len(ta & tb)
    jaccard = common / (len(ta) + len(tb) - common)
    if jaccard < SAME_SHARE or int(a.get("polarity") or 0) != int(b.get("polarity") or 0):
        return 0.0
    if a.get("article_id") != b.get("article_id"):
        news, olds = opposable_pairs([a], [b])  # inference's own cheap test first
        if news and olds and infer_contradictions([a], [b]):
            return 0.0
    return round(jaccard, 4)


def _position(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {"claim_id": doc["_id"], "article_id": doc["article_id"], "order": doc["order"]}


def _earlier(a: Mapping[str, Any] | None, b: Mapping[str, Any]) -> bool:
    return a is None or (b["order"], b["claim_id"]) < (a["order"], a["claim_id"])


# -- statement groups: origins, outlets, evidence -----------------------------------------------
# A statement group's `origins` maps each origin key to {name, claims, first, outlets}: "story:<id>"
# for the reports of one story (its copies count once; named by the outlet of its earliest member
# in the group), "outlet:<name>" for re-reports naming that outlet. A re-report counts as an origin
# of its own only when no story of the group was carried by the outlet it names: "…, the Harbor
# Daily reported" adds nothing to the Harbor Daily's own report. All of it is a function of the
# members, whatever order they came in.


def add_member(group: dict[str, Any], origin: Mapping[str, Any], entry: dict[str, Any]) -> None:
    group["size"] = int(group.get("size") or 0) + 1
    origins = group.setdefault("origins", {})
    if origin["key"] not in origins and len(origins) >= MAX_ORIGINS:
        # Bounded work per article: a statement said by this many origins keeps the ones it has
        # (and its count); the claim is still a member, with its evidence and outlet.
        group["saturated"] = True
        slot: dict[str, Any] = {"claims": 0, "outlets": {}}
    else:
        slot = origins.setdefault(
            origin["key"], {"name": origin["name"], "claims": 0, "first": None, "outlets": {}}
        )
    slot["claims"] = int(slot.get("claims") or 0) + 1
    carried = origin["name"] if origin["kind"] == "REREPORT" else origin.get("outlet")
    if carried:
        slot["outlets"][carried] = int(slot["outlets"].get(carried) or 0) + 1
    if "first" in slot and (
        slot["first"] is None or (entry["order"], entry["claim_id"]) < tuple(slot["first"])
    ):
        slot["first"] = [entry["order"], entry["claim_id"]]
        if origin["kind"] != "REREPORT" and origin.get("outlet"):
            slot["name"] = origin["outlet"]
    outlet = origin.get("outlet")
    outlets = group.setdefault("outlets", {})
    if outlet and (outlet in outlets or len(outlets) < MAX_OUTLETS):
        outlets[outlet] = int(outlets.get(outlet) or 0) + 1
    evidence = group.setdefault("evidence", [])
    bisect.insort(evidence, entry, key=lambda e: (e["order"], e["claim_id"]))
    del evidence[MAX_EVIDENCE:]


def independent_origins(group: Mapping[str, Any]) -> list[str]:
    """The keys of a statement group's independent origins, sorted: every story, and every
    re-reported outlet that none of the stories was carried by."""
    origins: Mapping[str, Any] = group.get("origins") or {}
    carried = {
        normalize_name(o)
        for k, v in origins.items()
        if k.startswith("story:")
        for o in v.get("outlets") or {}
    }
    return sorted(k for k in origins if k.startswith("story:") or k.removeprefix("outlet:") not in carried)


def refresh_statement(group: dict[str, Any]) -> bool:
    """Recompute what follows from a statement group's members: its independent origins (True
    when their number changed), its first appearance, and each evidence entry's kind (REPORT: the
    earliest claim of a story in the group; COPY: a later claim of that story; REREPORT: a claim
    naming the outlet it comes from)."""
    before = counted_on_claims(group) if "independent" in group else None
    independent = independent_origins(group)
    group["independent"] = len(independent)
    origins = group.get("origins") or {}
    for key, slot in origins.items():
        slot["independent"] = key in independent
    for entry in group.get("evidence") or []:
        slot = origins.get(entry["origin_key"]) or {}
        first = slot.get("first") or []
        if entry.get("cited"):
            entry["kind"] = "REREPORT"
        else:
            entry["kind"] = "REPORT" if first == [entry["order"], entry["claim_id"]] else "COPY"
        entry["origin"] = slot.get("name")
        entry["independent"] = entry["origin_key"] in independent
    evidence = group.get("evidence") or []
    group["first"] = evidence[0] if evidence else None
    return before != counted_on_claims(group)


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


@dataclass
class RunAnalysis:
    store: Store
    prepared: Sequence[Prepared]
    before: Mapping[str, dict[str, Any]]  # the run's articles already stored
    previous: Mapping[str, list[dict[str, Any]]]  # their stored claims, by article id
    options: AnalysisOptions = field(default_factory=options)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    dirty: set[str] = field(default_factory=set)
    recounted: set[str] = field(default_factory=set)  # statement groups whose count on claims changed
    article_fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    _bands_found: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _earlier_bands: dict[str, list[tuple[str, str, ArticleStory]]] = field(default_factory=dict)
    _stories: dict[str, ArticleStory] = field(default_factory=dict)
    _neighbour_claims: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _signatures: dict[str, Signature | None] = field(default_factory=dict)
    _run_claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    _views: dict[str, TermView] = field(default_factory=dict)
    _decoded: dict[str, Signature | None] = field(default_factory=dict)
    _neighbour_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)

    # -- reading what the run needs, in a few store operations -----------------------------------
    def _kept(self, p: Prepared) -> dict[str, Any] | None:
        """The stored version of an article written completely before (a rerun keeps its story)."""
        doc = self.before.get(p.article_id)
        if doc is None or doc.get("partial") or not doc.get("story_id"):
            return None
        return doc

    async def prefetch(self, stored_candidates: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        """Signatures of the run's new articles, their LSH candidates, the claims of those that
        may be copied, and every group the run may join (stored candidates, previous claims)."""
        if not self.options.enabled:
            return
        run_ids = {p.article_id for p in self.prepared}
        bands: set[str] = set()
        for p in self.prepared:
            if self._kept(p) is None and self.options.same_story:
                signature = Signature.of_text(p.article.text)
                self._signatures[p.article_id] = signature
                if signature is not None:
                    bands.update(signature.bands())
        if bands:
            found = await self.store.find_grouped(
                "articles",
                "story_bands",
                sorted(bands),
                {},
                sort="order",
                limit=BAND_CANDIDATES + len(run_ids),
            )
            self._bands_found = {
                band: [d for d in docs if d["_id"] not in run_ids][:BAND_CANDIDATES]
                for band, docs in found.items()
            }
        stored_articles = {d["_id"]: d for docs in self._bands_found.values() for d in docs}
        # Claims of the stored articles some new article may copy (similar enough to one).
        matched: set[str] = set()
        for p in self.prepared:
            signature = self._signatures.get(p.article_id)
            if signature is None:
                continue
            for band in signature.bands():
                for d in self._bands_found.get(band, []):
                    other = self._stored_signature(d)
                    if d["_id"] in matched or other is None or not d.get("story_id"):
                        continue
                    if best_match(signature, [(d["order"], d["_id"], other)]) is not None:
                        matched.add(d["_id"])
        if matched:
            self._neighbour_claims = await self.store.find_grouped(
                "claims", "article_id", sorted(matched), {}
            )
        wanted: set[str] = set()
        wanted.update(d["story_id"] for d in stored_articles.values() if d.get("story_id"))
        wanted.update(doc["story_id"] for p in self.prepared if (doc := self._kept(p)) is not None)
        for docs in [*stored_candidates.values(), *self._neighbour_claims.values(), *self.previous.values()]:
            for d in docs:
                wanted.update(d[k] for k in ("same_id", "matter_id") if isinstance(d.get(k), str))
        if wanted:
            # Fresh documents of this call: changed in place, written back by `write`.
            self.groups.update(await self.store.get_many("groups", sorted(wanted)))

    # -- one article at a time, in order ---------------------------------------------------------
    def add(
        self, p: Prepared, new: Sequence[dict[str, Any]], candidates: Sequence[Mapping[str, Any]]
    ) -> None:
        """Place article `p` in its story and its new claims in their groups (`new`: the claims it
        did not have before; `candidates`: their same-matter candidates, ranked by inference)."""
        for d in p.claim_docs:
            d["said_on"] = said_on(d.get("stated_at"), p.article.published_at)
            d["timeline"] = timeline_key(d)
        if not self.options.enabled:
            return
        story = self._place_article(p)
        fresh = {d["_id"] for d in new}
        previous = {d["_id"]: d for d in self.previous.get(p.article_id, [])}
        copied = self._copied_claims(p)
        pool = [(c, self._view(c)) for c in candidates]  # compared with each new claim of the article
        for d in p.claim_docs:
            d["copy_key"] = copy_key_of(story.story_id, _terms(d))
            if d["_id"] not in fresh and previous.get(d["_id"], {}).get("same_id"):
                # Grouped when first written; a claim written before this version joins now.
                for k in ("origin", "same_id", "same_words", "matter_id", "matter_words", "matter_order"):
                    if k in previous[d["_id"]]:
                        d[k] = previous[d["_id"]][k]
                continue
            self._join_statement(p, story, d, copied, pool)
            self._join_matter(d, pool)
        self._dated_reversals(p, fresh)

    def _place_article(self, p: Prepared) -> ArticleStory:
        kept = self._kept(p)
        order = article_order(p.article.published_at, p.article_id)
        if kept is not None:
            signature = Signature.decode(kept.get("minhash"))
            story = ArticleStory(
                p.article_id,
                order,
                signature,
                list(kept.get("story_bands") or []),
                kept["story_id"],
                p.article.text,
                p.article.published_at,
                p.article.publisher,
            )
            self.article_fields[p.article_id] = {
                k: kept.get(k) for k in ("minhash", "story_bands", "story_id", "story_match")
            }
        else:
            signature = self._signatures.get(p.article_id)
            bands = signature.bands() if signature is not None else []
            match = self._best_copy(signature, bands) if signature is not None else None
            if match is not None:
                other, similarity = match
                story_id = other.story_id
                story_match: dict[str, Any] | None = {
                    "article_id": other.article_id,
                    "similarity": similarity,
                    "phrases": shared_phrases(p.article.text, other.text),
                }
                self._grow_story(story_id, p, order, other)
            else:
                story_id, story_match = story_id_of(p.article_id), None
            story = ArticleStory(
                p.article_id,
                order,
                signature,
                bands,
                story_id,
                p.article.text,
                p.article.published_at,
                p.article.publisher,
            )
            self.article_fields[p.article_id] = {
                "minhash": signature.encode() if signature is not None else None,
                "story_bands": bands,
                "story_id": story_id,
                "story_match": story_match,
            }
        self._stories[p.article_id] = story
        for band in story.bands:
            slot = self._earlier_bands.setdefault(band, [])
            bisect.insort(slot, (story.order, story.article_id, story), key=lambda x: x[:2])
            del slot[BAND_CANDIDATES:]
        return story

    def _best_copy(self, signature: Signature, bands: Sequence[str]) -> tuple[ArticleStory, float] | None:
        """The earlier article (stored, or of this run) this one copies, if any: the most similar
        among the first BAND_CANDIDATES of each of its band keys."""
        pool: dict[str, ArticleStory] = {}
        for band in bands:
            found = [(d["order"], d["_id"], d) for d in self._bands_found.get(band, []) if d.get("story_id")]
            mine = self._earlier_bands.get(band, [])
            merged = sorted(
                [*[(o, i, None, d) for o, i, d in found], *[(o, i, s, None) for o, i, s in mine]],
                key=lambda x: x[:2],
            )[:BAND_CANDIDATES]
            for order, article_id, story, doc in merged:
                if article_id in pool:
                    continue
                if story is None:
                    assert doc is not None
                    signature_of = self._stored_signature(doc)
                    story = ArticleStory(
                        article_id,
                        order,
                        signature_of,
                        [],
                        doc["story_id"],
                        doc.get("text") or "",
                        doc.get("published_at"),
                        doc.get("publisher_name"),
                    )
                pool[article_id] = story
        options = [(s.order, s.article_id, s.signature) for s in pool.values() if s.signature is not None]
        found_match = best_match(signature, options)
        if found_match is None:
            return None
        return pool[found_match[0]], found_match[1]

    # A group of one has no document: a story, statement or matter is written once a second member
    # joins it, from what its first member says (most articles have no copy, most claims say
    # something nobody else says). The API reads a missing group as the member alone.
    def _grow_story(self, story_id: str, p: Prepared, order: str, other: ArticleStory) -> None:
        group = self.groups.get(story_id)
        if group is None:  # `other` is the story's only article so far
            group = self.groups[story_id] = {
                "_id": story_id,
                "kind": "story",
                "size": 1,
                "original": {
                    "article_id": other.article_id,
                    "order": other.order,
                    "published_at": other.published_at,
                    "publisher": (other.publisher or "").strip() or None,
                },
                "order": f"{other.order}|{story_id}",
            }
        group["size"] = int(group.get("size") or 0) + 1
        original = group.get("original") or {}
        if (order, p.article_id) < (original.get("order") or "~", original.get("article_id") or ""):
            group["original"] = {
                "article_id": p.article_id,
                "order": order,
                "published_at": p.article.published_at,
                "publisher": (p.article.publisher or "").strip() or None,
            }
        self.dirty.add(story_id)

    def _copied_claims(self, p: Prepared) -> dict[str, dict[str, Any]]:
        """The claims of the article `p` copies, by their content words (joined)."""
        match = (self.article_fields.get(p.article_id) or {}).get("story_match")
        if not match:
            return {}
        other = match["article_id"]
        docs = self._neighbour_claims.get(other)
        if docs is None:
            docs = next((q.claim_docs for q in self.prepared if q.article_id == other), [])
        out: dict[str, dict[str, Any]] = {}
        for d in sorted(docs, key=lambda d: (d["order"], d["_id"])):
            if d.get("same_id"):
                out.setdefault(" ".join(_terms(d)), d)
        return out

    def _origin(self, p: Prepared, story: ArticleStory, d: Mapping[str, Any]) -> dict[str, Any]:
        outlet = (p.article.publisher or "").strip() or None
        for source in d.get("sources") or []:
            name = (source.get("name") or "").strip()
            if source.get("kind") == "OUTLET" and normalize_name(name):
                return {
                    "key": f"outlet:{normalize_name(name)}",
                    "name": name,
                    "kind": "REREPORT",
                    "outlet": outlet,
                    "evidence": source.get("evidence"),
                }
        return {
            "key": f"story:{story.story_id}",
            "name": outlet or p.article.title or p.article_id,
            "kind": "REPORT",
            "outlet": outlet,
            "evidence": None,
        }

    def _join_statement(
        self,
        p: Prepared,
        story: ArticleStory,
        d: dict[str, Any],
        copied: Mapping[str, Mapping[str, Any]],
        pool: Sequence[tuple[Mapping[str, Any], TermView]],
    ) -> None:
        origin = self._origin(p, story, d)
        d["origin"] = origin
        terms = _terms(d)
        via = copied.get(" ".join(terms)) if terms else None
        if via is not None and via.get("origin"):
            words = terms[:MAX_WORDS]
        else:
            best: tuple[float, str, str] | None = None
            via = None
            mine = self._view(d)
            for c, theirs_view in pool:
                if theirs_view.numbers != mine.numbers or theirs_view.term_set.isdisjoint(mine.term_set):
                    continue
                if not c.get("same_id") or not c.get("origin") or c["_id"] == d["_id"]:
                    continue  # claims written before issue 13 have no group to join
                score = says_the_same(d, c, mine, theirs_view)
                if score and (best is None or (-score, c["order"], c["_id"]) < best):
                    best, via = (-score, c["order"], c["_id"]), c
            theirs = set(_terms(via)) if via is not None else set()
            words = [t for t in terms if t in theirs][:MAX_WORDS]
        if via is not None:
            d["same_id"], d["same_words"], d["same_via"] = via["same_id"], words, via["_id"]
            if d["same_id"] not in self.groups:
                self._start_statement(via)
            self._grow_statement(d["same_id"], self._evidence(d, p.article.published_at), d)
        else:
            d["same_id"], d["same_words"], d["same_via"] = statement_id_of(d["_id"]), terms[:MAX_WORDS], None

    @staticmethod
    def _evidence(d: Mapping[str, Any], published_at: str | None) -> dict[str, Any]:
        origin = d["origin"]
        return {
            **_position(d),
            "origin_key": origin["key"],
            "outlet": origin.get("outlet"),
            "cited": origin.get("name") if origin["kind"] == "REREPORT" else None,
            "cited_words": origin.get("evidence"),
            "published_at": published_at,
        }

    def _start_statement(self, first: Mapping[str, Any]) -> None:
        """The document of the statement group `first` said alone until now."""
        group_id = first["same_id"]
        self.groups[group_id] = {
            "_id": group_id,
            "kind": "statement",
            "size": 0,
            "words": list(first.get("same_words") or _terms(first)[:MAX_WORDS]),
            "origins": {},
            "outlets": {},
            "evidence": [],
            "independent": 0,
            "order": f"{first['order']}|{group_id}",
        }
        self._grow_statement(group_id, self._evidence(first, _published_of(first.get("order"))), first)
        self.recounted.discard(group_id)  # one origin, as its member already says

    def _grow_statement(self, group_id: str, entry: dict[str, Any], d: Mapping[str, Any]) -> None:
        group = self.groups[group_id]
        add_member(group, d["origin"], entry)
        if refresh_statement(group):
            self.recounted.add(group_id)
        self.dirty.add(group_id)

    def _join_matter(self, d: dict[str, Any], pool: Sequence[tuple[Mapping[str, Any], TermView]]) -> None:
        terms = _terms(d)
        via: Mapping[str, Any] | None = None
        words: list[str] = []
        same_via = d.get("same_via")
        if same_via is not None:  # what says the same thing is on the same matter
            via = next((c for c, _ in pool if c["_id"] == same_via), None)
            if via is None:
                via = self._claim_in_run(same_via) or self._neighbour_claim(same_via)
            if via is not None and via.get("matter_id"):
                words = [t for t in terms if t in set(_terms(via))]
            else:
                via = None
        if via is None:
            best: tuple[int, str, str] | None = None
            mine = self._view(d)
            for c, theirs_view in pool:
                if theirs_view.matter_set.isdisjoint(mine.matter_set):
                    continue
                if c["_id"] == d["_id"] or not c.get("matter_id") or not c.get("matter_order"):
                    continue
                shared = same_matter(mine, theirs_view)
                if shared and (best is None or (-len(shared), c["order"], c["_id"]) < best):
                    best, via, words = (-len(shared), c["order"], c["_id"]), c, shared
        if via is None:  # a matter of its own, without a document while it is alone
            matter_id = matter_id_of(d["_id"])
            d["matter_id"], d["matter_words"] = matter_id, terms[:MAX_WORDS]
            d["matter_order"] = f"{d['order']}|{matter_id}|{d['order']}"
            d.pop("same_via", None)
            return
        matter_id = via["matter_id"]
        group = self.groups.get(matter_id)
        if group is None:  # `via` was its only statement so far
            group = self.groups[matter_id] = {
                "_id": matter_id,
                "kind": "matter",
                "size": 0,
                "term_counts": {},
                "first": _position(via),
                "order": str(via["matter_order"]).removesuffix(f"|{via['order']}"),
            }
            self._count_terms(group, via)
        self._count_terms(group, d)
        if _earlier(group.get("first"), _position(d)):
            group["first"] = _position(d)
        d["matter_id"], d["matter_words"] = matter_id, words[:MAX_WORDS]
        d["matter_order"] = f"{group['order']}|{d['order']}"
        d.pop("same_via", None)

    def _count_terms(self, group: dict[str, Any], d: Mapping[str, Any]) -> None:
        group["size"] = int(group.get("size") or 0) + 1
        counts = group.setdefault("term_counts", {})
        for t in _terms(d):
            counts[t] = int(counts.get(t) or 0) + 1
        if len(counts) > MAX_MATTER_TERMS:
            kept = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_MATTER_TERMS]
            group["term_counts"] = dict(kept)
        self.dirty.add(group["_id"])

    def _stored_signature(self, doc: Mapping[str, Any]) -> Signature | None:
        """A stored article's signature, decoded once per run."""
        if doc["_id"] not in self._decoded:
            self._decoded[doc["_id"]] = Signature.decode(doc.get("minhash"))
        return self._decoded[doc["_id"]]

    def _view(self, doc: Mapping[str, Any]) -> TermView:
        view = self._views.get(doc["_id"])
        if view is None:
            view = self._views[doc["_id"]] = TermView.of(doc)
        return view

    def _claim_in_run(self, claim_id: str) -> dict[str, Any] | None:
        if not self._run_claims:
            self._run_claims = {c["_id"]: c for q in self.prepared for c in q.claim_docs}
        return self._run_claims.get(claim_id)

    def _neighbour_claim(self, claim_id: str) -> dict[str, Any] | None:
        if not self._neighbour_by_id:
            self._neighbour_by_id = {c["_id"]: c for docs in self._neighbour_claims.values() for c in docs}
        return self._neighbour_by_id.get(claim_id)

    # -- a speaker's dated reversal within one article -------------------------------------------
    def _dated_reversals(self, p: Prepared, fresh: set[str]) -> None:
        """INFERRED contradictions between two claims of one speaker in this article made at
        different dates (one dated by the text: "In 2021, Brun said"), from the later to the
        earlier, labelled POSITION_CHANGE. Claims of one article are otherwise never inferred
        against each other (the article's own cues relate them)."""
        dated = [d for d in p.claim_docs if d.get("speaker_id")][:MAX_DATED_CLAIMS]
        known = {r["_id"] for r in p.relation_docs}
        for later in dated:
            for earlier in dated:
                if later is earlier or later["speaker_id"] != earlier["speaker_id"]:
                    continue
                if later["_id"] not in fresh and earlier["_id"] not in fresh:
                    continue
                if not before(earlier.get("said_on"), later.get("said_on")):
                    continue
                # Inference never pairs claims of one article: each side stands for its own date.
                found = infer_contradictions(
                    [{**later, "article_id": f"{later['article_id']}@{later.get('said_on')}"}],
                    [{**earlier, "article_id": f"{earlier['article_id']}@{earlier.get('said_on')}"}],
                )
                if not found:
                    continue
                doc = relation_doc(
                    later,
                    earlier["_id"],
                    "CONTRADICTS",
                    method="INFERRED",
                    confidence=found[0]["confidence"],
                    evidence=found[0].get("evidence"),
                    article_id=p.article_id,
                )
                if doc["_id"] in known:
                    continue
                speaker = next((e for e in p.entity_docs if e["_id"] == later["speaker_id"]), None)
                label = contradiction_label(later, earlier, speaker)
                if label is not None:
                    doc["label"], doc["label_evidence"] = label
                p.relation_docs.append(doc)
                known.add(doc["_id"])
        p.relation_docs.sort(key=lambda r: r["_id"])

    # -- after the last article ------------------------------------------------------------------
    def finish(self) -> None:
        """Every claim of the run takes its statement group's final origin count (1 alone)."""
        for p in self.prepared:
            for d in p.claim_docs:
                if not d.get("same_id"):
                    continue
                group = self.groups.get(d["same_id"])
                n = counted_on_claims(group) if group is not None else 1
                d["independent_sources"], d["sources_rank"] = n, -n

    def article_doc_fields(self, article_id: str) -> dict[str, Any]:
        return dict(self.article_fields.get(article_id) or {})

    async def write(self) -> None:
        """The groups the run changed, and the new origin counts on stored members of the
        statement groups that gained an origin (after the run's claims are written)."""
        if not self.dirty:
            return
        await self.store.upsert_many("groups", [self.groups[g] for g in sorted(self.dirty)])
        await recount_members(self.store, {g: self.groups[g] for g in sorted(self.recounted)})

    async def label_relations(
        self,
        by_article: Sequence[Sequence[dict[str, Any]]],
        candidates: Sequence[Sequence[Mapping[str, Any]]],
    ) -> None:
        """Label each article's new INFERRED contradictions between two claims of one speaker, with
        the speaker's dated roles as they stand once that article is written."""
        if not self.options.enabled:
            return
        claims: dict[str, Mapping[str, Any]] = {}
        for found in candidates:
            claims.update({c["_id"]: c for c in found})
        for p in self.prepared:
            claims.update({c["_id"]: c for c in p.claim_docs})
        pairs = [
            (k, r, claims[r["from_claim"]], claims[r["to_claim"]])
            for k, docs in enumerate(by_article)
            for r in docs
            if r["from_claim"] in claims
            and r["to_claim"] in claims
            and claims[r["from_claim"]].get("speaker_id")
            and claims[r["from_claim"]].get("speaker_id") == claims[r["to_claim"]].get("speaker_id")
        ]
        if not pairs:
            return
        speakers = sorted({a["speaker_id"] for _, _, a, _ in pairs})
        stored = await self.store.get_many("entities", speakers)
        for k, relation, later, earlier in pairs:
            speaker = stored.get(later["speaker_id"])
            for p in self.prepared[: k + 1]:  # the speaker as of article k
                for e in p.entity_docs:
                    if e["_id"] == later["speaker_id"]:
                        speaker = e
            label = contradiction_label(later, earlier, speaker)
            if label is not None:
                relation["label"], relation["label_evidence"] = label


def counted_on_claims(group: Mapping[str, Any]) -> int:
    """What a statement group's members keep as `independent_sources`: its count of independent
    origins up to COUNTED_ON_CLAIMS. The cap bounds the work: members are rewritten only when that
    number changes, so at most COUNTED_ON_CLAIMS times in a group's life, however many origins
    join it later (the group itself keeps the exact count)."""
    return min(int(group.get("independent") or 0), COUNTED_ON_CLAIMS)


async def recount_members(store: Store, groups: Mapping[str, Mapping[str, Any]]) -> None:
    """Set `independent_sources` on every stored member of these statement groups to the group's
    count of origins (counted_on_claims): one indexed find by `same_id`, one update per count."""
    if not groups:
        return
    members = await store.find_grouped("claims", "same_id", sorted(groups), {})
    by_count: dict[int, list[str]] = {}
    for group_id, docs in members.items():
        n = counted_on_claims(groups[group_id])
        by_count.setdefault(n, []).extend(d["_id"] for d in docs if d.get("independent_sources") != n)
    for n in sorted(by_count):
        if by_count[n]:
            await store.update_many(
                "claims", sorted(by_count[n]), {"independent_sources": n, "sources_rank": -n}
            )


# -- claims and articles that go -----------------------------------------------------------------
async def forget_claims(store: Store, claim_ids: Sequence[str]) -> None:
    """Take claims about to be deleted out of their statement groups and matters: sizes, origins
    (a lost origin recounts the remaining members), outlets and evidence (refilled from the
    remaining members when it held a deleted claim). Groups left empty are deleted."""
    docs = list((await store.get_many("claims", list(claim_ids))).values())
    if not any(d.get("same_id") or d.get("matter_id") for d in docs):
        return
    gone = {d["_id"] for d in docs}
    ids = sorted({d[k] for d in docs for k in ("same_id", "matter_id") if isinstance(d.get(k), str)})
    groups = {k: copy.deepcopy(v) for k, v in (await store.get_many("groups", ids)).items()}
    statements: set[str] = set()
    for d in docs:
        statement = groups.get(d.get("same_id") or "")
        if statement is not None:
            statements.add(statement["_id"])
            _remove_member(statement, d)
        matter = groups.get(d.get("matter_id") or "")
        if matter is not None:
            matter["size"] = int(matter.get("size") or 0) - 1
            counts = matter.get("term_counts") or {}
            for t in _terms(d):
                if t in counts:
                    counts[t] -= 1
                    if counts[t] <= 0:
                        del counts[t]
    empty = {g for g, doc in groups.items() if int(doc.get("size") or 0) <= 0}
    recount: dict[str, dict[str, Any]] = {}
    for group_id in sorted(statements - empty):
        statement = groups[group_id]
        evidence = statement.get("evidence") or []
        if any(e["claim_id"] in gone for e in evidence):  # refill from the members that stay
            rest = await store.find(
                "claims", {"same_id": group_id}, sort="order", limit=MAX_EVIDENCE + len(gone)
            )
            statement["evidence"] = [_stored_evidence(c) for c in rest if c["_id"] not in gone][:MAX_EVIDENCE]
            for key, slot in (statement.get("origins") or {}).items():
                firsts = [e for e in statement["evidence"] if e["origin_key"] == key]
                slot["first"] = [firsts[0]["order"], firsts[0]["claim_id"]] if firsts else slot.get("first")
        if refresh_statement(statement):
            recount[group_id] = statement
    await store.delete_many("groups", sorted(empty))
    await store.upsert_many("groups", [groups[g] for g in sorted(groups) if g not in empty])
    await recount_members(store, recount)


def _remove_member(group: dict[str, Any], d: Mapping[str, Any]) -> None:
    group["size"] = int(group.get("size") or 0) - 1
    origin = d.get("origin") or {}
    origins = group.get("origins") or {}
    slot = origins.get(origin.get("key"))
    if slot is not None:
        slot["claims"] = int(slot.get("claims") or 0) - 1
        carried = origin.get("name") if origin.get("kind") == "REREPORT" else origin.get("outlet")
        _decrement(slot.get("outlets") or {}, carried)
        if slot["claims"] <= 0:
            del origins[origin["key"]]
    _decrement(group.get("outlets") or {}, origin.get("outlet"))


def _decrement(counts: dict[str, Any], key: object) -> None:
    if isinstance(key, str) and key in counts:
        counts[key] = int(counts[key]) - 1
        if counts[key] <= 0:
            del counts[key]


def _stored_evidence(c: Mapping[str, Any]) -> dict[str, Any]:
    origin = c.get("origin") or {}
    return {
        **_position(c),
        "origin_key": origin.get("key"),
        "outlet": origin.get("outlet"),
        "cited": origin.get("name") if origin.get("kind") == "REREPORT" else None,
        "cited_words": origin.get("evidence"),
        "published_at": _published_of(c.get("order")),
    }


def _published_of(order: object) -> str | None:
    """The publication date a claim's `order` begins with (loaders.documents.claim_order)."""
    if not isinstance(order, str):
        return None
    first = order.split("|", 1)[0]
    return None if first == "9999" else first


async def forget_article(store: Store, article_id: str) -> None:
    """Take an article about to be deleted out of its story (its claims leave their groups
    through forget_claims): the size, and the original when it was the earliest copy."""
    found = (await store.get_many("articles", [article_id])).get(article_id)
    story_id = (found or {}).get("story_id")
    if not story_id:
        return
    story = (await store.get_many("groups", [story_id])).get(story_id)
    if story is None:
        return
    story = copy.deepcopy(story)
    story["size"] = int(story.get("size") or 0) - 1
    if story["size"] <= 0:
        await store.delete_many("groups", [story_id])
        return
    if (story.get("original") or {}).get("article_id") == article_id:
        rest = await store.find("articles", {"story_id": story_id}, sort="order", limit=2)
        rest = [a for a in rest if a["_id"] != article_id]
        if rest:
            a = rest[0]
            story["original"] = {
                "article_id": a["_id"],
                "order": a["order"],
                "published_at": a.get("published_at"),
                "publisher": a.get("publisher_name"),
            }
    await store.upsert_many("groups", [story])


__all__ = [
    "DEFAULT_OPTIONS",
    "OPTIONS",
    "AnalysisOptions",
    "RunAnalysis",
    "add_role_facts",
    "copy_key_of",
    "forget_article",
    "forget_claims",
    "matter_id_of",
    "options",
    "recount_members",
    "same_matter",
    "says_the_same",
    "TermView",
    "statement_id_of",
    "story_id_of",
]
