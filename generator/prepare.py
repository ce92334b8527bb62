"""Per-file stages: each raw file is parsed, redacted, cleaned and classified on its own, and
what grouping compares of each entry is worked out (``features.py``).

Nothing in these stages looks beyond one file, so files are processed in parallel
(``RunState.map``) and each file's result is cached (``RunState.cache``).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from .classify import classify_entries
from .clean import clean_entries
from .config import Config
from .errors import InputError
from .features import features_of
from .model import Entry, FileResult, Problem
from .parse import expand_inputs, parse_text, read_bytes, read_raw
from .redact import Redactor, redact_cleaned, redact_entries, redact_problems
from .runstate import RunState
from .vendor import file_vendor
from .words import Words

UNPROCESSABLE = "条目无法处理（内容超出处理能力），已排除"


def prepare_file(path: Path, shown: str, config: Config, words: Words | None = None) -> FileResult:
    """One raw file through parse, redact, clean, classify and features.

    A file that cannot be read or parsed is a problem of its own (the other files go on); an
    entry that makes a stage fail is excluded with a ``file:line`` warning, and the file's
    other entries go on.
    """
    try:
        text, problems = read_raw(path, shown)
    except InputError as exc:
        return FileResult((), tuple(exc.problems), ())
    try:
        entries, found = parse_text(text, shown, config)
    except (RecursionError, ValueError, IndexError, MemoryError) as exc:
        # (a parser's own limit: the file is refused with its name, the other files go on)
        why = f"file could not be parsed ({type(exc).__name__}); none of its entries is read"
        return FileResult((), tuple(problems) + (Problem(shown, 1, why, "error"),), ())
    problems += found
    vendor = file_vendor(shown, text, config)
    entries = [replace(e, vendor=vendor) for e in entries] if vendor else entries
    try:
        entries, more = _stages(entries, config)
    except (RecursionError, ValueError, IndexError, MemoryError):
        entries, more = _one_by_one(entries, config)
    features = features_of(entries, words or Words(config))
    # Later stages read the cleaned Markdown: the raw messages and FAQ bodies stay here.
    entries = [replace(e, messages=(), body="") if e.messages or e.body else e for e in entries]
    problems = redact_problems(problems + more, config)
    return FileResult(tuple(entries), tuple(problems), tuple(features))


def _stages(entries: list[Entry], config: Config) -> tuple[list[Entry], list[Problem]]:
    entries = redact_entries(entries, config)
    entries = redact_cleaned(clean_entries(entries, config), config)
    return classify_entries(entries, config)


def _one_by_one(entries: list[Entry], config: Config) -> tuple[list[Entry], list[Problem]]:
    """The stages entry by entry, so that the one that fails is excluded and named."""
    out, problems = [], []
    for entry in entries:
        try:
            done, more = _stages([entry], config)
        except (RecursionError, ValueError, IndexError, MemoryError) as exc:
            why = f"entry could not be processed ({type(exc).__name__}); it is excluded"
            problems.append(Problem(entry.source.file, entry.source.line, why))
            bare = replace(entry, description="", messages=(), body="", cause="", tags=())
            done, more = _stages([bare], config)
            done = [replace(done[0], excluded=UNPROCESSABLE)]
        out += done
        problems += more
    return out, problems


def _prepare_job(job: tuple[Path, str, Config]) -> FileResult:
    return prepare_file(*job)


def source_name(shown: str, config: Config) -> str:
    """How a raw file is named in pages, the report and messages (``parse.expand_inputs``:
    never an absolute path), with a file or folder name that carries personal data redacted
    (张三-13812345678-工单.txt)."""
    path = Path(shown)
    r = Redactor(config)
    parts = [r.text(part) for part in path.parts]
    if parts != list(path.parts):  # (two redacted names must not become one)
        parts[-1] += "~" + hashlib.sha1(shown.encode("utf-8")).hexdigest()[:6]
    return "/".join(parts)


def prepare(raw_paths: list[str], state: RunState) -> tuple[list[Entry], list, list[Problem]]:
    """Entries, their features and the problems found, of every raw file: entries in the order
    of files, then of lines; problems sorted by file and line."""
    files = [(path, source_name(shown, state.config)) for path, shown in expand_inputs(raw_paths)]
    keys = [
        state.cache.key(shown, read_bytes(path, shown)) if state.cache.folder else ""
        for path, shown in files
    ]
    results: list[FileResult | None] = [state.cache.get(key) if key else None for key in keys]
    todo = [n for n, found in enumerate(results) if found is None]
    # (each file alone: one that cannot be read or processed never stops the others)
    done = state.map(_prepare_job, [(*files[n], state.config) for n in todo], "raw files")
    for n, result in zip(todo, done, strict=True):
        results[n] = result
        if keys[n]:
            state.cache.put(keys[n], result)
    state.cache.prune()
    entries = [e for r in results for e in r.entries]
    features = [f for r in results for f in r.features]
    problems = sorted((p for r in results for p in r.problems), key=lambda p: (p.file, p.line))
    return entries, features, problems
