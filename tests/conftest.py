"""Shared fixtures: the project's configuration, its bundled raw data, and ../shared when present."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.config import load_config

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "tencent-faq"
TICKETS = RAW / "qiniu-support-qa-part15.txt"


@pytest.fixture(scope="session")
def config():
    return load_config(ROOT / "site_config")


def corpus_pages() -> list[Path]:
    """The real FAQ pages of ../shared/corpus, when that folder exists."""
    return sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []


needs_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture()
def workdir(tmp_path, monkeypatch):
    """A temporary project folder with mkdocs.yml, site_config/ and overrides/ copied in."""
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("site_config", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    # The MkDocs hook is referenced relative to mkdocs.yml.
    (tmp_path / "generator").mkdir()
    shutil.copy(ROOT / "generator" / "mkdocs_hooks.py", tmp_path / "generator" / "mkdocs_hooks.py")
    monkeypatch.chdir(tmp_path)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    return tmp_path
