"""What an analyst asks of the graph beyond who said what, computed on the write path (issue 13):
which articles are copies of one story, how many independent origins stand behind a statement,
which statements are on the same matter, and when each was made. This module runs it; each
concept is a module of its own:

  stories    loaders.story_groups (with loaders.stories' MinHash signatures): an article similar
             enough to an earlier one joins its story, and its claims with the same content words
             as the copied article's are copies (`copy_key`).
  statements loaders.corroboration: claims that say the same thing form a statement group, which
             counts its independent origins (`independent_sources` on its members).
  matters    loaders.matters: statements on the same matter, with their key terms.
  dates      `said_on` and `timeline` (loaders.positions); dated roles are merged into entities in
             `add_role_facts`; contradictions between two claims of one speaker are labelled, and
             a speaker's dated reversal within one article ("In 2021, Brun said …" vs what Brun
             says today) becomes an INFERRED relation of its own (loaders.contradiction_labels).

`RunAnalysis` works on a run of articles inside loaders.write's transaction, like the rest of the
write path: everything is built in memory article by article, each article seeing what the earlier
ones are about to write (the `groups` overlay), then written in a few bulk operations, so that a
chunk ends exactly as one article at a time would. Per article, the work is bounded: one grouped
find of LSH band keys (at most BAND_CANDIDATES articles per key, the newest), the claims of the one article it
copies, and the same-matter candidates inference already ranks (loaders.contradictions).

A group of one has no document: it is written when a second member joins, from what its first
member says, and the API reads a missing group as its member alone (most articles have no copy,
most claims say what nobody else says).

A group id never changes once given, and a claim joins a group only when it is first written, so
reruns change nothing. Claims and articles that go (a rerun with fewer claims, deleteArticle)
leave their groups through `forget_claims` and `forget_article`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

from store.base import Store

from .claim_terms import MAX_WORDS, TermView, claim_terms
from .contradiction_labels import dated_reversals, label_relations
from .corroboration import (
    add_member,
    copies_by_terms,
    counted_on_claims,
    evidence_entry,
    group_document_ids,
    group_documents,
    load_groups,
    new_statement_group,
    origin_of,
    recount_members,
    refill_evidence,
    refresh_statement,
    remove_member,
    statement_id_of,
    statement_match,
)
from .documents import article_order
from .matters import join_matter, uncount_terms
from .model import Article, Entity
from .positions import merge_role_facts, role_observations, said_on, timeline_key
from .story_groups import ArticleStory, RunStories, copy_key_of


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


# -- a run of articles ---------------------------------------------------------------------------
@dataclass
class RunAnalysis:
    """The analysis of one run of articles (see the module docstring): `prefetch` once, `add`
    each article in order, `finish`, then, once the claims are written, `label_relations` and
    `write`."""

    store: Store
    prepared: Sequence[Prepared]
    before: Mapping[str, dict[str, Any]]  # the run's articles already stored
    previous: Mapping[str, list[dict[str, Any]]]  # their stored claims, by article id
    options: AnalysisOptions = field(default_factory=options)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)  # every kind, by id
    dirty: set[str] = field(default_factory=set)  # groups to write
    recounted: set[str] = field(default_factory=set)  # statement groups whose count on claims changed
    joins: list[tuple[str, Mapping[str, Any], dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    kept_groups: set[str] = field(default_factory=set)  # statement groups of claims a rerun keeps
    stories: RunStories = field(init=False)
    _neighbour_claims: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _run_claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    _views: dict[str, TermView] = field(default_factory=dict)
    _neighbour_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.stories = RunStories(self.groups, self.dirty)

    # -- reading what the run needs, in a few store operations -----------------------------------
    def _kept(self, p: Prepared) -> dict[str, Any] | None:
        """The stored version of an article written completely before (a rerun keeps its story)."""
        doc = self.before.get(p.article_id)
        if doc is None or doc.get("partial") or not doc.get("story_id"):
            return None
        return doc

    async def prefetch(self, stored_candidates: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        """Signatures of the run's new articles, their LSH candidates, the claims of those that
        may be copied, and the stories and matters the run may join (of stored candidates and
        previous claims). Statement groups are read once the run knows which it joins (`finish`)."""
        if not self.options.enabled:
            return
        for p in self.prepared:
            if self._kept(p) is None and self.options.same_story:
                self.stories.sign(p.article_id, p.article.text)
        await self.stories.find_candidates(self.store, set(self.before))
        # The stored articles some new article may copy (similar enough to one): their claims,
        # and their stories (the only stored stories the run can join).
        matched = self.stories.copied_articles([p.article_id for p in self.prepared])
        if matched:
            self._neighbour_claims = await self.store.find_grouped(
                "claims", "article_id", sorted(matched), {}
            )
        wanted: set[str] = set(self.stories.stories_of(matched))
        wanted.update(doc["story_id"] for p in self.prepared if (doc := self._kept(p)) is not None)
        for docs in [*stored_candidates.values(), *self._neighbour_claims.values(), *self.previous.values()]:
            for d in docs:
                if isinstance(d.get("matter_id"), str):
                    wanted.add(d["matter_id"])
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
        order = article_order(p.article.published_at, p.article_id)
        story = self.stories.place(p.article, p.article_id, order, self._kept(p))
        fresh = {d["_id"] for d in new}
        previous = {d["_id"]: d for d in self.previous.get(p.article_id, [])}
        copied = self._copied_claims(p)
        pool = [(c, self._view(c)) for c in candidates]  # compared with each new claim of the article
        for d in p.claim_docs:
            d["copy_key"] = copy_key_of(story.story_id, claim_terms(d))
            if d["_id"] not in fresh and previous.get(d["_id"], {}).get("same_id"):
                # Grouped when first written; a claim written before this version joins now.
                for k in ("origin", "same_id", "same_words", "matter_id", "matter_words", "matter_order"):
                    if k in previous[d["_id"]]:
                        d[k] = previous[d["_id"]][k]
                self.kept_groups.add(d["same_id"])  # its count is read again in `finish`
                continue
            self._join_statement(p, story, d, copied, pool)
            matter_id = join_matter(self.groups, d, pool, self._view, self._claim_elsewhere)
            if matter_id is not None:
                self.dirty.add(matter_id)
        dated_reversals(p, fresh)

    def _copied_claims(self, p: Prepared) -> dict[str, Mapping[str, Any]]:
        """The claims of the article `p` copies, by their content words (joined)."""
        other = self.stories.copied_article(p.article_id)
        if other is None:
            return {}
        docs = self._neighbour_claims.get(other)
        if docs is None:
            docs = next((q.claim_docs for q in self.prepared if q.article_id == other), [])
        return copies_by_terms(docs)

    def _join_statement(
        self,
        p: Prepared,
        story: ArticleStory,
        d: dict[str, Any],
        copied: Mapping[str, Mapping[str, Any]],
        pool: Sequence[tuple[Mapping[str, Any], TermView]],
    ) -> None:
        """Claim `d` in the statement group of the claim it says the same thing as, if any, else
        in a group of its own (no document while it is alone)."""
        origin = origin_of(p.article, p.article_id, story.story_id, d)
        d["origin"] = origin
        via, words = statement_match(d, copied, pool, self._view)
        if via is None:
            d["same_id"], d["same_words"] = statement_id_of(d["_id"]), claim_terms(d)[:MAX_WORDS]
            d["same_via"] = None
            return
        group_id = via["same_id"]
        d["same_id"], d["same_words"], d["same_via"] = group_id, words, via["_id"]
        # Counted in `finish`: which group a claim joins never depends on what the group holds.
        self.joins.append((group_id, via, origin, evidence_entry(d, p.article.published_at)))
        self.dirty.add(group_id)

    def _view(self, doc: Mapping[str, Any]) -> TermView:
        view = self._views.get(doc["_id"])
        if view is None:
            view = self._views[doc["_id"]] = TermView.of(doc)
        return view

    def _claim_elsewhere(self, claim_id: str) -> dict[str, Any] | None:
        """A claim of this run, or of an article one of its articles copies."""
        if not self._run_claims:
            self._run_claims = {c["_id"]: c for q in self.prepared for c in q.claim_docs}
        if claim_id in self._run_claims:
            return self._run_claims[claim_id]
        if not self._neighbour_by_id:
            self._neighbour_by_id = {c["_id"]: c for docs in self._neighbour_claims.values() for c in docs}
        return self._neighbour_by_id.get(claim_id)

    # -- after the last article ------------------------------------------------------------------
    async def finish(self) -> None:
        """The statement groups the run's claims joined (read in one operation), their members
        added in order, and every claim of the run takes its group's final origin count (1 alone)."""
        joined = {j[0] for j in self.joins} | self.kept_groups
        self.groups.update(await load_groups(self.store, joined - set(self.groups)))
        for group_id, via, origin, entry in self.joins:
            group = self.groups.get(group_id)
            if group is None:  # `via` said it alone until now
                group = self.groups[group_id] = new_statement_group(via)
            add_member(group, origin, entry)
            if refresh_statement(group):
                self.recounted.add(group_id)
        for p in self.prepared:
            for d in p.claim_docs:
                if not d.get("same_id"):
                    continue
                group = self.groups.get(d["same_id"])
                n = counted_on_claims(group) if group is not None else 1
                d["independent_sources"], d["sources_rank"] = n, -n

    def article_doc_fields(self, article_id: str) -> dict[str, Any]:
        """What the article's document gets of its story: `minhash`, `story_bands`, `story_id`,
        `story_match`."""
        return dict(self.stories.article_fields.get(article_id) or {})

    async def write(self) -> None:
        """The groups the run changed, and the new origin counts on stored members of the
        statement groups that gained an origin (after the run's claims are written)."""
        if not self.dirty:
            return
        await self.store.upsert_many("groups", group_documents(self.groups[g] for g in sorted(self.dirty)))
        await recount_members(self.store, {g: self.groups[g] for g in sorted(self.recounted)})

    async def label_relations(
        self,
        by_article: Sequence[Sequence[dict[str, Any]]],
        candidates: Sequence[Sequence[Mapping[str, Any]]],
    ) -> None:
        """Label each article's new INFERRED contradictions between two claims of one speaker
        (loaders.contradiction_labels.label_relations)."""
        if not self.options.enabled:
            return
        await label_relations(self.store, self.prepared, by_article, candidates)


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
    groups = await load_groups(store, ids)
    statements: set[str] = set()
    for d in docs:
        statement = groups.get(d.get("same_id") or "")
        if statement is not None:
            statements.add(statement["_id"])
            remove_member(statement, d)
        matter = groups.get(d.get("matter_id") or "")
        if matter is not None:
            uncount_terms(matter, d)
    empty = {g for g, doc in groups.items() if int(doc.get("size") or 0) <= 0}
    recount: dict[str, dict[str, Any]] = {}
    for group_id in sorted(statements - empty):
        statement = groups[group_id]
        await refill_evidence(store, statement, gone)
        if refresh_statement(statement):
            recount[group_id] = statement
    await store.delete_many("groups", group_document_ids(empty))
    await store.upsert_many("groups", group_documents(groups[g] for g in sorted(groups) if g not in empty))
    await recount_members(store, recount)


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
    "forget_article",
    "forget_claims",
    "options",
]
