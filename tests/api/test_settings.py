"""Settings: CLAIMGRAPH_* env vars, MONGODB_URI as is, flags over env, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import _settings, build_parser
from api.settings import Settings, load_settings


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CLAIMGRAPH_DATA", "MONGODB_URI", "CLAIMGRAPH_PORT", "CLAIMGRAPH_MAX_FIRST"):
        monkeypatch.delenv(name, raising=False)
    s = Settings()
    assert s.data == Path(".claimgraph") and s.mongodb_uri is None
    assert (s.host, s.port, s.max_first, s.introspection, s.require_read_key) == (
        "127.0.0.1",
        8000,
        100,
        True,
        False,
    )


def test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_DATA", "/srv/claims")
    monkeypatch.setenv("MONGODB_URI", "mongodb://db.internal:27017/news")
    monkeypatch.setenv("CLAIMGRAPH_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("CLAIMGRAPH_INTROSPECTION", "false")
    monkeypatch.setenv("CLAIMGRAPH_LOG_LEVEL", "debug")
    s = Settings()
    assert s.data == Path("/srv/claims")
    assert s.mongodb_uri == "mongodb://db.internal:27017/news"
    assert s.cors_origins == ["https://a.example", "https://b.example"]
    assert s.introspection is False and s.log_level == "DEBUG"


def test_empty_mongodb_uri_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONGODB_URI", "")
    assert Settings().mongodb_uri is None


def test_flags_override_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_PORT", "9000")
    monkeypatch.setenv("CLAIMGRAPH_MAX_DEPTH", "4")
    args = build_parser().parse_args(["serve", "--port", "9100", "--no-introspection", "--require-read-key"])
    s = _settings(args)
    assert s.port == 9100 and s.max_depth == 4
    assert s.introspection is False and s.require_read_key is True
    assert load_settings(port=None).port == 9000  # None: flag not given


def test_bad_values_name_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_PORT", "eighty")
    with pytest.raises(ValueError, match="port"):
        Settings()
