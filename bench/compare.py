"""Dossier timings of this tree against another revision (`--against REV`) and of the lean schema
against Strawberry's and graphql-core's own resolvers and executor (`--stock`).

Both sides run the same standalone harness, bench/probe.py, each in a process of its own with its
own code first on PYTHONPATH, in interleaved rounds, so that the load of a shared machine weighs on
both alike; CPU time is the figure to compare there, wall time is printed beside it."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.common import ROOT, WORK, ms
from bench.synthetic import speaker_name


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


def probe(tree: Path, data: Path, args: argparse.Namespace, *, stock: bool = False) -> dict[str, float]:
    """The dossier timed by bench/probe.py with the code of `tree` on the store `data`."""
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


def _median(rounds: list[dict[str, float]], key: str) -> float:
    return sorted(r[key] for r in rounds)[len(rounds) // 2]


def against(args: argparse.Namespace, n: int, data: Path, other: Path) -> dict[str, Any]:
    theirs_store = revision_store(other, n)
    ours: list[dict[str, float]] = []
    theirs: list[dict[str, float]] = []
    for _ in range(args.rounds):
        theirs.append(probe(other, theirs_store, args))
        ours.append(probe(ROOT, data, args))
    summary = {
        key: {"ours": _median(ours, key), "theirs": _median(theirs, key)} for key in ("p50", "cpu_p50")
    }
    for key, label in (("cpu_p50", "CPU"), ("p50", "wall")):
        mine, base = summary[key]["ours"], summary[key]["theirs"]
        print(
            f"dossier @ {n:>9,} claims, {label} p50: this tree {ms(mine)} | {args.against} {ms(base)} | "
            f"ratio {mine / base:.3f} (goal <= 1.10; medians of {args.rounds} interleaved rounds)",
            flush=True,
        )
    return {"revision": args.against, **summary, "rounds": {"ours": ours, "theirs": theirs}}


def stock(args: argparse.Namespace, n: int, data: Path) -> dict[str, float]:
    """What the lean resolvers and executor (schema/lean_resolvers.py, schema/executor.py, which
    rely on the libraries' internals and so pin their versions) buy."""
    lean: list[dict[str, float]] = []
    plain: list[dict[str, float]] = []
    for _ in range(args.rounds):
        plain.append(probe(ROOT, data, args, stock=True))
        lean.append(probe(ROOT, data, args))
    out = {"stock_cpu_p50": _median(plain, "cpu_p50"), "lean_cpu_p50": _median(lean, "cpu_p50")}
    print(
        f"dossier @ {n:>9,} claims, CPU p50: lean {ms(out['lean_cpu_p50'])} | Strawberry's and "
        f"graphql-core's own {ms(out['stock_cpu_p50'])} | "
        f"lean / stock {out['lean_cpu_p50'] / out['stock_cpu_p50']:.2f} "
        f"(medians of {args.rounds} rounds)",
        flush=True,
    )
    return out
