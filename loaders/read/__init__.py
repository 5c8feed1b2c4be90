"""Readers: files, folders and stdin in, `Article`s (or `InputError`s naming what was refused) out.

Dispatch is by extension:

    .txt .text .md .markdown    plain text (loaders.read.txt)
    .html .htm .xhtml           a web page (loaders.read.html)
    .json                       one partner article, a list of them, or {"articles": [...]}
    .jsonl .ndjson              one partner article per line (loaders.read.json)

Folders are walked recursively in sorted order; inside a folder, hidden files, files of other
extensions and evaluation gold files (`*.gold.json`) are passed over silently, since folders hold
more than articles. A file named explicitly with an unknown extension is refused with a reason.
"-" reads stdin and sniffs its content: JSON / JSON Lines when it starts with `{` or `[`, HTML when
it starts with `<`, plain text otherwise.

Every reader refuses a placeholder for an article (common.check_article_text): a text with no
words ("…"), fewer than three, or only stand-in words ("Your text here", "Lorem ipsum…").

Nothing here raises for bad input: every refusal is yielded as an InputError so that one bad file
never stops the rest of a load.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from ..model import Article, InputError
from .common import DEFAULT_MAX_BYTES, decode_text
from .html import parse_html
from .json import article_from_dict, parse_json, parse_jsonl
from .txt import parse_txt

Parser = Callable[[str, str], Iterator[Article | InputError]]


def _single(parse: Callable[[str, str], Article]) -> Parser:
    def run(text: str, name: str) -> Iterator[Article | InputError]:
        try:
            yield parse(text, name)
        except InputError as exc:
            yield exc

    return run


PARSERS: dict[str, Parser] = {
    ".txt": _single(parse_txt),
    ".text": _single(parse_txt),
    ".md": _single(parse_txt),
    ".markdown": _single(parse_txt),
    ".html": _single(parse_html),
    ".htm": _single(parse_html),
    ".xhtml": _single(parse_html),
    ".json": parse_json,
    ".jsonl": parse_jsonl,
    ".ndjson": parse_jsonl,
}
STDIN = "-"


def _is_article_file(path: Path) -> bool:
    return (
        not path.name.startswith(".")
        and path.suffix.lower() in PARSERS
        and not path.name.lower().endswith(".gold.json")
    )


def _walk(folder: Path) -> Iterator[Path]:
    """Article files under a folder, recursively, in sorted order (so loads are reproducible)."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if _is_article_file(path):
                yield path


_SPECIAL = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def _check_regular(st: os.stat_result, name: str) -> None:
    if not stat.S_ISREG(st.st_mode):
        what = _SPECIAL.get(stat.S_IFMT(st.st_mode), "not a regular file")
        raise InputError(name, f"{what}, not a regular file; to load from a pipe, give - and pipe it in")


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """The file's bytes. Only regular files are read: a FIFO would wait for a writer forever (use "-"
    to load from a pipe), a device would never end."""
    _check_regular(os.stat(path), name)  # a socket cannot even be opened: named before trying
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO must not block the open
    try:
        st = os.fstat(fd)
        _check_regular(st, name)  # what was opened, should the path have changed meanwhile
        if st.st_size > max_bytes:
            raise InputError(name, f"too large: {st.st_size} bytes (limit {max_bytes})")
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew since the stat
        raise InputError(name, f"too large: more than {max_bytes} bytes")
    return data


def read_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputError]:
    """The articles in one file (several for .json lists and .jsonl)."""
    path = Path(path)
    name = str(path)
    parse = PARSERS.get(path.suffix.lower())
    if parse is None:
        known = ", ".join(sorted(PARSERS))
        yield InputError(
            name, f"unknown extension {path.suffix or '(none)'!r}, expected one of {known}; skipped"
        )
        return
    try:
        text = decode_text(_read_bytes(path, name, max_bytes), name, max_bytes=max_bytes)
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(name, f"cannot read: {exc.strerror or exc}")
        return
    yield from parse(text, name)


def sniff_parser(text: str) -> Parser:
    """How to read stdin, from what it starts with."""
    head = text.lstrip()[:1]
    if head == "[":
        return parse_json
    if head == "{":
        # One JSON document, or JSON Lines: a document per line.
        return parse_json if _is_one_json_document(text) else parse_jsonl
    if head == "<":
        return PARSERS[".html"]
    return PARSERS[".txt"]


def _is_one_json_document(text: str) -> bool:
    import orjson

    try:
        orjson.loads(text)
    except orjson.JSONDecodeError:
        lines = [line for line in text.splitlines() if line.strip()]
        return len(lines) <= 1  # one malformed document: report it as such
    return True


def read_stream(
    stream: BinaryIO, name: str = STDIN, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | InputError]:
    """Articles from a byte stream of unknown format (stdin)."""
    data = stream.read(max_bytes + 1)
    try:
        text = decode_text(data, name, max_bytes=max_bytes)
    except InputError as exc:
        yield InputError(name, f"too large: more than {max_bytes} bytes") if len(data) > max_bytes else exc
        return
    yield from sniff_parser(text)(text, name)


def read_paths(
    paths: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Iterator[Article | InputError]:
    """Every article in these files and folders ("-" = stdin), in the order given (folders in
    sorted order), each refusal as an InputError naming the input and the reason."""
    for raw in paths:
        if raw == STDIN:
            yield from read_stream(stdin or sys.stdin.buffer, STDIN, max_bytes=max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from (item for p in _walk(path) for item in read_file(p, max_bytes=max_bytes))
        elif path.exists():
            yield from read_file(path, max_bytes=max_bytes)
        else:
            yield InputError(raw, "no such file or folder")


__all__ = [
    "DEFAULT_MAX_BYTES",
    "article_from_dict",
    "read_file",
    "read_paths",
    "read_stream",
]
