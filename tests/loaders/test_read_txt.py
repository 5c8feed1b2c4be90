from __future__ import annotations

from pathlib import Path

import pytest

from loaders.model import Article, InputError
from loaders.read import read_file, read_paths
from loaders.read.common import parse_date
from loaders.read.txt import parse_txt


def only_article(items: list[Article | InputError]) -> Article:
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def test_pipe_byline_and_source_trailer(fixtures_dir: Path) -> None:
    article = only_article(list(read_file(fixtures_dir / "harbor_pipe_byline.txt")))
    assert article.title == "Harbor council rejects ferry fare rise after heated session"
    assert article.author == "Valeria Montes"
    assert article.published_at == "2026-05-19"
    # The trailer names the publisher as written; it wins over the byline's spelling.
    assert article.publisher == "meridian"
    # Title kept as the first paragraph; byline and trailer cut out.
    assert article.text.startswith(
        "Harbor council rejects ferry fare rise after heated session\nThe Port Ellis"
    )
    assert "Valeria Montes" not in article.text and "Source" not in article.text
    assert article.text.endswith("without it.")


def test_by_line_with_two_authors(fixtures_dir: Path) -> None:
    article = only_article(list(read_file(fixtures_dir / "school_by_line.txt")))
    assert article.author == "Lena Okafor and Sam Reyes"
    assert article.publisher is None
    assert "By Lena" not in article.text
    assert article.text.startswith("Teachers say new timetable leaves no room for lunch\n\n\nTeachers at")


def test_no_byline_keeps_the_text_verbatim(fixtures_dir: Path) -> None:
    path = fixtures_dir / "bare_lede.txt"
    article = only_article(list(read_file(path)))
    assert article.text == path.read_text(encoding="utf-8").rstrip()
    assert article.author is None and article.published_at is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Lena Okafor", {"author": "Lena Okafor"}),
        ("by A. Diaz, B. Chen and C. Roy", {"author": "A. Diaz, B. Chen and C. Roy"}),
        (
            "Valeria Montes | The Meridian Post",
            {"author": "Valeria Montes", "publisher": "The Meridian Post"},
        ),
        ("The Meridian Post | 2026-05-19", {"publisher": "The Meridian Post", "published_at": "2026-05-19"}),
        ("Valeria Montes | 19 May 2026", {"author": "Valeria Montes", "published_at": "2026-05-19"}),
        ("2026-05-19", {"published_at": "2026-05-19"}),
    ],
)
def test_byline_variants(line: str, expected: dict[str, str]) -> None:
    article = parse_txt(f"Title line\n{line}\nBody sentence here.\n", "x.txt")
    got = {k: v for k, v in vars(article).items() if k in ("author", "publisher", "published_at") and v}
    assert got == expected
    assert article.text == "Title line\nBody sentence here."


@pytest.mark.parametrize(
    "second",
    [
        "By Thursday the board expects to publish a full schedule.",
        "By then, Mayor Park said, the deal would be done.",
        "Officials said the plan | which few had seen | was final and binding for the next decade.",
    ],
)
def test_sentences_are_not_bylines(second: str) -> None:
    text = f"Title line\n{second}\nMore text."
    article = parse_txt(text, "x.txt")
    assert article.text == text and article.author is None


def test_parse_date_formats() -> None:
    assert parse_date("May 19, 2026") == "2026-05-19"
    assert parse_date("Tuesday, May 19th, 2026") == "2026-05-19"
    assert parse_date("2026-05-19T09:30:00Z") == "2026-05-19T09:30:00+00:00"
    assert parse_date("Councillor Dana Whitfield") is None


def test_markdown_title_loses_its_hashes(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# River cleanup begins\n\nVolunteers said the work starts Monday.\n", encoding="utf-8")
    article = only_article(list(read_file(path)))
    assert article.title == "River cleanup begins"
    assert article.text.startswith("# River cleanup begins")


def bad(tmp_path: Path, name: str, data: bytes) -> InputError:
    path = tmp_path / name
    path.write_bytes(data)
    (item,) = list(read_paths([str(path)]))
    assert isinstance(item, InputError), item
    assert item.name == str(path)
    return item


def test_every_bad_input_is_named_with_its_reason(tmp_path: Path) -> None:
    assert bad(tmp_path, "empty.txt", b"").reason == "empty"
    assert bad(tmp_path, "blank.txt", b"  \n\n\t").reason == "empty"
    assert "binary" in bad(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").reason
    assert "not UTF-8" in bad(tmp_path, "latin.txt", "Caf\u00e9 owner said".encode("latin-1")).reason
    assert "title and no text" in bad(tmp_path, "title.txt", b"Only a title\n").reason
    assert "unknown extension '.pdf'" in bad(tmp_path, "report.pdf", b"%PDF-1.7").reason


def test_too_large_is_refused_by_size(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Title\n" + "word " * 400, encoding="utf-8")
    (item,) = list(read_paths([str(path)], max_bytes=1000))
    assert isinstance(item, InputError) and item.reason.startswith("too large")


def test_missing_path(tmp_path: Path) -> None:
    (item,) = list(read_paths([str(tmp_path / "nope.txt")]))
    assert isinstance(item, InputError) and item.reason == "no such file or folder"


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "one.txt").write_text("B one\nShe said so.\n", encoding="utf-8")
    (tmp_path / "a" / "two.txt").write_text("A two\nHe said so.\n", encoding="utf-8")
    (tmp_path / "a" / "one.txt").write_text("A one\nThey said so.\n", encoding="utf-8")
    (tmp_path / "a" / "notes.csv").write_text("not,an,article\n", encoding="utf-8")  # passed over
    (tmp_path / "a" / "case.gold.json").write_text("{}", encoding="utf-8")  # gold files too
    (tmp_path / ".hidden.txt").write_text("Hidden\nNo.\n", encoding="utf-8")
    titles = [a.title for a in read_paths([str(tmp_path)]) if isinstance(a, Article)]
    assert titles == ["A one", "A two", "B one"]


def test_crlf_counts_as_one_newline(tmp_path: Path) -> None:
    path = tmp_path / "dos.txt"
    path.write_bytes(b"Title\r\nShe said it was over.\r\n")
    article = only_article(list(read_file(path)))
    assert article.text == "Title\nShe said it was over."
