"""RunStories (loaders.story_groups) against a store that answers the LSH look-up with chosen
candidates: which stored articles a run compares, which it takes for copies, and which stories it
reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from loaders.model import Article
from loaders.stories import Signature
from loaders.story_groups import BAND_CANDIDATES, RunStories

WIRE = (
    "The harbour board voted on Tuesday to close the north pier for repairs after divers found "
    "cracks in three of its pillars. Work will start in March and last until the autumn, the "
    "board said, and ferries will use the south pier in the meantime. Fishermen said the closure "
    "would cost them a season."
)
COPY = WIRE.replace("on Tuesday", "on Tuesday evening").replace("a season", "a whole season")
OTHER = (
    "The school council agreed a new timetable for the spring term, with longer lunch breaks and "
    "a later start on Mondays. Parents will be asked for their views at a meeting next week, and "
    "the council will publish its decision before the holidays."
)


def stored(article_id: str, text: str, order: str, **fields: Any) -> dict[str, Any]:
    signature = Signature.of_text(text)
    assert signature is not None
    return {
        "_id": article_id,
        "order": order,
        "text": text,
        "minhash": signature.encode(),
        "story_bands": signature.bands(),
        "story_id": f"sto_{article_id}",
        "published_at": order,
        "publisher_name": "Harbour Post",
        **fields,
    }


class BandStore:
    """Answers every band key with the same page of stored articles, newest first, and records
    what it was asked."""

    def __init__(self, page: Sequence[dict[str, Any]]) -> None:
        self.page = list(page)
        self.asked: list[tuple[str, str, int | None, bool]] = []

    async def find_grouped(
        self,
        collection: str,
        field: str,
        keys: list[str],
        where: dict[str, Any],
        *,
        sort: str,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> dict[str, list[dict[str, Any]]]:
        self.asked.append((collection, field, limit, newest_first))
        return {key: self.page[:limit] for key in keys}


async def test_only_similar_candidates_are_copies_and_only_their_stories_are_read() -> None:
    page = [
        stored("art_other", OTHER, "2026-03-03"),  # shares a band key, says something else
        stored("art_wire", WIRE, "2026-03-02"),
        stored("art_unsigned", WIRE, "2026-03-01", minhash="not a signature"),
        stored("art_storyless", WIRE, "2026-02-28", story_id=None),
    ]
    store = BandStore(page)
    run = RunStories(groups={}, dirty=set())
    run.sign("art_new", COPY)
    await run.find_candidates(store, set())  # type: ignore[arg-type]
    assert store.asked == [("articles", "story_bands", BAND_CANDIDATES, True)]
    # Candidates without a signature of ours or a story are never compared.
    assert {i for pairs in run.bands_found.values() for _, i in pairs} == {"art_other", "art_wire"}
    matched = run.copied_articles(["art_new"])
    assert matched == {"art_wire"}
    assert run.stories_of(matched) == {"sto_art_wire"}
    assert run.stories_of(["art_other", "art_unsigned"]) == {"sto_art_other"}

    story = run.place(Article(text=COPY, published_at="2026-03-04"), "art_new", "2026-03-04|art_new", None)
    assert story.story_id == "sto_art_wire"
    match = run.article_fields["art_new"]["story_match"]
    assert match["article_id"] == "art_wire" and match["similarity"] >= 0.5
    assert any("north pier for repairs" in phrase for phrase in match["phrases"])
    group = run.groups["sto_art_wire"]
    assert group["size"] == 2 and group["original"]["article_id"] == "art_wire"
    assert run.dirty == {"sto_art_wire"}


async def test_a_run_article_stored_before_widens_the_page_and_is_left_out() -> None:
    # A rerun: the run's own stored article comes back from the look-up and must not be its own
    # candidate, so the page is widened by one and the article dropped from it.
    page = [stored("art_new", COPY, "2026-03-04"), stored("art_wire", WIRE, "2026-03-02")]
    store = BandStore(page)
    run = RunStories(groups={}, dirty=set())
    run.sign("art_new", COPY)
    await run.find_candidates(store, {"art_new"})  # type: ignore[arg-type]
    assert store.asked[0][2] == BAND_CANDIDATES + 1
    assert run.copied_articles(["art_new"]) == {"art_wire"}


async def test_no_candidate_is_no_copy() -> None:
    store = BandStore([stored("art_other", OTHER, "2026-03-03")])
    run = RunStories(groups={}, dirty=set())
    run.sign("art_new", WIRE)
    await run.find_candidates(store, set())  # type: ignore[arg-type]
    assert run.copied_articles(["art_new"]) == set()
    story = run.place(Article(text=WIRE), "art_new", "2026-03-04|art_new", None)
    assert story.story_id != "sto_art_other" and run.article_fields["art_new"]["story_match"] is None
    assert run.groups == {} and run.dirty == set()
