"""Hostile files the readers refuse, by name and reason, without stopping the rest of a load: NUL
bytes anywhere in a text file, UTF-16 text, JSON nested ten thousand levels deep (as a file and on
stdin), and FIFOs, sockets or devices where a file is expected (which used to block the load
forever)."""

from __future__ import annotations

import io
import json
import os
import socket
from pathlib import Path

import pytest

from loaders.model import Article, InputError
from loaders.read import read_paths

GOOD = {"title": "Ferry", "text": "Harbour master Ida Vos said the ferry will keep running."}


def outcomes(paths: list[str], stdin: bytes | None = None) -> list[Article | InputError]:
    return list(read_paths(paths, stdin=io.BytesIO(stdin) if stdin is not None else None))


def reasons(items: list[Article | InputError]) -> list[str]:
    return [i.reason for i in items if isinstance(i, InputError)]


def test_nul_after_the_first_kilobytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "late-nul.txt"
    path.write_bytes(b"Council approves budget\n\n" + b"The council said it would pay. " * 400 + b"\x00tail")
    (refusal,) = outcomes([str(path)])
    assert isinstance(refusal, InputError) and refusal.name == str(path)
    assert "NUL byte at offset" in refusal.reason


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_named(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Council approves budget\n\nThe council said it would pay.".encode(encoding))
    (refusal,) = outcomes([str(path)])
    assert isinstance(refusal, InputError) and "UTF-16" in refusal.reason


def test_deeply_nested_json_is_refused_and_the_rest_loads(tmp_path: Path) -> None:
    good = tmp_path / "a-good.json"
    good.write_text(json.dumps(GOOD), encoding="utf-8")
    nested = tmp_path / "b-nested.json"
    nested.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    lines = tmp_path / "c-nested.jsonl"
    lines.write_text(json.dumps(GOOD) + "\n" + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    items = outcomes([str(good), str(nested), str(lines)])
    assert [type(i) for i in items] == [Article, InputError, Article, InputError]
    assert all("nested too deeply" in r or "depth limit" in r for r in reasons(items))


def test_deeply_nested_json_on_stdin_is_refused() -> None:
    (refusal,) = outcomes(["-"], stdin=b"[" * 10_000 + b"]" * 10_000)
    assert isinstance(refusal, InputError) and refusal.name == "-" and "nested too deeply" in refusal.reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_given_or_in_a_folder_is_refused_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(GOOD), encoding="utf-8")
    os.mkfifo(folder / "b.json")  # nobody will ever write to it
    (folder / "c.json").write_text(json.dumps({**GOOD, "title": "Ferry 2"}), encoding="utf-8")
    os.mkfifo(tmp_path / "direct.txt")
    items = outcomes([str(folder), str(tmp_path / "direct.txt")])
    assert [type(i) for i in items] == [Article, InputError, Article, InputError]
    assert reasons(items) == [
        "a FIFO, not a regular file; to load from a pipe, give - and pipe it in",
        "a FIFO, not a regular file; to load from a pipe, give - and pipe it in",
    ]


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        (refusal,) = outcomes([str(path)])
    assert isinstance(refusal, InputError) and refusal.reason.startswith("a socket")


def test_a_device_behind_an_article_name_is_refused_not_read_forever(tmp_path: Path) -> None:
    (tmp_path / "endless.txt").symlink_to("/dev/zero")
    (refusal,) = outcomes([str(tmp_path / "endless.txt")])
    assert isinstance(refusal, InputError) and refusal.reason.startswith("a device")
