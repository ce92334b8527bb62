"""Build or serve the site with MkDocs, strictly: any MkDocs warning fails the build, and each
failure is reported as ``path:line: what is wrong``."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
from pathlib import Path

from .errors import ConfigError, HelpgenError
from .model import Problem

# MkDocs' own warnings about a page name the page, and a link target to find its line by.
_DOC_WARNING = re.compile(
    r"^Doc file '(?P<file>[^']+)' contains an? (?:[a-z ]+ )?link '(?P<link>[^']*)'"
)
_OURS = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<message>.*)$", re.S)


class _Collect(logging.Handler):
    """Keeps every warning MkDocs and its plugins log during one build."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _load(config_file: str, **overrides):
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    if not Path(config_file).is_file():
        raise ConfigError([Problem(config_file, 0, "MkDocs configuration not found", "error")])
    overrides = {k: str(Path(v).resolve()) for k, v in overrides.items() if v}
    try:
        return load_config(config_file, **overrides)
    except ConfigurationError as exc:
        why = f"invalid MkDocs configuration: {exc}"
        raise ConfigError([Problem(config_file, 0, why, "error")]) from exc


def source_date_epoch(docs_dir: str) -> str | None:
    """The time of the last commit touching docs_dir, so the sitemap's dates do not depend on when
    the site is built."""
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


def build_site(config_file: str, docs_dir: str, site_dir: str, strict: bool = True) -> list[str]:
    """Build ``docs_dir`` into ``site_dir``; raises HelpgenError, one problem per warning, on any
    (``strict=False``: builds all the same and returns the warnings).

    Reproducible: unless SOURCE_DATE_EPOCH is set, it is taken from the last commit of the docs
    folder, which MkDocs uses for the sitemap's dates.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort

    if "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = source_date_epoch(docs_dir)
        if epoch:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    config = _load(config_file, docs_dir=docs_dir, site_dir=site_dir)
    config["strict"] = strict
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        build(config)
    except Abort as exc:
        problems = [_problem(m, docs_dir) for m in handler.messages] or [
            Problem(docs_dir, 0, str(exc), "error")
        ]
        raise HelpgenError(sorted(problems, key=lambda p: (p.file, p.line))) from exc
    finally:
        logger.removeHandler(handler)
    return handler.messages


def _problem(message: str, docs_dir: str) -> Problem:
    """A build warning as a problem with its file and, where it can be found, its line."""
    ours = _OURS.match(message)
    if ours:
        return Problem(ours["file"], int(ours["line"]), ours["message"], "error")
    doc = _DOC_WARNING.match(message)
    if not doc:
        return Problem(docs_dir, 0, message, "error")
    path = Path(docs_dir) / doc["file"]
    shown = f"{docs_dir.rstrip('/')}/{doc['file']}"
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError:
        return Problem(shown, 0, message, "error")
    line = next((n for n, text in enumerate(lines, 1) if doc["link"] and doc["link"] in text), 0)
    return Problem(shown, line, message, "error")


def serve_site(config_file: str, docs_dir: str, port: int) -> None:
    """Live preview on 127.0.0.1:``port`` (the writers' preview: drafts and edit links on)."""
    from mkdocs.commands.serve import serve

    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            why = f"port {port} is in use ({exc.strerror}); choose another with --port"
            raise ConfigError([Problem("", 0, why, "error")]) from exc
    os.environ["HELPGEN_PREVIEW"] = "1"
    print(f"serving the preview on http://127.0.0.1:{port}/ (Ctrl+C stops)", flush=True)
    serve(config_file, docs_dir=str(Path(docs_dir).resolve()), dev_addr=f"127.0.0.1:{port}")
