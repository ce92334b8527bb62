"""Per-file stages: each raw file is parsed, redacted, cleaned and classified on its own,
and the texts the cluster and merge stages compare are segmented into words.

Nothing in these stages looks beyond one file, so:

* files are processed in parallel, one per CPU, when there is enough to do;
* each file's result is cached (``build/cache/`` by default), keyed by the
  file's bytes, its name as shown, the configuration and the generator's own
  code. A run after one new raw file only processes that file. The cache is
  an optimisation only: a missing or unreadable cache entry is recomputed,
  and results are the same with or without it.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .classify import classify_entries
from .clean import clean_entries
from .config import Config
from .model import Entry, Problem
from .parse import expand_inputs, parse_text, read_text
from .redact import redact_entries
from .cluster import texts_to_segment
from .words import Words

PARALLEL_BYTES = 2_000_000  # below this much uncached input, starting worker processes costs more than it saves


# entries, parse problems, classify problems, and the words of the texts later stages compare
Result = tuple[list[Entry], list[Problem], list[Problem], dict[str, tuple[str, ...]]]


def process_text(text: str, shown: str, config: Config, words: Words | None = None) -> Result:
    """One file through parse, redact, clean and classify; its texts segmented."""
    entries, problems = parse_text(text, shown)
    entries = redact_entries(entries, config)
    entries = clean_entries(entries, config)
    entries, more = classify_entries(entries, config)
    words = words or Words(config)
    # The very strings of the entries are the keys, so a cached result stores each text once.
    segmented = {t: words.tokens(t) for e in entries for t in texts_to_segment(e)}
    return entries, problems, more, segmented


def salt(config: Config) -> bytes:
    """What else decides a file's result: the configuration files and the generator's code."""
    h = hashlib.sha256()
    code = Path(__file__).resolve().parent
    for path in sorted(code.rglob("*.py")) + sorted(Path(config.directory).glob("*")):
        if path.is_file():
            h.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


_worker: tuple[Config, Words] | None = None


def _init(config: Config) -> None:
    global _worker
    _worker = (config, Words(config))


def _work(job: tuple[str, str]) -> Result:
    return process_text(job[0], job[1], *_worker)


def prepare(paths: list[str], config: Config, cache_dir: str | Path | None = None,
            workers: int | None = None, pepper: bytes | None = None,
            words: Words | None = None) -> tuple[list[Entry], list[Problem]]:
    """Entries of every raw file (in the order of files, then of lines) and the problems found
    (those of parsing first, then those of classifying, each in the order of files).

    ``pepper``: ``salt(config)`` when the caller has it already. ``words``: the segmenter the
    later stages will use; it is given the words of the texts they compare."""
    files = [(shown, read_text(path, shown)) for path, shown in expand_inputs(paths)]
    if pepper is None:
        pepper = salt(config) if cache_dir else b""
    keys = [hashlib.sha256(pepper + shown.encode("utf-8") + b"\0" + text.encode("utf-8")).hexdigest()
            for shown, text in files]
    folder = Path(cache_dir) if cache_dir else None
    results: dict[int, Result] = {}
    if folder is not None:
        for n, key in enumerate(keys):
            found = read_cache(folder / f"{key}.pickle")
            if isinstance(found, tuple) and len(found) == 4:
                results[n] = found
    todo = [n for n in range(len(files)) if n not in results]
    size = sum(len(files[n][1]) for n in todo)
    workers = workers or min(len(todo), os.cpu_count() or 1)
    if workers > 1 and size >= PARALLEL_BYTES and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init, initargs=(config,)) as pool:
            done = pool.map(_work, [(files[n][1], files[n][0]) for n in todo], chunksize=1)
            results.update(zip(todo, done))
    else:
        serial = words or Words(config)
        for n in todo:
            results[n] = process_text(files[n][1], files[n][0], config, serial)
    if folder is not None:
        for n in todo:
            write_cache(folder / f"{keys[n]}.pickle", results[n])
        used = {f"{k}.pickle" for k in keys}
        for stale in folder.glob("*.pickle"):
            if len(stale.stem) == 64 and stale.name not in used:  # per-file results of files now gone
                stale.unlink()
    if words is not None:
        for n in range(len(files)):
            words.remember(results[n][3])
    entries = [e for n in range(len(files)) for e in results[n][0]]
    problems = [p for part in (1, 2) for n in range(len(files)) for p in results[n][part]]
    return entries, problems


def read_cache(path: Path):
    """A cached value, or None when it is absent or unreadable (the caller recomputes it)."""
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except Exception:  # absent, truncated or from another Python: recompute
        return None


def write_cache(path: Path, value) -> None:
    """Store a value atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
