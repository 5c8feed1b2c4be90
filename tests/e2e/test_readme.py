"""README.md works as written: every shell and GraphQL example runs, in order, against the sample
corpus, and answers with real data.

The examples run in a scratch folder laid out like the repository (`.venv` and `corpus/` linked,
`.claimgraph` a copy of the store `make run` fills with `claimgraph load corpus/articles/`), so
they run exactly as written, default store included. Fenced ```sh blocks run in bash, one after
the other, keeping the shell variables one sets for the next (`KEY=$(…)`); the block that runs
`claimgraph serve` starts the server in the background (on a free port instead of 8000, the one
substitution made). ```graphql blocks are POSTed to that server, mutations with an admin key
created here, and must answer without errors and with non-empty data; ```js blocks (the Apollo
Client subscription) run in Node with the npm packages of tests/e2e/subscription_clients and
must exit 0 having printed something; ```json blocks must be articles the partner format
accepts. A block may be skipped only with a visible `<!-- readme-test: skip: reason -->` line
above it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from loaders.read.json import article_from_dict

from . import npm
from .conftest import CLIENT_TIMEOUT, ROOT, START_ATTEMPTS, copy_store, free_port

pytestmark = pytest.mark.e2e

README = ROOT / "README.md"
SKIP = re.compile(r"<!-- readme-test: skip: (.+?) -->")
README_PORT = "8000"
JS_CLIENTS = Path(__file__).with_name("subscription_clients")


@dataclass
class Block:
    lang: str
    code: str
    line: int  # where the fence opens, 1-based
    skip: str | None  # the reason, when marked as skipped

    def __str__(self) -> str:
        return f"README.md:{self.line} ({self.lang})"


def blocks(text: str) -> list[Block]:
    """The fenced code blocks of a Markdown text, with the skip mark of the line above each."""
    found: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        fence = re.match(r"^```(\w*)\s*$", lines[i])
        if fence is None:
            i += 1
            continue
        start = i
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        mark = SKIP.search(lines[start - 1]) if start > 0 else None
        found.append(Block(fence.group(1), "\n".join(lines[start + 1 : end]) + "\n", start + 1,
                           mark.group(1) if mark else None))
        i = end + 1
    return found


def indented_code(text: str) -> list[int]:
    """Line numbers of indented (unfenced, untyped) code blocks: every example must be fenced."""
    out, in_fence, previous = [], False, ""
    for n, line in enumerate(text.splitlines(), start=1):
        if line.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and line.startswith("    ") and not previous.strip():
            out.append(n)
        previous = line
    return out


README_BLOCKS = blocks(README.read_text(encoding="utf-8"))


def test_every_example_is_fenced_typed_and_skipped_only_with_a_reason() -> None:
    text = README.read_text(encoding="utf-8")
    assert indented_code(text) == [], "indented code blocks (give them a ```sh/```graphql fence)"
    assert all(b.lang in {"sh", "graphql", "json", "text", "js"} for b in README_BLOCKS), README_BLOCKS
    skipped = [b for b in README_BLOCKS if b.skip is not None]
    assert all(b.lang == "sh" and len(b.skip or "") > 20 for b in skipped), skipped
    assert len(skipped) <= 2, f"more skipped examples than the two known ones: {skipped}"
    runnable = [b for b in README_BLOCKS if b.skip is None and b.lang in {"sh", "graphql"}]
    assert sum(b.lang == "graphql" for b in runnable) >= 7 and sum(b.lang == "sh" for b in runnable) >= 3


def test_make_run_loads_the_sample_corpus_this_test_uses() -> None:
    # `make run` itself serves forever; what it loads is what this test's store holds.
    done = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert ".venv/bin/claimgraph load --if-empty corpus/articles/" in done.stdout
    assert ".venv/bin/claimgraph serve --host 127.0.0.1 --port 8000" in done.stdout


def test_the_json_example_is_an_article_the_readers_take() -> None:
    examples = [b for b in README_BLOCKS if b.lang == "json"]
    assert examples
    for block in examples:
        article = article_from_dict(json.loads(block.code), str(block))
        assert article.extraction is not None and article.extraction.claims, block


def test_graphiql_default_query_is_the_readmes_flagship_dossier() -> None:
    from api.graphiql import DOSSIER_QUERY

    assert any(b.lang == "graphql" and b.code == DOSSIER_QUERY for b in README_BLOCKS)


# -- running the examples -----------------------------------------------------------------------
@dataclass
class Session:
    """The scratch folder, the shell's saved variables, and the server the README started."""

    work: Path
    state: Path
    port: int
    server: subprocess.Popen[bytes] | None = None
    admin_key: str | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMGRAPH_") and k != "MONGODB_URI"}
        return {**env, "CLAIMGRAPH_LOG_LEVEL": "WARNING"}

    def localize(self, code: str) -> str:
        return code.replace(f"127.0.0.1:{README_PORT}", f"127.0.0.1:{self.port}").replace(
            f"--port {README_PORT}", f"--port {self.port}"
        )


@pytest.fixture(scope="module")
def session(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    work = tmp_path_factory.mktemp("readme")
    (work / ".venv").symlink_to(ROOT / ".venv")
    (work / "corpus").symlink_to(ROOT / "corpus")
    copy_store(sample_store, work / ".claimgraph")
    state = work.parent / f"{work.name}.shell-state"
    state.write_text("", encoding="utf-8")
    current = Session(work=work, state=state, port=free_port())
    try:
        yield current
    finally:
        if current.server is not None and current.server.poll() is None:
            current.server.terminate()
            current.server.wait(timeout=30)


def run_js(session: Session, block: Block) -> str:
    """A JavaScript example as its own ES module, next to the npm packages it imports."""
    node = shutil.which("node")
    assert node is not None, f"{block}: `node` is needed to run the JavaScript example"
    npm.ensure_packages(JS_CLIENTS, "@apollo/client", "graphql-ws", "ws", "graphql")
    folder = session.work / "js-example"
    folder.mkdir(exist_ok=True)
    if not (folder / "node_modules").exists():
        (folder / "node_modules").symlink_to(JS_CLIENTS / "node_modules")
    script = folder / f"readme-{block.line}.mjs"
    script.write_text(session.localize(block.code), encoding="utf-8")
    done = subprocess.run(
        [node, str(script)], cwd=folder, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, f"{block} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    assert done.stdout.strip(), f"{block} printed nothing:\n{done.stderr}"
    return done.stdout


def run_shell(session: Session, block: Block) -> str:
    code = session.localize(block.code)
    script = (
        "set -euo pipefail\nset -a\n"
        f"source {shlex.quote(str(session.state))}\n"
        f"{code}\n"
        f"export -p > {shlex.quote(str(session.state))}\n"
    )
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=session.work,
        env=session.env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{block} failed ({done.returncode}):\n{code}\n{done.stdout}\n{done.stderr}"
    assert done.stdout.strip() or "load" in code, f"{block} printed nothing:\n{code}\n{done.stderr}"
    return done.stdout


def start_readme_server(session: Session, block: Block) -> None:
    command = session.localize(block.code).strip()
    assert "\n" not in command and "claimgraph serve" in command, f"{block}: one serve command, alone"
    with (session.work / "serve.log").open("ab") as log:
        session.server = subprocess.Popen(
            ["bash", "-c", f"exec {command}"], cwd=session.work, env=session.env(), stdout=log, stderr=log
        )
    body: dict[str, Any] = {}
    for _ in range(START_ATTEMPTS * 2):
        assert session.server.poll() is None, (session.work / "serve.log").read_text(errors="replace")
        try:
            r = httpx.get(session.base + "/readyz", timeout=5)
            body = r.json()
            # 200 from the first moment (reads work); writes wait for the model to be loaded.
            if r.status_code == 200 and body.get("extraction") == "ready":
                return
            assert r.status_code == 200 and body.get("extraction") == "loading", body
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{block}: the server never reported extraction ready: {body}")


def admin_key(session: Session) -> str:
    if session.admin_key is None:
        claimgraph = str(session.work / ".venv/bin/claimgraph")
        done = subprocess.run(
            [claimgraph, "keys", "create", "readme-test", "--scopes", "admin"],
            cwd=session.work, env=session.env(), capture_output=True, text=True, timeout=120, check=False,
        )
        assert done.returncode == 0, done.stderr
        session.admin_key = done.stdout.strip()
    return session.admin_key


def non_empty(block: Block, data: Any) -> None:
    """Every root field answered with something, every connection holds something, every count is
    above zero and every list of errors is empty."""
    assert isinstance(data, dict) and data, f"{block}: no data"
    for name, value in data.items():
        assert value not in (None, False, [], {}), f"{block}: {name} is {value!r}"

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                where = f"{path}.{key}"
                if key == "errors":
                    assert value == [], f"{block}: {where}: {value}"
                elif key == "totalCount" or key.endswith("Count"):
                    assert isinstance(value, int) and value > 0, f"{block}: {where} is {value}"
                walk(value, where)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}[{i}]")

    walk(data, "data")


def run_graphql(session: Session, block: Block) -> dict[str, Any]:
    assert session.server is not None, f"{block}: runs before any README example started the server"
    headers = {}
    if block.code.lstrip().startswith("mutation"):
        headers["authorization"] = f"Bearer {admin_key(session)}"
    r = httpx.post(
        f"{session.base}/graphql", json={"query": block.code}, headers=headers, timeout=CLIENT_TIMEOUT
    )
    body: dict[str, Any] = r.json()
    hint = ""
    if "NOT_FOUND" in r.text:
        hint = (
            "\nAn id in this example is not in the sample store: if extraction changed the sample's claims, "
            "look the new ids up with the README's queries (`id` on a claim or entity) and update README.md."
        )
    assert r.status_code == 200 and "errors" not in body, (
        f"{block}:\n{block.code}\n{json.dumps(body)[:3000]}{hint}"
    )
    non_empty(block, body.get("data"))
    return body


def test_every_example_runs_in_order_with_real_data(session: Session) -> None:
    outputs: list[tuple[Block, Any]] = []
    for block in README_BLOCKS:
        if block.skip is not None or block.lang not in {"sh", "graphql", "js"}:
            continue
        if block.lang == "graphql":
            outputs.append((block, run_graphql(session, block)))
        elif block.lang == "js":
            outputs.append((block, run_js(session, block)))
        elif "claimgraph serve" in block.code:
            start_readme_server(session, block)
        else:
            outputs.append((block, run_shell(session, block)))
    assert session.server is not None, "no README example starts the server"
    # A few answers, checked by what they say rather than only by their being there.
    texts = "\n".join(o if isinstance(o, str) else json.dumps(o) for _, o in outputs)
    assert '"name": "Kelby Bay Port Authority"' in texts and '"kind": "OUTLET"' in texts
    assert '"claimCount": 2' in texts or '"claimCount": 3' in texts
    assert '"deleteArticle": true' in texts
    assert "revoked" in texts  # keys revoke by name printed the revoked key
    assert '"relationAdded"' in texts and '"method": "CUE"' in texts  # claimgraph subscribe's events
