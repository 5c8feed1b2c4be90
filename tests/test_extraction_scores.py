"""Extraction quality, end to end, in CI: ../shared/eval/score.py loads each gold case through the
`claimgraph` command line into a fresh store, reads everything back through GraphQL, and compares
with the gold annotation. The thresholds are floors under what the extractor achieves today (see
the closing notes of issue 3 for the measured figures and the targets it still falls short of), so
that a change which makes extraction worse fails here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
CLI = Path(sys.executable).parent / "claimgraph"

# Floors: (seed article, own corpus). Each is a mean over the cases, as score.py's summary prints.
FLOORS = {
    "seed": {  # measured (issue 10): 1.00 0.90 1.00 1.00 1.00 1.00 1.00
        "statement_recall": 0.95,
        "statement_precision": 0.88,
        "speaker_accuracy": 0.95,
        "relation_recall": 0.95,
        "relation_precision": 0.95,
        "source_recall": 0.95,
        "entity_recall": 0.95,
    },
    "corpus": {  # measured (issue 10, 26 cases): 1.00 0.955 0.978 0.912 0.924 0.958 0.964
        "statement_recall": 0.97,
        "statement_precision": 0.94,
        "speaker_accuracy": 0.96,
        "relation_recall": 0.89,
        "relation_precision": 0.90,
        "source_recall": 0.94,
        "entity_recall": 0.94,
    },
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SCORER.is_file(), reason=f"{SCORER} not found (../shared is not beside the repo)"),
    pytest.mark.skipif(shutil.which(str(CLI)) is None, reason=f"{CLI} is not installed"),
]


def run_scorer(golds: list[Path]) -> str:
    proc = subprocess.run(
        [sys.executable, str(SCORER), "--cmd", str(CLI), *map(str, golds)],
        capture_output=True, text=True, timeout=1200, cwd=ROOT,
    )
    assert proc.returncode == 0, f"score.py failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def summary_of(outputs: list[str], weights: list[int]) -> dict[str, float]:
    """The mean over all cases of several scorer runs, from each run's summary line (a mean over
    its own cases), weighted by how many cases each run scored."""
    totals: dict[str, float] = {}
    for out, weight in zip(outputs, weights, strict=True):
        line = next(ln for ln in out.splitlines() if ln.startswith("summary:"))
        for key, value in re.findall(r"(\w+)=([0-9.]+|nan)", line):
            if value != "nan":
                totals[key] = totals.get(key, 0.0) + float(value) * weight
    return {k: v / sum(weights) for k, v in totals.items()}


def check(name: str, outputs: list[str], weights: list[int]) -> None:
    summary = summary_of(outputs, weights)
    report = "\n".join(outputs)
    low = {k: (round(summary.get(k, 0.0), 3), floor) for k, floor in FLOORS[name].items()
           if summary.get(k, 0.0) < floor}
    assert not low, f"{name}: below the floor (got, floor): {low}\n{report[-6000:]}"


def test_seed_article_scores() -> None:
    golds = sorted((SHARED / "corpus" / "dev").glob("*.gold.json"))
    assert golds, "no gold file in ../shared/corpus/dev"
    check("seed", [run_scorer(golds)], [len(golds)])


def test_own_corpus_scores() -> None:
    golds = sorted((ROOT / "corpus" / "gold").glob("*.gold.json"))
    assert len(golds) >= 26
    # Two scorer processes side by side: each case loads spaCy in its own CLI process.
    halves = [golds[0::2], golds[1::2]]
    with ThreadPoolExecutor(max_workers=2) as pool:
        outputs = list(pool.map(run_scorer, halves))
    check("corpus", outputs, [len(h) for h in halves])
