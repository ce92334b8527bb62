"""Shared fixtures: the project's configuration, its bundled raw data, and ../shared when
present."""

from __future__ import annotations

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
    return (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
        or shutil.which("google-chrome-stable")
    )


def copy_setup(work: Path) -> None:
    """The project's configuration, theme overrides and mkdocs.yml, copied into ``work``."""
    for name in ("site_config", "overrides"):
        shutil.copytree(ROOT / name, work / name)
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")


def build_site_in(work: Path, extra_raw: dict[str, str]) -> int:
    """Build the bundled data plus ``extra_raw`` files into ``work/site`` with a copy of the
    project's setup.

    Returns the exit status of ``helpgen build``.
    """
    from generator.cli import main

    copy_setup(work)
    raw = work / "raw"
    shutil.copytree(RAW, raw)
    for name, text in extra_raw.items():
        (raw / name).write_text(text, encoding="utf-8")
    return main(
        [
            "build",
            str(raw),
            "--docs-dir",
            str(work / "docs_src"),
            "--site-dir",
            str(work / "site"),
            "--config-dir",
            str(work / "site_config"),
            "--report",
            str(work / "report.json"),
            "--mkdocs-config",
            str(work / "mkdocs.yml"),
        ]
    )


def generate(raw, docs, report) -> dict:
    """``helpgen generate`` of ``raw`` (paths) into ``docs``, with the project's configuration;
    the report it wrote."""
    import json

    from generator.cli import main

    args = ["generate", *map(str, raw), "--docs-dir", str(docs), "--report", str(report)]
    assert main([*args, "--config-dir", str(ROOT / "site_config")]) == 0
    return json.loads(report.read_text(encoding="utf-8"))


def redirects_of(docs) -> dict:
    """The redirects the generator recorded in the docs folder's ledger."""
    import yaml

    return yaml.safe_load((docs / ".topics.yml").read_text(encoding="utf-8"))["redirects"]


@pytest.fixture(scope="session")
def real_site_docs(tmp_path_factory):
    """The labelled vendor pages of fixtures/real_pages generated into a docs folder (no site),
    with the real-site queries resolved to topic ids (scripts/real_site.py)."""
    from scripts.real_site import build_real_site

    return build_real_site(tmp_path_factory.mktemp("real-docs"), site=False)


def shown(path: Path, root: Path | None = None) -> str:
    """How the generator names a raw file it read from folder ``root`` (default: the file's
    own folder): never an absolute path (see ``parse.expand_inputs``)."""
    from generator.parse import shown_root

    root = root or path.parent
    return (shown_root(root) / path.relative_to(root)).as_posix()
