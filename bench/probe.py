"""Time the dossier query of whichever claimgraph code is on sys.path, on a store already built:
`python bench/probe.py STORE NAME RUNS FIRST [--stock]` prints {"p50", "cpu_p50"} as JSON
(`--stock`: with Strawberry's resolvers and graphql-core's executor as they come, not the lean ones).

Standalone (it imports nothing from `bench`), so `bench dossier --against REV` runs this very
harness with another revision's code first on PYTHONPATH: both sides are measured alike. CPU time
(`time.process_time`, the store's reader threads included) is the figure to compare on a shared
machine, where other work stretches wall-clock time but not the CPU a query takes.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

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
WARM_UP = 20


async def probe(data: Path, name: str, runs: int, first: int, stock: bool = False) -> dict[str, Any]:
    import orjson

    from api.execution import GraphQLRunner
    from api.settings import Settings
    from schema import build_schema, make_context
    from store import open_store

    # `stock`: Strawberry's resolvers and graphql-core's executor as they come (this tree only).
    runner = GraphQLRunner(build_schema(lean=False) if stock else build_schema(), Settings())
    store = await open_store(data_dir=data)
    variables = {"name": name, "first": first}

    async def dossier() -> None:
        prepared = runner.prepare(DOSSIER, variables, "Dossier")
        response = await runner.execute(prepared, make_context(store))
        if response.body.get("errors") or not (response.body.get("data") or {}).get("actor"):
            raise SystemExit(f"dossier query failed: {response.body.get('errors')}")
        orjson.dumps(response.body)

    try:
        for _ in range(WARM_UP):
            await dossier()
        wall, cpu = [], []
        for _ in range(runs):
            w, c = time.perf_counter(), time.process_time()
            await dossier()
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
    finally:
        await store.close()
    return {"p50": sorted(wall)[runs // 2], "cpu_p50": sorted(cpu)[runs // 2]}


if __name__ == "__main__":
    store_path, actor, count, statements = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    stock = sys.argv[5:] == ["--stock"]
    print(json.dumps(asyncio.run(probe(Path(store_path), actor, count, statements, stock))))
