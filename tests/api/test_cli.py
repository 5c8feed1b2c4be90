"""The command line, called in-process through main([...]) (one subprocess test checks the
console script's stdout stays pure JSON)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from api.cli import main
from tests.api.conftest import HOLD_LOCK, ROOT

COUNT = "{ claims(first: 1) { totalCount } articles(first: 1) { totalCount } }"


@pytest.fixture
def env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(data_dir))
    monkeypatch.delenv("MONGODB_URI", raising=False)
    return data_dir


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_schema_prints_the_checked_in_sdl(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(["schema"], capsys)
    assert code == 0
    assert out == (ROOT / "schema.graphql").read_text(encoding="utf-8")


def test_query_prints_pure_json(filled: Path, env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(["query", COUNT], capsys)
    assert code == 0
    assert json.loads(out) == {"data": {"claims": {"totalCount": 2}, "articles": {"totalCount": 1}}}


def test_query_reads_stdin_with_variables(
    filled: Path, env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    query = (
        "query ($after: String) { claims(first: 1, after: $after) "
        "{ edges { node { text } } pageInfo { hasNextPage } } }"
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(query))
    code, out, _ = run_main(["query", "-", "--variables", '{"after": null}'], capsys)
    assert code == 0
    data = json.loads(out)["data"]["claims"]
    assert len(data["edges"]) == 1 and data["pageInfo"]["hasNextPage"] is True


def test_query_with_errors_prints_them_and_exits_1(
    filled: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(["query", "{ claims(first: 101) { totalCount } }"], capsys)
    assert code == 1
    assert json.loads(out)["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "BAD_USER_INPUT" in err


@pytest.mark.parametrize(
    ("variables", "reason"),
    [("{nope", "not valid JSON"), ("[1]", "must be a JSON object")],
)
def test_query_refuses_bad_variables(
    env: Path, capsys: pytest.CaptureFixture[str], variables: str, reason: str
) -> None:
    code, out, err = run_main(["query", COUNT, "--variables", variables], capsys)
    assert code == 2 and out == ""
    assert "--variables" in err and reason in err


def test_query_refuses_an_empty_document(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("  \n"))
    code, out, err = run_main(["query", "-"], capsys)
    assert code == 2 and out == "" and "empty document" in err


def test_keys_create_list_revoke(filled: Path, env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["keys", "create", "partner-bot", "--scopes", "read,write"], capsys)
    assert code == 0
    token = out.strip()
    assert token.startswith("cg_") and "shown only now" in err
    code, out, _ = run_main(["keys", "list"], capsys)
    assert code == 0 and token not in out
    key_id, name, scopes, *_rest, state = out.strip().split("\t")
    assert (name, scopes, state) == ("partner-bot", "read,write", "active")
    code, out, _ = run_main(["keys", "revoke", key_id], capsys)
    assert code == 0 and "revoked" in out
    _, out, _ = run_main(["keys", "list"], capsys)
    assert out.strip().split("\t")[-1].startswith("revoked ")
    code, _, err = run_main(["keys", "revoke", "key_0000000000000000"], capsys)
    assert code == 1 and "no API key" in err


def test_keys_revoke_by_name(filled: Path, env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(2):
        assert run_main(["keys", "create", "twin", "--scopes", "read"], capsys)[0] == 0
    assert run_main(["keys", "create", "solo", "--scopes", "read"], capsys)[0] == 0
    code, out, _ = run_main(["keys", "revoke", "solo"], capsys)
    assert code == 0 and "\tsolo\trevoked " in out
    code, _, err = run_main(["keys", "revoke", "solo"], capsys)  # nothing active by that name now
    assert code == 1 and "no active API key named 'solo'" in err
    code, _, err = run_main(["keys", "revoke", "twin"], capsys)
    assert code == 1 and "2 active API keys are named 'twin'" in err and "revoke one by its id" in err


def test_keys_refuse_unknown_scopes(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["keys", "create", "x", "--scopes", "read,root"], capsys)
    assert code == 2 and out == "" and "unknown scope root" in err


def test_console_script_keeps_stdout_json(env: Path, tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("claimgraph")
    environ = {**os.environ, "CLAIMGRAPH_DATA": str(tmp_path / "fresh"), "CLAIMGRAPH_LOG_LEVEL": "DEBUG"}
    environ.pop("MONGODB_URI", None)
    proc = subprocess.run(
        [str(script), "query", "-"],
        input="{ claims { totalCount } }",
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"data": {"claims": {"totalCount": 0}}}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


ARTICLE = """Harbour bridge to reopen in May
By Tomas Reiner
Mayor Ines Calder said on Tuesday that the harbour bridge would reopen in May.
"The repairs are finished," Calder told reporters.
"""


@pytest.mark.slow
def test_load_then_query(env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("loaders.ingest")
    good = _write(tmp_path / "bridge.txt", ARTICLE)
    code, out, err = run_main(["load", str(good), "--no-progress"], capsys)
    assert code == 0, err
    assert out == "" and "loaded 1 article(s)" in err
    code, out, _ = run_main(["query", "{ articles { edges { node { title } } } }"], capsys)
    assert code == 0
    titles = [e["node"]["title"] for e in json.loads(out)["data"]["articles"]["edges"]]
    assert titles == ["Harbour bridge to reopen in May"]


@pytest.mark.slow
def test_load_reports_a_bad_file_and_exits_1(env: Path, tmp_path: Path, capsys: Any) -> None:
    pytest.importorskip("loaders.ingest")
    good = _write(tmp_path / "bridge.txt", ARTICLE)
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    code, out, err = run_main(["load", str(good), str(bad), "--no-progress"], capsys)
    assert code == 1
    assert "broken.json" in err and "loaded 1 article(s)" in err and "1 error(s)" in err
    code, out, err = run_main(["load", str(good), "--if-empty", "--no-progress"], capsys)
    assert code == 0 and "nothing loaded" in err


def test_a_locked_store_is_a_clear_error_with_exit_2(
    filled: Path, env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_LOCK_TIMEOUT", "0")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(filled)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        code, out, err = run_main(["keys", "create", "bot"], capsys)
        assert code == 2 and out == ""
        assert "the store is busy" in err
    finally:
        holder.communicate("\n", timeout=30)


def test_load_reports_nested_json_and_fifos_and_writes_the_good_files(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps({"title": "Ferry", "text": "Harbour master Ida Vos said the ferry will keep running."}),
        encoding="utf-8",
    )
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    code, _, err = run_main(["load", "--no-progress", str(good), str(nested), str(fifo)], capsys)
    assert code == 1
    assert "Traceback" not in err and "RecursionError" not in err
    assert f"{nested}: JSON nested too deeply" in err
    assert f"{fifo}: a FIFO, not a regular file" in err
    assert "loaded 1 article(s)" in err


def test_export_jsonl_loads_back_into_an_identical_store(
    filled: Path,
    env: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dump = tmp_path / "graph.jsonl"
    code, out, err = run_main(["export", "--format", "jsonl", "--output", str(dump)], capsys)
    assert code == 0 and out == "" and "exported 1 article(s)" in err
    copy = tmp_path / "copy"
    code, _, err = run_main(["load", "--data", str(copy), "--no-progress", str(dump)], capsys)
    assert code == 0, err
    assert "loaded 1 article(s), 2 claim(s); 0 error(s)" in err
    query = "{ claims(first: 5) { edges { node { id text speaker { name } contradictedBy { id } } } } }"
    _, original, _ = run_main(["query", query], capsys)
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(copy))
    _, loaded, _ = run_main(["query", query], capsys)
    assert loaded == original and json.loads(loaded)["data"]["claims"]["edges"]


def test_export_claimreview_prints_one_json_ld_document_per_line(
    filled: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(["export", "--format", "claimreview", "--actor", "ines calder"], capsys)
    assert code == 0 and "exported 1 claim review(s)" in err
    (line,) = out.splitlines()
    review = json.loads(line)
    assert review["@type"] == "ClaimReview" and review["itemReviewed"]["author"]["name"] == "Ines Calder"
    assert review["reviewRating"]["alternateName"] == "Contradicted"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--actor", "Nobody Known"], "claimgraph export: --actor: no entity goes by 'Nobody Known'"),
        (["--since", "May 2026"], "claimgraph export: --since: 'May 2026' is not a date"),
        (["--output", "/nonexistent/dir/x.jsonl"], "claimgraph export: --output: cannot write"),
    ],
)
def test_export_refuses_bad_arguments_naming_them(
    filled: Path, env: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run_main(["export", "--format", "jsonl", *args], capsys)
    assert code == 2 and message in err


def test_subscribe_prints_each_event_as_a_json_line(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = {
        "title": "Ferry notice",
        "text": "The ferry board said the crossing reopens on Monday. Nobody else spoke about it.",
        "claims": [{"text": "the crossing reopens on Monday", "kind": "REPORTED", "cue": "said",
                    "speaker": "Ferry Board", "speaker_kind": "ORGANIZATION"}],
    }  # fmt: skip
    source = tmp_path / "notice.json"
    source.write_text(json.dumps(article), encoding="utf-8")
    assert run_main(["load", "--no-progress", str(source)], capsys)[0] == 0
    query = 'subscription { statementAdded(actor: "ferry board", after: "0") { eventId claim { text } } }'
    code, out, err = run_main(["subscribe", query, "--limit", "1"], capsys)
    assert code == 0, err
    assert [json.loads(line) for line in out.splitlines()] == [
        {"data": {"statementAdded": {"eventId": "1", "claim": {"text": "the crossing reopens on Monday"}}}}
    ]
    bad = 'subscription { articleIngested(after: "x") { eventId } }'
    code, out, _ = run_main(["subscribe", bad], capsys)
    assert code == 1 and json.loads(out)["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    code, _, err = run_main(["subscribe", query, "--limit", "0"], capsys)
    assert code == 2 and "--limit must be at least 1" in err
