"""Build or serve the site with MkDocs, strictly: any MkDocs warning fails the build."""

from __future__ import annotations

import logging
from pathlib import Path

from .errors import ConfigError, HelpgenError
from .model import Problem


def _load(config_file: str, **overrides):
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    if not Path(config_file).is_file():
        raise ConfigError([Problem(config_file, 0, "MkDocs configuration not found", "error")])
    overrides = {k: str(Path(v).resolve()) for k, v in overrides.items() if v}
    try:
        return load_config(config_file, **overrides)
    except ConfigurationError as exc:
        raise ConfigError(
            [Problem(config_file, 0, f"invalid MkDocs configuration: {exc}", "error")]
        ) from exc


def source_date_epoch(docs_dir: str) -> str | None:
    """The time of the last commit touching docs_dir, so the sitemap's dates do not depend on when
    the site is built."""
    import subprocess

    try:
        out = subprocess.run(
            ["git", "-C", docs_dir, "log", "-1", "--format=%ct", "--", "."],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def build_site(config_file: str, docs_dir: str, site_dir: str) -> None:
    """Build ``docs_dir`` into ``site_dir``; raises HelpgenError on any warning.

    Reproducible: unless SOURCE_DATE_EPOCH is set, it is taken from the last
    commit of the docs folder, which MkDocs uses for the sitemap's dates.
    """
    import os

    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort

    if "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = source_date_epoch(docs_dir)
        if epoch:
            os.environ["SOURCE_DATE_EPOCH"] = epoch

    config = _load(config_file, docs_dir=docs_dir, site_dir=site_dir)
    config["strict"] = True
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    try:
        build(config)
    except Abort as exc:
        raise HelpgenError([Problem(docs_dir, 0, f"MkDocs build failed: {exc}", "error")]) from exc


def serve_site(config_file: str, docs_dir: str, port: int) -> None:
    from mkdocs.commands.serve import serve

    serve(config_file, docs_dir=str(Path(docs_dir).resolve()), dev_addr=f"127.0.0.1:{port}")
