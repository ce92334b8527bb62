"""Parse stage: raw dataset files in, entries and problems out.

The format of a file is detected from its content, never from its name, so a
new dataset part with any extension is read the same way. Each format lives in
its own module and exposes ``looks_like(text)`` and ``parse(text, shown)``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import replace
from pathlib import Path

from ..errors import ConfigError, InputError
from ..markup import SPACES
from ..model import Entry, Problem
from ..rawtext import plain_lines
from . import faq_page, product, ticket_dump

# Order matters: the most specific format first.
FORMATS = (ticket_dump, faq_page)


def read_text(path: Path, shown: str) -> str:
    """Read a file as UTF-8 (with or without BOM), with line endings normalised to LF."""
    return decode_text(read_bytes(path, shown), shown)


def read_raw(path: Path, shown: str) -> tuple[str, list[Problem]]:
    """A raw file's text (see ``decode_raw``) and what was wrong with its characters."""
    return decode_raw(read_bytes(path, shown), shown)


def read_bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(shown, 0, f"cannot read file: {exc.strerror}", "error")]) from exc


def decode_text(data: bytes, shown: str) -> str:
    """A file's bytes as text (see ``read_text``)."""
    return decode_raw(data, shown)[0]


def decode_raw(data: bytes, shown: str) -> tuple[str, list[Problem]]:
    """A file's bytes as text: UTF-8 (with or without BOM; UTF-16 when a BOM says so), lines as
    an editor shows them (LF or CRLF ends a line, nothing else does), no control or invisible
    characters (``rawtext.py``); with a warning when characters were removed."""
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            [Problem(shown, line, "not valid UTF-8 text; expected a UTF-8 file", "error")]
        ) from exc
    text, problems = plain_lines(text, shown)
    return text.rstrip("\n") + "\n", problems


def expand_inputs(paths: list[str]) -> list[tuple[Path, str]]:
    """Files named on the command line, and the files inside named folders, sorted.

    Returns (path, shown) pairs, ``shown`` being how messages, pages and the report name the
    file: the path as the user wrote it, never an absolute one (an absolute path inside the
    working folder is made relative to it; outside it, the raw folder's own name stands for
    it). Hidden files and README files inside folders are skipped.
    """
    out: list[tuple[Path, str]] = []
    problems = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if (
                    child.is_file()
                    and not any(part.startswith(".") for part in rel.parts)
                    and not child.name.lower().startswith("readme")
                ):
                    out.append((child, (shown_root(path) / rel).as_posix()))
        elif path.is_file():
            out.append((path, (shown_root(path.parent) / path.name).as_posix()))
        else:
            problems.append(Problem(given, 0, "no such file or folder", "error"))
    if problems:
        raise ConfigError(problems)  # a wrong path is a usage error
    return out


def shown_path(given: str) -> str:
    """How a raw folder or file given on the command line is named (see ``expand_inputs``)."""
    path = Path(given)
    if path.is_file():
        return (shown_root(path.parent) / path.name).as_posix()
    return shown_root(path).as_posix()


def shown_root(folder: Path) -> Path:
    """How a raw folder is named: as given when relative, relative to the working folder when
    inside it, else by its own name (no machine path reaches a page or the report)."""
    if not folder.is_absolute():
        return folder
    try:
        return folder.relative_to(Path.cwd())
    except ValueError:
        return Path(folder.name)


def raw_key(entry: Entry) -> str:
    """A hash of everything the raw entry says, normalised; its place in the file does not count.

    Topic ids grow from it, so they change neither when other data arrives nor
    when cleaning or redaction rules change.
    """
    parts = [
        entry.title,
        entry.description,
        entry.body,
        entry.cause,
        *(m.text for m in entry.messages),
    ]
    text = unicodedata.normalize("NFKC", "\n".join(parts)).lower()
    return hashlib.sha1(SPACES.sub("", text).encode("utf-8")).hexdigest()


def parse_text(text: str, shown: str, config=None) -> tuple[list[Entry], list[Problem]]:
    """Parse one file's text with the format it looks like. With the configuration, FAQ
    entries also get the product their page names (``product.place``)."""
    for fmt in FORMATS:
        if fmt.looks_like(text):
            entries, problems = fmt.parse(text, shown)
            if config is not None and fmt is faq_page:
                entries, more = product.place(entries, text, shown, config)
                problems = problems + more
            return [replace(e, source=replace(e.source, key=raw_key(e))) for e in entries], problems
    return [], [
        Problem(
            shown,
            1,
            "unrecognised format: expected a support-ticket dump "
            "('## title' entries with '**问题分类**') or a FAQ page with Markdown headings",
        )
    ]


def parse_files(paths: list[str]) -> tuple[list[Entry], list[Problem]]:
    """Parse every input; entries keep the order of files, then of lines."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for path, shown in expand_inputs(paths):
        found, trouble = parse_text(read_text(path, shown), shown)
        entries.extend(found)
        problems.extend(trouble)
    return entries, problems
