from __future__ import annotations

import io
from pathlib import Path

from loaders.model import Article, InputError
from loaders.read import read_file, read_paths, read_stream


def test_main_text_and_metadata(fixtures_dir: Path) -> None:
    (article,) = list(read_file(fixtures_dir / "page.html"))
    assert isinstance(article, Article)
    assert article.title == "Mayor denies library budget freeze"
    assert article.author == "Rita Calloway"
    assert article.publisher == "The Harbor Ledger"
    assert article.published_at == "2026-03-04"
    assert article.url == "https://harborledger.example/news/mayor-denies-freeze"
    assert '"We never signed off on a freeze," Park told reporters' in article.text
    assert "twelve percent of its funding in March" in article.text
    for junk in ("Sports", "Advertisement", "cruise", "BUY CHEAP", "trackPageView", "Most read", "Copyright"):
        assert junk not in article.text


def test_page_without_main_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(
        "<html><head><title>Nothing</title><script>ads()</script></head><body></body></html>", "utf-8"
    )
    (item,) = list(read_paths([str(path)]))
    assert isinstance(item, InputError)
    assert item.name == str(path) and "no main text" in item.reason


def test_stdin_html_is_sniffed(fixtures_dir: Path) -> None:
    data = (fixtures_dir / "page.html").read_bytes()
    (article,) = list(read_stream(io.BytesIO(data)))
    assert isinstance(article, Article) and article.source == "-"
    assert article.publisher == "The Harbor Ledger"
