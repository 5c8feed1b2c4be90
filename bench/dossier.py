"""The dossier section: load synthetic stores through the JSON reader (claims/s, CPU, bytes
written), then time the dossier query in-process at every size, the sizes interleaved in one loop
so that a change in the machine's load hits them all alike."""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import orjson

from bench import compare
from bench.common import WORK, ms, pct, written_bytes
from bench.synthetic import speaker_name, write_jsonl

DOSSIER = """
query Dossier($name: String!, $first: Int!) {
  actor(name: $name) {
    name aliases
    statements(first: $first) {
      totalCount
      edges { node {
        id text cue kind statedAt
        article { title publishedAt publisher { name } }
        sources { name kind }
        contradictedBy { text cue speaker { name } sources { name kind } }
        supportedBy { text cue speaker { name } sources { name kind } }
      } }
    }
  }
}
"""


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def store_bytes(data: Path) -> int:
    return sum(p.stat().st_size for p in data.glob("claimgraph.sqlite3*"))


async def build_store(n_claims: int, reuse: bool) -> tuple[Path, dict[str, float] | None]:
    """A store holding n_claims synthetic claims, loaded through the JSON reader, and how the load
    went: claims/s (wall), claims per CPU second of this process (all its threads), and the write
    amplification (bytes written to disk / size of the store)."""
    from loaders.ingest import load_paths
    from store import open_store

    data = WORK / f"store-{n_claims}"
    marker = data / "complete"
    if reuse and marker.exists():
        return data, None
    shutil.rmtree(data, ignore_errors=True)
    corpus = WORK / f"corpus-{n_claims}"
    shutil.rmtree(corpus, ignore_errors=True)
    paths = write_jsonl(corpus, n_claims)
    store = await open_store(data_dir=data)
    try:
        wrote, cpu, t0 = written_bytes(), _cpu(), time.perf_counter()
        report = await load_paths(store, [str(p) for p in paths], progress=sys.stderr.isatty())
        elapsed, cpu, wrote = time.perf_counter() - t0, _cpu() - cpu, written_bytes() - wrote
    finally:
        await store.close()
    if report.errors:
        raise SystemExit(f"bench corpus failed to load: {report.errors[:3]}")
    marker.write_text(str(report.claims))
    shutil.rmtree(corpus, ignore_errors=True)
    size = store_bytes(data)
    return data, {
        "claims": report.claims,
        "seconds": elapsed,
        "claims_per_s": report.claims / elapsed,
        "cpu_seconds": cpu,
        "claims_per_cpu_s": report.claims / cpu,
        "bytes_written": wrote,
        "store_bytes": size,
        "write_amplification": wrote / size if size else float("nan"),
    }


async def direct_fetch(store: Any, name: str, first: int) -> bytes:
    """The same documents the dossier returns, fetched straight from the store, as JSON."""
    from store.documents import normalize_name

    found = await store.find("entities", {"names_norm": normalize_name(name)}, limit=1)
    actor = found[0]
    claims = await store.find("claims", {"speaker_id": actor["_id"]}, sort="order", limit=first)
    total = await store.count("claims", {"speaker_id": actor["_id"]})
    ids = [c["_id"] for c in claims]
    relations = await store.find("relations", {"to_claim": {"$in": ids}, "status": "active"})
    others = await store.get_many("claims", [r["from_claim"] for r in relations])
    speakers = await store.get_many(
        "entities", [c["speaker_id"] for c in others.values() if c.get("speaker_id")]
    )
    articles = await store.get_many("articles", [c["article_id"] for c in claims])
    publishers = await store.get_many(
        "entities", [a["publisher_id"] for a in articles.values() if a.get("publisher_id")]
    )
    return orjson.dumps(
        {
            "actor": actor,
            "total": total,
            "claims": claims,
            "relations": relations,
            "others": others,
            "speakers": speakers,
            "articles": articles,
            "publishers": publishers,
        }
    )


async def time_dossiers(stores: dict[int, Path], runs: int, first: int) -> dict[int, dict[str, float]]:
    """The dossier through the API's own GraphQLRunner (cached parse and validation, limits, error
    formatting), exactly as an HTTP request runs it, minus the HTTP; each round times every size
    once, in turn."""
    from api.execution import GraphQLRunner
    from api.settings import Settings
    from schema import build_schema, make_context
    from store import open_store

    runner = GraphQLRunner(build_schema(), Settings())
    name = speaker_name(0)
    variables = {"name": name, "first": first}
    opened = {n: await open_store(data_dir=data) for n, data in stores.items()}

    async def dossier(store: Any) -> dict[str, Any]:
        prepared = runner.prepare(DOSSIER, variables, "Dossier")
        response = await runner.execute(prepared, make_context(store))
        orjson.dumps(response.body)
        return response.body

    try:
        out: dict[int, dict[str, Any]] = {}
        for n, store in opened.items():
            warm = await dossier(store)
            if warm.get("errors") or not (warm.get("data") or {}).get("actor"):
                raise SystemExit(f"dossier query failed at {n}: {warm.get('errors')}")
            statements = warm["data"]["actor"]["statements"]
            out[n] = {"gql": [], "raw": [], "total": statements["totalCount"]}
            out[n]["returned"] = len(statements["edges"])
        for _ in range(runs):
            for n, store in opened.items():
                t0 = time.perf_counter()
                await dossier(store)
                out[n]["gql"].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                await direct_fetch(store, name, first)
                out[n]["raw"].append(time.perf_counter() - t0)
    finally:
        for store in opened.values():
            await store.close()
    return {
        n: {
            "p50": pct(r["gql"], 0.5),
            "p95": pct(r["gql"], 0.95),
            "direct_p50": pct(r["raw"], 0.5),
            "statements_returned": r["returned"],
            "actor_total_statements": r["total"],
        }
        for n, r in out.items()
    }


async def section_dossier(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    stores: dict[int, Path] = {}
    for n in args.sizes:
        data, load = await build_store(n, args.reuse)
        stores[n] = data
        out[str(n)] = {"load": load}
        if load is not None:
            print(
                f"load @ {n:>9,} claims: {load['claims_per_s']:,.0f} claims/s wall, "
                f"{load['claims_per_cpu_s']:,.0f} claims per CPU-second ({load['cpu_seconds']:.0f} CPU-s in "
                f"{load['seconds']:.0f} s) | wrote {load['bytes_written'] / 1e6:,.0f} MB for a "
                f"{load['store_bytes'] / 1e6:,.0f} MB store: "
                f"write amplification {load['write_amplification']:.1f}",
                flush=True,
            )
    rates = {n: out[str(n)]["load"]["claims_per_s"] for n in args.sizes if out[str(n)]["load"]}
    if len(rates) > 1:
        small, large = min(rates), max(rates)
        out["load_rate_ratio_largest_to_smallest"] = rates[large] / rates[small]
        print(f"load rate {large:,} / {small:,} claims: {rates[large] / rates[small]:.2f} (goal >= 0.8)")
    timing = await time_dossiers(stores, args.runs, args.first)
    other = compare.export_revision(args.against) if args.against else None
    for n, t in timing.items():
        out[str(n)].update(t)
        if other is not None:
            out[str(n)]["against"] = compare.against(args, n, stores[n], other)
        if args.stock:
            out[str(n)].update(compare.stock(args, n, stores[n]))
        print(
            f"dossier @ {n:>9,} claims: p50 {ms(t['p50'])} p95 {ms(t['p95'])} | direct fetch+JSON p50 "
            f"{ms(t['direct_p50'])} | dossier/direct {t['p50'] / t['direct_p50']:.2f} (goal <= 2) | "
            f"busy actor: {t['actor_total_statements']:,} statements",
            flush=True,
        )
    if len(args.sizes) > 1:
        small, large = timing[min(args.sizes)], timing[max(args.sizes)]
        ratio = large["p50"] / small["p50"]
        out["p50_ratio_largest_to_smallest"] = ratio
        print(
            f"dossier p50 ratio {max(args.sizes):,} / {min(args.sizes):,} claims, interleaved: {ratio:.2f} "
            "(goal <= 1.2)"
        )
    return out
