"""The HTTP section: `claimgraph serve` on loopback driven by wrk (Debian's, a C load generator in a
process of its own), with one and with two server processes in the same run.

For each: `{ __typename }` (the floor of the HTTP stack) and the dossier, each for `--duration`
seconds at `--clients` connections: requests/s, p50 and p99 (wrk's), the server's CPU time per
request (every process of the server, from /proc), and wrk's own CPU use, which shows whether the
generator, rather than the server, is the bottleneck (near one full core: it is)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import cpu_seconds, ms, process_tree
from bench.dossier import DOSSIER, build_store
from bench.synthetic import speaker_name

SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[%s]==]
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "socket_errors": %%d, "status_errors": %%d, ' ..
    '"p50_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_wrk() -> str:
    """wrk from Debian's packages, installed when missing (the bench needs a generator that is not
    the bottleneck; a Python client is)."""
    found = shutil.which("wrk")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt:
        subprocess.run([apt, "install", "-y", "-q", "wrk"], check=False, capture_output=True)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("http bench: needs wrk (Debian: apt-get install wrk)")
    return found


def run_wrk(wrk: str, url: str, body: dict[str, Any], clients: int, duration: float) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(SCRIPT % json.dumps(body))
        script = f.name
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            [wrk, "-t1", f"-c{clients}", f"-d{duration:.0f}s", "-s", script, url],
            capture_output=True,
            text=True,
            check=True,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        os.unlink(script)
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    seconds = summary["duration_us"] / 1e6
    wrk_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "requests": summary["requests"],
        "errors": summary["socket_errors"] + summary["status_errors"],
        "rps": summary["requests"] / seconds,
        "p50": summary["p50_us"] / 1e6,
        "p99": summary["p99_us"] / 1e6,
        "generator_cpu_share": wrk_cpu / seconds,  # of one core
    }


def start_server(data: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = free_port()
    env = dict(
        os.environ,
        CLAIMGRAPH_DATA=str(data),
        CLAIMGRAPH_LOG_LEVEL="WARNING",
        CLAIMGRAPH_PRELOAD_MODEL="false",
    )
    env.pop("MONGODB_URI", None)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "claimgraph"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.kill()
    raise SystemExit("claimgraph serve did not become ready")


def measure(wrk: str, workers: int, data: Path, args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    server, base = start_server(data, workers)
    url = f"{base}/graphql"
    dossier_body = {"query": DOSSIER, "variables": {"name": speaker_name(0), "first": 10}}
    try:
        check = httpx.post(url, json=dossier_body, timeout=30).json()
        if check.get("errors") or not check["data"]["actor"]:
            raise SystemExit(f"http bench: the dossier failed: {check.get('errors')}")
        run_wrk(wrk, url, {"query": "{ __typename }"}, args.clients, 3)  # warm-up
        out: dict[str, Any] = {}
        for label, body in (("floor", {"query": "{ __typename }"}), ("dossier", dossier_body)):
            pids = process_tree(server.pid)
            cpu = cpu_seconds(pids)
            r = run_wrk(wrk, url, body, args.clients, args.duration)
            r["server_cpu_ms_per_request"] = (cpu_seconds(pids) - cpu) * 1000 / max(1, r["requests"])
            out[label] = r
            print(
                f"http {workers} worker(s) {label:>8}: {args.clients} connections x {args.duration:.0f}s | "
                f"{r['rps']:,.0f} req/s, {r['errors']} errors | p50 {ms(r['p50'])} p99 {ms(r['p99'])} | "
                f"server CPU {r['server_cpu_ms_per_request']:.2f} ms/request | wrk used "
                f"{r['generator_cpu_share']:.0%} of a core",
                flush=True,
            )
        out["dossier_p50_over_floor_p50"] = out["dossier"]["p50"] / out["floor"]["p50"]
        return out
    finally:
        server.terminate()
        server.wait(timeout=30)


async def section_http(args: argparse.Namespace) -> dict[str, Any]:
    wrk = ensure_wrk()
    data, _ = await build_store(min(args.sizes), reuse=True)
    results = {str(w): measure(wrk, w, data, args) for w in (1, 2)}
    one, two = results["1"], results["2"]
    for w, r in results.items():
        print(
            f"http {w} worker(s): dossier p50 / floor p50 {r['dossier_p50_over_floor_p50']:.2f} (goal <= 3)"
        )
    scale = two["dossier"]["rps"] / one["dossier"]["rps"]
    results["dossier_rps_2_over_1"] = scale
    print(f"http dossier req/s, 2 workers / 1: {scale:.2f} (goal >= 1.7)")
    return results
