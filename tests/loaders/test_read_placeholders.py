"""A placeholder is not an article: "…" pasted from an example, "Your text here", "Lorem ipsum", a
couple of words. Every reader (txt, md, html, json, the API's ingestArticles) refuses it with an
error that names the input and the reason, and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.ingest import ingest_articles, load_paths
from loaders.model import Article, Extraction, InputError
from loaders.read import read_paths
from loaders.read.common import MIN_WORDS, placeholder_reason
from store import open_store

REAL = "The ferry operator said on Monday that winter sailings would start in October."


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("…", "has no words ('…')"),
        ("...", "has no words"),
        ("— 2026 —", "has no words"),
        ("Your text here", "placeholder ('Your text here')"),
        ("TODO", "placeholder"),
        ("Lorem ipsum dolor sit amet, ferry operators adipiscing.", "placeholder ('Lorem ipsum"),
        ("Ferry delayed", f"2 word(s) of text ('Ferry delayed'); at least {MIN_WORDS} needed"),
    ],
)
def test_placeholders_have_a_reason(text: str, needle: str) -> None:
    reason = placeholder_reason(text)
    assert reason is not None and reason.startswith("not an article: ") and needle in reason


@pytest.mark.parametrize(
    "text", [REAL, "Ferries run late.", "Паромы опаздывают сегодня.", "The 9:15 ferry is cancelled"]
)
def test_real_text_passes(text: str) -> None:
    assert placeholder_reason(text) is None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("dots.txt", "Harbour news\n…\n"),
        ("todo.md", "# Harbour news\n\nTODO\n"),
        ("lorem.txt", "Lorem ipsum dolor sit amet\nconsectetur adipiscing elit\n"),
        ("lorem.html", "<html><head><title>Harbour</title></head><body><article><p>Lorem ipsum dolor sit"
         " amet, consectetur adipiscing elit.</p></article></body></html>"),
        ("dots.json", '{"title": "Harbour news", "text": "…"}'),
        ("dots.jsonl", '{"title": "Harbour news", "text": "..."}\n'),
    ],
)
def test_every_reader_refuses_a_placeholder_naming_the_file(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    (item,) = list(read_paths([str(path)]))
    assert isinstance(item, InputError), item
    assert item.name.startswith(str(path)) and item.reason, item
    assert "not an article" in str(item), str(item)


def test_markdown_is_read_as_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "ferry.md"
    path.write_text(f"# Ferry timetable changes\n\n{REAL} *Winter* timetables follow.\n", encoding="utf-8")
    (article,) = list(read_paths([str(path)]))
    assert isinstance(article, Article)
    assert article.title == "Ferry timetable changes"
    assert "*Winter*" in article.text  # markup stays as written: spans count it


@pytest.mark.parametrize(
    ("fields", "needle"),
    [
        ({"title": "…", "text": "…", "publisher": "Harbor Daily"}, "text: not an article: the text has no"),
        ({"title": "…", "text": REAL}, "title: '…' is a placeholder; give the real value or leave the field"),
        ({"publisher": "...", "text": REAL}, "publisher: '...' is a placeholder"),
    ],
)
async def test_the_api_refuses_placeholders_and_stores_nothing(
    tmp_path: Path, fields: dict[str, str], needle: str
) -> None:
    store = await open_store(data_dir=tmp_path / "store")
    try:
        (outcome,) = await ingest_articles(store, [fields], extractor=lambda a: Extraction())
        assert outcome["article_id"] is None
        assert outcome["error"].startswith("articles[0]: ") and needle in outcome["error"], outcome
        assert await store.find("articles", {}) == []
    finally:
        await store.close()


async def test_a_load_reports_the_placeholder_and_loads_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_real.txt").write_text(f"Ferry timetable changes\n{REAL}\n", encoding="utf-8")
    (folder / "b_dots.txt").write_text("Harbour news\n…\n", encoding="utf-8")
    store = await open_store(data_dir=tmp_path / "store")
    try:
        report = await load_paths(store, [str(folder)], progress=False, extractor=lambda a: Extraction())
    finally:
        await store.close()
    assert report.loaded == 1
    assert [(Path(n).name, r.split(":")[0]) for n, r in report.errors] == [("b_dots.txt", "not an article")]
