"""`make bench`: the performance numbers of issues 2, 3 and 4. A benchmark, not a test: it prints
figures and writes them to .bench/results.json; goals are printed beside them, never asserted.

    python -m bench                       # everything (takes a while: builds a 1M-claim store)
    python -m bench dossier --sizes 10000 # one section, smaller
    python -m bench extraction --articles 200
    python -m bench http --duration 60 --clients 50
    python -m bench dossier --sizes 10000 --against HEAD~1   # this tree against a commit, same run

Sections:
  dossier     load a synthetic corpus through the JSON reader (claims/s), then the dossier query
              in-process (p50/p95) at each size, its ratio between sizes (goal <= 1.5), and its ratio
              to fetching the same documents straight from the store and encoding them as JSON (goal <= 2)
  extraction  articles/s and words/s loading PolNeAR articles from raw text, and the ratio to spaCy's
              own nlp.pipe over the same texts (goal >= 0.9)
  http        N concurrent clients for D seconds against `claimgraph serve` on loopback: the dossier
              query and `{ __typename }` (the floor of the HTTP stack); p50, p99, requests/s, errors
              (goal: dossier p50 <= 3x the floor's)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson

from bench.synthetic import speaker_name, write_jsonl

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
POLNEAR = ROOT.parent / "shared" / "polnear" / "train" / "text"

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


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


# -- dossier ------------------------------------------------------------------------------------
async def build_store(n_claims: int, reuse: bool) -> tuple[Path, float | None]:
    """A store holding n_claims synthetic claims, loaded through the JSON reader; the load rate."""
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
        t0 = time.perf_counter()
        report = await load_paths(store, [str(p) for p in paths], progress=sys.stderr.isatty())
        elapsed = time.perf_counter() - t0
    finally:
        await store.close()
    if report.errors:
        raise SystemExit(f"bench corpus failed to load: {report.errors[:3]}")
    marker.write_text(str(report.claims))
    shutil.rmtree(corpus, ignore_errors=True)
    return data, report.claims / elapsed


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


async def time_dossier(data: Path, runs: int, first: int) -> dict[str, float]:
    """The dossier through the API's own GraphQLRunner (cached parse and validation, limits, error
    formatting), exactly as an HTTP request runs it, minus the HTTP."""
    from api.execution import GraphQLRunner
    from api.settings import Settings
    from schema import build_schema, make_context
    from store import open_store

    runner = GraphQLRunner(build_schema(), Settings())
    store = await open_store(data_dir=data)
    name = speaker_name(0)
    variables = {"name": name, "first": first}

    async def dossier() -> dict[str, Any]:
        prepared = runner.prepare(DOSSIER, variables, "Dossier")
        response = await runner.execute(prepared, make_context(store))
        orjson.dumps(response.body)
        return response.body

    try:
        warm = await dossier()
        if warm.get("errors") or not (warm.get("data") or {}).get("actor"):
            raise SystemExit(f"dossier query failed: {warm.get('errors')}")
        returned = len(warm["data"]["actor"]["statements"]["edges"])
        total = warm["data"]["actor"]["statements"]["totalCount"]
        gql, raw = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            await dossier()
            gql.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            await direct_fetch(store, name, first)
            raw.append(time.perf_counter() - t0)
    finally:
        await store.close()
    return {
        "p50": pct(gql, 0.5),
        "p95": pct(gql, 0.95),
        "direct_p50": pct(raw, 0.5),
        "statements_returned": returned,
        "actor_total_statements": total,
    }


def export_revision(rev: str) -> Path:
    """The code of git revision `rev`, exported (not checked out) to .bench/rev-<sha>."""
    sha = subprocess.run(
        ["git", "rev-parse", "--verify", f"{rev}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if sha.returncode != 0:
        raise SystemExit(f"--against: {rev!r} is not a git revision of this repository")
    tree = WORK / f"rev-{sha.stdout.strip()[:12]}"
    if not (tree / "bench" / "__main__.py").exists():
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", sha.stdout.strip()], cwd=ROOT, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def probe(
    tree: Path, data: Path, n: int, args: argparse.Namespace, *, stock: bool = False
) -> dict[str, float]:
    """The dossier timed by bench/probe.py with the code of `tree` (this tree or another
    revision's) on the store `data`, in a process of its own."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, str(ROOT / "bench" / "probe.py"), str(data), speaker_name(0)]
    command += [str(args.runs), str(args.first), *(["--stock"] if stock else [])]
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"timing the dossier of {tree} failed:\n{done.stderr[-2000:]}")
    timing: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return timing


def revision_store(tree: Path, n: int) -> Path:
    """The store of `n` claims built by that revision's own loader (its `bench dossier`)."""
    data = tree / ".bench" / f"store-{n}"
    if not (data / "complete").exists():
        env = {**os.environ, "PYTHONPATH": str(tree)}
        command = [sys.executable, "-m", "bench", "dossier", "--sizes", str(n), "--runs", "1", "--reuse"]
        done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"building the store of {tree.name} failed:\n{done.stderr[-2000:]}")
    return data


async def section_dossier(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    other = export_revision(args.against) if args.against else None
    for n in args.sizes:
        data, rate = await build_store(n, args.reuse)
        timing = await time_dossier(data, args.runs, args.first)
        if other is not None:
            # The same harness for both, in processes of their own, in interleaved rounds, so that
            # the load of a shared machine weighs on both alike.
            theirs_store = revision_store(other, n)
            ours: list[dict[str, float]] = []
            theirs: list[dict[str, float]] = []
            for _ in range(args.rounds):
                theirs.append(probe(other, theirs_store, n, args))
                ours.append(probe(ROOT, data, n, args))

            def median(rounds: list[dict[str, float]], key: str) -> float:
                return sorted(r[key] for r in rounds)[len(rounds) // 2]

            summary = {
                key: {"ours": median(ours, key), "theirs": median(theirs, key)} for key in ("p50", "cpu_p50")
            }
            timing["against"] = {
                "revision": args.against,
                **summary,
                "rounds": {"ours": ours, "theirs": theirs},
            }
            for key, label in (("cpu_p50", "CPU"), ("p50", "wall")):
                mine, base = summary[key]["ours"], summary[key]["theirs"]
                print(
                    f"dossier @ {n:>9,} claims, {label} p50: this tree {ms(mine)} | "
                    f"{args.against} {ms(base)} | ratio {mine / base:.3f} "
                    f"(goal <= 1.10; medians of {args.rounds} interleaved rounds)",
                    flush=True,
                )
        if args.stock:
            # What the lean resolvers and executor (schema/lean_resolvers.py, schema/executor.py,
            # which rely on the libraries' internals and so pin their versions) buy.
            lean, stock = [], []
            for _ in range(args.rounds):
                stock.append(probe(ROOT, data, n, args, stock=True)["cpu_p50"])
                lean.append(probe(ROOT, data, n, args)["cpu_p50"])
            timing["stock_cpu_p50"] = sorted(stock)[len(stock) // 2]
            timing["lean_cpu_p50"] = sorted(lean)[len(lean) // 2]
            print(
                f"dossier @ {n:>9,} claims, CPU p50: lean {ms(timing['lean_cpu_p50'])} | Strawberry's and "
                f"graphql-core's own {ms(timing['stock_cpu_p50'])} | lean / stock "
                f"{timing['lean_cpu_p50'] / timing['stock_cpu_p50']:.2f} (medians of {args.rounds} rounds)",
                flush=True,
            )
        out[str(n)] = {"load_claims_per_s": rate, **timing}
        print(
            f"dossier @ {n:>9,} claims: load {rate or float('nan'):,.0f} claims/s | "
            f"p50 {ms(timing['p50'])} p95 {ms(timing['p95'])} | direct fetch+JSON p50 "
            f"{ms(timing['direct_p50'])} | dossier/direct {timing['p50'] / timing['direct_p50']:.2f} "
            f"(goal <= 2) | busy actor: {timing['actor_total_statements']:,} statements",
            flush=True,
        )
    if len(args.sizes) > 1:
        small, large = out[str(min(args.sizes))], out[str(max(args.sizes))]
        ratio = large["p50"] / small["p50"]
        out["p50_ratio_largest_to_smallest"] = ratio
        print(
            f"dossier p50 ratio {max(args.sizes):,} / {min(args.sizes):,} claims: {ratio:.2f} (goal <= 1.5)"
        )
    return out


# -- extraction ---------------------------------------------------------------------------------
async def section_extraction(args: argparse.Namespace) -> dict[str, Any]:
    from loaders.extract.nlp import load_nlp
    from loaders.ingest import load_paths
    from store import open_store

    if not POLNEAR.is_dir():
        print(f"extraction: skipped, {POLNEAR} not found")
        return {}
    files = sorted(POLNEAR.glob("*.txt"))[: args.articles]
    texts = [f.read_text(encoding="utf-8") for f in files]
    n_words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    spacy_s = time.perf_counter() - t0
    data = WORK / "store-extraction"
    shutil.rmtree(data, ignore_errors=True)
    store = await open_store(data_dir=data)
    try:
        t0 = time.perf_counter()
        report = await load_paths(store, [str(f) for f in files], progress=False, workers=args.workers)
        ours_s = time.perf_counter() - t0
    finally:
        await store.close()
    shutil.rmtree(data, ignore_errors=True)
    result = {
        "articles": len(files),
        "words": n_words,
        "claims": report.claims,
        "errors": len(report.errors),
        "articles_per_s": len(files) / ours_s,
        "words_per_s": n_words / ours_s,
        "spacy_pipe_words_per_s": n_words / spacy_s,
        "ratio_to_spacy_pipe": spacy_s / ours_s,
    }
    print(
        f"extraction: {len(files)} PolNeAR articles, {n_words:,} words -> {report.claims:,} claims | "
        f"{result['articles_per_s']:.1f} articles/s, {result['words_per_s']:,.0f} words/s | spaCy nlp.pipe "
        f"alone {result['spacy_pipe_words_per_s']:,.0f} words/s | ratio {result['ratio_to_spacy_pipe']:.2f} "
        f"(goal >= 0.9)",
        flush=True,
    )
    return result


# -- http ---------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def hammer(url: str, body: dict[str, Any], clients: int, duration: float) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    r = await client.post(url, json=body)
                    ok = r.status_code == 200 and not r.json().get("errors")
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += not ok

        t0 = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.perf_counter() - t0
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50": pct(latencies, 0.5),
        "p99": pct(latencies, 0.99),
    }


async def section_http(args: argparse.Namespace) -> dict[str, Any]:
    data, _ = await build_store(min(args.sizes), reuse=True)
    port = free_port()
    env = dict(os.environ, CLAIMGRAPH_DATA=str(data), CLAIMGRAPH_LOG_LEVEL="warning")
    env.pop("MONGODB_URI", None)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "claimgraph"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/graphql"
    try:
        import httpx

        for _ in range(100):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("claimgraph serve did not become ready")
        floor = await hammer(url, {"query": "{ __typename }"}, args.clients, args.duration)
        dossier = await hammer(
            url,
            {"query": DOSSIER, "variables": {"name": speaker_name(0), "first": 10}},
            args.clients,
            args.duration,
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
    for label, r in (("{ __typename }", floor), ("dossier(first: 10)", dossier)):
        print(
            f"http {label:>20}: {args.clients} clients x {args.duration:.0f}s | {r['requests']:,} requests, "
            f"{r['errors']} errors | p50 {ms(r['p50'])} p99 {ms(r['p99'])} | {r['rps']:,.0f} req/s",
            flush=True,
        )
    ratio = dossier["p50"] / floor["p50"]
    print(f"http dossier p50 / floor p50: {ratio:.2f} (goal <= 3)")
    return {"floor": floor, "dossier": dossier, "p50_ratio": ratio}


def main() -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "sections",
        nargs="*",
        default=["dossier", "extraction", "http"],
        choices=["dossier", "extraction", "http"],
    )
    ap.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[10_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=200, help="dossier queries timed per size")
    ap.add_argument("--first", type=int, default=50, help="statements per dossier")
    ap.add_argument("--reuse", action="store_true", help="reuse stores built by an earlier run")
    ap.add_argument(
        "--against",
        metavar="REV",
        help="also time the dossier of git revision REV (exported to .bench/rev-*), interleaved with "
        "this tree's, and print the ratio (goal <= 1.10)",
    )
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds with --against and --stock")
    ap.add_argument(
        "--stock",
        action="store_true",
        help="also time the dossier with Strawberry's resolvers and graphql-core's executor as they come",
    )
    ap.add_argument("--articles", type=int, default=200, help="PolNeAR articles for the extraction section")
    ap.add_argument("--workers", type=int, default=None, help="extraction worker processes")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=60.0)
    args = ap.parse_args()
    WORK.mkdir(exist_ok=True)
    results: dict[str, Any] = {}
    for section in args.sections:
        results[section] = asyncio.run(globals()[f"section_{section}"](args))
    (WORK / "results.json").write_text(json.dumps(results, indent=2))
    print(f"results written to {WORK / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
