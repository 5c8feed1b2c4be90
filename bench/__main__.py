"""`make bench`: the performance numbers. A benchmark, not a test: it prints figures and writes them
to .bench/results.json; goals are printed beside them, never asserted.

    python -m bench                            # everything (builds 10k, 100k and 1M-claim stores)
    python -m bench dossier --sizes 10000,100000
    python -m bench analyst --analyst-articles 100000 --sizes 1000000
    python -m bench extraction --articles 200
    python -m bench http --duration 20 --clients 50
    python -m bench dossier --sizes 10000 --against HEAD~1   # this tree against a commit, same run
    python -m bench dossier --sizes 10000 --stock            # the lean executor against the stock one

Sections:
  dossier     load synthetic stores through the JSON reader (claims/s, claims per CPU-second, write
              amplification; goals: the rate at the largest size >= 0.8x the smallest's, and 10,000
              claims/s), then the dossier query in-process at every size, sizes interleaved in one
              loop (p50 ratio largest/smallest, goal <= 1.2; ratio to fetching the same documents
              straight from the store and encoding them, goal <= 2)       (bench/dossier.py)
  analyst     issue 13 on the write path: 100k synthetic articles, 30% near-duplicates, written with
              same-story detection on, off, and without any of issue 13, interleaved chunk by chunk
              (articles/s, claims per CPU-second; goal: on >= 0.8x off); the dossier with and
              without corroboration fields, interleaved, at every size (goal <= 1.2x)
                                                                          (bench/analyst.py)
  extraction  PolNeAR articles from raw text through the whole pipeline against spaCy's nlp.pipe,
              one process against one and two against two (goal >= 0.9)  (bench/extraction.py)
  http        `claimgraph serve` with 1 and 2 workers driven by wrk: req/s, p50/p99, server CPU per
              request, the generator's own CPU (goals: dossier p50 <= 3x the `{ __typename }` p50;
              2 workers >= 1.7x the dossier req/s of 1)                   (bench/http.py)

The machine is shared: every section reports CPU time beside wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from bench.analyst import section_analyst
from bench.common import WORK
from bench.dossier import section_dossier
from bench.extraction import section_extraction
from bench.http import section_http

SECTIONS = {
    "dossier": section_dossier,
    "analyst": section_analyst,
    "extraction": section_extraction,
    "http": section_http,
}


def main() -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("sections", nargs="*", default=list(SECTIONS), choices=list(SECTIONS))
    ap.add_argument(
        "--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[10_000, 100_000, 1_000_000]
    )
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
    ap.add_argument(
        "--analyst-articles", type=int, default=100_000, help="synthetic articles of the analyst loads"
    )
    ap.add_argument("--clients", type=int, default=50, help="connections of the HTTP load generator")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds of each HTTP run")
    args = ap.parse_args()
    WORK.mkdir(exist_ok=True)
    results: dict[str, Any] = {}
    for section in args.sections:
        results[section] = asyncio.run(SECTIONS[section](args))
    (WORK / "results.json").write_text(json.dumps(results, indent=2))
    print(f"results written to {WORK / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
