"""The analyst section (issue 13): what same-story detection, corroboration, matters and dated
positions cost on the write path and in the dossier.

  loads    a synthetic corpus of N articles (default 100,000), 30% of them near-duplicates of an
           earlier one (another outlet, a sentence dropped or added, a verb changed, a sign-off
           line), written through loaders.write in chunks of WRITE_CHUNK (1,000: what `claimgraph
           load` writes per transaction) into three stores, the variants interleaved chunk by chunk
           (their order rotated, garbage collected before each, untimed) so that a change in the
           machine's load hits them alike:
             stories on   the whole write path (the default)
             stories off  the same without same-story detection (no MinHash, no LSH lookups)
             analysis off the write path without any of issue 13 (the baseline before it)
           Reported: articles/s and claims/s (wall), CPU seconds of this process (all threads: the
           store works in a thread of its own) and claims per CPU second, and how many generated
           copies were found in their source's story. Goal: stories on >= 0.8x stories off.
  dossier  the dossier query with and without corroboration fields (independentSources,
           corroboration { independentSources outlets firstSeen }), interleaved, at every size of
           --sizes (stores of the dossier section, built here when missing). Goal at the largest
           size: with / without <= 1.2 (p50).
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import shutil
import sys
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from bench.common import WORK, ms, pct
from bench.dossier import DOSSIER, build_store
from bench.synthetic import TOPICS, VERBS, speaker_name, zipf_speaker
from loaders.ingest import WRITE_CHUNK

CHUNK = WRITE_CHUNK  # a load's transaction, so the bench writes as `claimgraph load` does
NEAR_DUPLICATES = 0.3
TOWNS = ("Ashby", "Brill", "Corran", "Dunmore", "Eskdale", "Fenwick", "Galt", "Hollin", "Ithen", "Jarrow")
OUTLETS = [f"{town} {kind}" for town in TOWNS for kind in ("Gazette", "Post", "Herald", "Courier")]

CORROBORATION_DOSSIER = DOSSIER.replace(
    "id text cue kind statedAt",
    "id text cue kind statedAt independentSources corroboration { independentSources outlets firstSeen }",
)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- the corpus ----------------------------------------------------------------------------------
def _sentence(rng: random.Random, n_speakers: int) -> tuple[str, str, str]:
    speaker = speaker_name(zipf_speaker(rng, n_speakers))
    content = (
        f"{rng.choice(TOPICS)} would cost {rng.randint(2, 900)} million dollars by {rng.randint(2026, 2034)}"
    )
    return speaker, rng.choice(VERBS), content


def _article(
    index: int, sentences: list[tuple[str, str, str]], outlet: str, day: int, extra: str = ""
) -> dict[str, Any]:
    text, claims = "", []
    for speaker, verb, content in sentences:
        lead = f"{speaker} {verb} that "
        start = len(text) + len(lead)
        claims.append(
            {"text": content, "kind": "REPORTED", "cue": verb, "speaker": speaker, "speaker_kind": "PERSON",
             "speaker_mention": speaker, "span": {"start": start, "end": start + len(content)}}
        )  # fmt: skip
        text += f"{lead}{content}.\n\n"
    text += extra or "The council will meet again next month."
    return {
        "url": f"https://analyst-bench.example/{index}",
        "title": f"Council costs report {index}",
        "publisher": outlet,
        "published_at": f"2026-{1 + (day // 28) % 12:02d}-{1 + day % 28:02d}",
        "text": text,
        "claims": claims,
    }


def corpus(
    n_articles: int, claims_per_article: int = 4, n_speakers: int = 2000, seed: int = 11
) -> Iterator[tuple[dict[str, Any], int | None]]:
    """(partner article, index of the article it copies or None), in publication order. A copy is
    one of the last 500 originals as another outlet printed it, with small edits."""
    rng = random.Random(seed)
    recent: deque[tuple[int, list[tuple[str, str, str]], str]] = deque(maxlen=500)
    for index in range(n_articles):
        day = index * 336 // max(1, n_articles)
        if recent and rng.random() < NEAR_DUPLICATES:
            source, sentences, outlet = rng.choice(recent)
            edited = list(sentences)
            edit = rng.randrange(3)
            if edit == 0 and len(edited) > 2:
                edited.pop()  # a paragraph cut
            elif edit == 1:
                edited.append(_sentence(rng, n_speakers))  # a paragraph added
            speaker, _, content = edited[0]
            edited[0] = (speaker, rng.choice(VERBS), content)  # a reporting verb changed
            other = rng.choice([o for o in OUTLETS if o != outlet])
            yield _article(index, edited, other, day, extra=f"Reporting by the {other} desk."), source
        else:
            sentences = [_sentence(rng, n_speakers) for _ in range(claims_per_article)]
            recent.append((index, sentences, rng.choice(OUTLETS)))
            yield _article(index, sentences, recent[-1][2], day), None


# -- loads ---------------------------------------------------------------------------------------
VARIANTS = ("stories on", "stories off", "analysis off")


async def time_loads(n_articles: int) -> dict[str, Any]:
    from loaders.analysis import OPTIONS, AnalysisOptions
    from loaders.read.json import article_from_dict
    from loaders.write import write_articles
    from store import open_store

    options = {
        "stories on": AnalysisOptions(),
        "stories off": AnalysisOptions(same_story=False),
        "analysis off": AnalysisOptions(enabled=False, same_story=False),
    }
    root = WORK / "analyst-loads"
    shutil.rmtree(root, ignore_errors=True)
    stores = {v: await open_store(data_dir=root / v.replace(" ", "-")) for v in VARIANTS}
    wall = dict.fromkeys(VARIANTS, 0.0)
    cpu = dict.fromkeys(VARIANTS, 0.0)
    copies: dict[str, int] = {}  # url of a copy -> index of its source
    articles = claims = 0
    try:
        chunk: list[Any] = []
        generated = corpus(n_articles)

        flushes = 0
        # Wall seconds per tenth of the load and variant: how the cost grows with the store.
        by_tenth = [dict.fromkeys(VARIANTS, 0.0) for _ in range(10)]
        in_tenth = [0] * 10

        async def flush() -> None:
            nonlocal flushes
            # Interleaved: each chunk goes to every store in turn, the order rotated chunk by chunk,
            # and garbage collected before each variant's turn, outside the timed region: the
            # generator's garbage (and the previous variant's) was collected during whichever
            # variant came first, always "stories on" (3 points of the on / off ratio at 20k).
            turn = VARIANTS[flushes % len(VARIANTS) :] + VARIANTS[: flushes % len(VARIANTS)]
            flushes += 1
            tenth = min(9, (articles - 1) * 10 // max(1, n_articles))  # where in the load the chunk ends
            in_tenth[tenth] += len(chunk)
            for variant in turn:
                gc.collect()
                token = OPTIONS.set(options[variant])
                t0, c0 = time.perf_counter(), _cpu()
                outcomes = await write_articles(stores[variant], chunk)
                wall[variant] += time.perf_counter() - t0
                cpu[variant] += _cpu() - c0
                by_tenth[tenth][variant] += time.perf_counter() - t0
                OPTIONS.reset(token)
                failed = [o for o in outcomes if isinstance(o, Exception)]
                if failed:
                    raise SystemExit(f"analyst bench: a write failed: {failed[0]}")

        for number, (doc, source) in enumerate(generated):
            article = article_from_dict(doc, f"bench-{number}")
            assert article.extraction is not None
            chunk.append((article, article.extraction))
            articles += 1
            claims += len(article.extraction.claims)
            if source is not None:
                copies[doc["url"]] = source
            if len(chunk) >= CHUNK:
                await flush()
                chunk = []
                if sys.stderr.isatty():
                    print(f"\r  {articles:,} / {n_articles:,} articles", end="", file=sys.stderr, flush=True)
        if chunk:
            await flush()
        found = await _copies_found(stores["stories on"], copies)
    finally:
        for store in stores.values():
            await store.close()
    out: dict[str, Any] = {"articles": articles, "claims": claims, "near_duplicates": len(copies)}
    for v in VARIANTS:
        out[v] = {
            "seconds": wall[v],
            "cpu_seconds": cpu[v],
            "articles_per_s": articles / wall[v],
            "claims_per_s": claims / wall[v],
            "claims_per_cpu_s": claims / cpu[v],
        }
    out["copies_found_in_their_source_story"] = found
    out["ms_per_article_by_tenth"] = [
        {v: 1000 * t[v] / n for v in VARIANTS} for t, n in zip(by_tenth, in_tenth, strict=True) if n
    ]
    out["rate_ratio_stories_on_to_off"] = wall["stories off"] / wall["stories on"]
    out["cpu_ratio_stories_on_to_off"] = cpu["stories off"] / cpu["stories on"]
    out["rate_ratio_stories_on_to_analysis_off"] = wall["analysis off"] / wall["stories on"]
    return out


async def _copies_found(store: Any, copies: dict[str, int]) -> float:
    """The share of generated copies that same-story detection put in their source's story."""
    if not copies:
        return float("nan")
    urls = sorted(copies)
    sources = sorted({f"https://analyst-bench.example/{i}" for i in copies.values()})
    story_of: dict[str, str | None] = {}
    for batch in (urls, sources):
        for i in range(0, len(batch), 500):
            found = await store.find("articles", {"url": {"$in": batch[i : i + 500]}})
            story_of.update({d["url"]: d.get("story_id") for d in found})
    hits = sum(
        1
        for url, source in copies.items()
        if story_of.get(url) and story_of.get(url) == story_of.get(f"https://analyst-bench.example/{source}")
    )
    return hits / len(copies)


# -- dossier ---------------------------------------------------------------------------------------
async def time_dossier(stores: dict[int, Path], runs: int, first: int) -> dict[int, dict[str, float]]:
    """The dossier with and without corroboration fields, interleaved query by query."""
    from api.execution import GraphQLRunner
    from api.settings import Settings
    from schema import build_schema, make_context
    from store import open_store

    runner = GraphQLRunner(build_schema(), Settings())
    variables = {"name": speaker_name(0), "first": first}
    opened = {n: await open_store(data_dir=data) for n, data in stores.items()}
    queries = {"without": DOSSIER, "with": CORROBORATION_DOSSIER}

    async def run(store: Any, query: str) -> dict[str, Any]:
        prepared = runner.prepare(query, variables, "Dossier")
        response = await runner.execute(prepared, make_context(store))
        orjson.dumps(response.body)
        return response.body

    timings: dict[int, dict[str, list[tuple[float, float]]]] = {n: {k: [] for k in queries} for n in opened}
    try:
        for n, store in opened.items():
            for name, query in queries.items():
                warm = await run(store, query)
                if warm.get("errors") or not (warm.get("data") or {}).get("actor"):
                    raise SystemExit(f"dossier ({name}) failed at {n}: {warm.get('errors')}")
        for _ in range(runs):
            for n, store in opened.items():
                for name, query in queries.items():
                    t0, c0 = time.perf_counter(), _cpu()
                    await run(store, query)
                    timings[n][name].append((time.perf_counter() - t0, _cpu() - c0))
    finally:
        for store in opened.values():
            await store.close()
    out: dict[int, dict[str, float]] = {}
    for n, by_query in timings.items():
        row: dict[str, float] = {}
        for name, samples in by_query.items():
            row[f"{name}_p50"] = pct([w for w, _ in samples], 0.5)
            row[f"{name}_cpu_p50"] = pct([c for _, c in samples], 0.5)
        row["ratio_p50"] = row["with_p50"] / row["without_p50"]
        out[n] = row
    return out


async def section_analyst(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    n_articles = args.analyst_articles
    print(
        f"analyst loads: {n_articles:,} articles, {NEAR_DUPLICATES:.0%} near-duplicates, variants interleaved"
    )
    loads = await time_loads(n_articles)
    out["loads"] = loads
    for v in VARIANTS:
        r = loads[v]
        print(
            f"  {v:<12}: {r['articles_per_s']:,.0f} articles/s, {r['claims_per_s']:,.0f} claims/s wall | "
            f"{r['cpu_seconds']:,.0f} CPU-s in {r['seconds']:,.0f} s: "
            f"{r['claims_per_cpu_s']:,.0f} claims per CPU-second",
            flush=True,
        )
    print(
        f"  load rate stories on / off: {loads['rate_ratio_stories_on_to_off']:.2f} wall, "
        f"{loads['cpu_ratio_stories_on_to_off']:.2f} CPU (goal >= 0.8) | on / analysis off: "
        f"{loads['rate_ratio_stories_on_to_analysis_off']:.2f} | copies found in their source's story: "
        f"{loads['copies_found_in_their_source_story']:.1%} of {loads['near_duplicates']:,}",
        flush=True,
    )
    growth = ", ".join(
        f"{t['stories on'] - t['stories off']:.1f}" for t in loads["ms_per_article_by_tenth"]
    )
    print(f"  same-story detection, ms per article, by tenth of the load: {growth}", flush=True)
    stores: dict[int, Path] = {}
    for n in args.sizes:
        data, _ = await build_store(n, True)
        stores[n] = data
    timing = await time_dossier(stores, args.runs, args.first)
    out["dossier"] = {str(n): t for n, t in timing.items()}
    for n, t in timing.items():
        print(
            f"  dossier @ {n:>9,} claims: without corroboration p50 {ms(t['without_p50'])} "
            f"(CPU {ms(t['without_cpu_p50'])}), with p50 {ms(t['with_p50'])} (CPU {ms(t['with_cpu_p50'])}): "
            f"{t['ratio_p50']:.2f} (goal <= 1.2)",
            flush=True,
        )
    return out
