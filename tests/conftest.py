"""Shared fixtures. Qt runs headless in every test run (set before Qt loads)."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.library import Library

from . import unclosed

unclosed.install()

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_2733e1cf4b932cb0.txt"
#: What every engine must find in the seed story (the issue's list).
SEED_ENTITIES = frozenset({
    ("Ahn Deok-geun", "PERSON"), ("Wang Wentao", "PERSON"), ("Samsung", "ORG"),
    ("APEC", "ORG"), ("Detroit", "GPE"), ("China", "GPE"), ("Korea", "GPE"),
})


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test away from the real data folder and settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("NEWSREADER_LIBRARY", raising=False)
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):  # tests talk to
        monkeypatch.delenv(name, raising=False)                        # 127.0.0.1 directly
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed story not found at {SEED}")
    return SEED


@pytest.fixture
def library(tmp_path: Path):
    lib = Library(tmp_path / "library.sqlite")
    yield lib
    lib.close()


def draft(n: int, **fields: object) -> ArticleDraft:
    """A small distinct article; fields override the defaults."""
    values: dict[str, object] = {
        "title": f"Story number {n} about chips",
        "body_text": f"Body of story {n}. Semiconductor exports rose in quarter {n}.",
        "source": "Test Wire",
        "url": f"https://example.com/story/{n}",
        "published_at": f"2024-01-{(n % 28) + 1:02d}T08:00:00Z",
    }
    values.update(fields)
    return ArticleDraft(**values)  # type: ignore[arg-type]
