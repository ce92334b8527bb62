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

import numpy as np

from .classify import classify_entries
from .clean import clean_entries
from .cluster import Item, featured_items, shingles_of, texts_to_shingle
from .config import Config
from .model import Entry, Problem, evolve
from .parse import expand_inputs, parse_text, read_bytes, read_text
from .redact import redact_entries
from .words import Words

PARALLEL_BYTES = 2_000_000  # below this much uncached input, starting worker processes costs more than it saves


# entries, parse problems, classify problems, the words of the texts later stages cut (titles,
# and answers on update runs), and the entries' items for clustering (by cluster.item_key)
Result = tuple[list[Entry], list[Problem], list[Problem], dict[str, tuple[str, ...]],
               dict[tuple[str, int, str], Item]]


def process_text(text: str, shown: str, config: Config, words: Words | None = None,
                 answers: bool = False) -> Result:
    """One file through parse, redact, clean and classify; its texts segmented (with ``answers``,
    the answers too: relating topics cuts the answer of each topic into words), and its entries'
    items for clustering made."""
    entries, problems = parse_text(text, shown)
    entries = redact_entries(entries, config)
    entries = clean_entries(entries, config)
    entries, more = classify_entries(entries, config)
    words = words or Words(config)
    shingled: dict[str, np.ndarray] = {}
    for t in (t for e in entries for t in texts_to_shingle(e)):
        if t not in shingled:
            shingled[t] = shingles_of(t)
    items = featured_items(entries, words, shingled)  # (cuts the texts clustering compares)
    # Once the items are made, later stages only cut titles (and answers) into words. The very
    # strings of the entries are the keys, so a cached result stores each text once.
    segmented = {t: words.tokens(t) for e in entries for t in (e.title,) + ((e.answer_md,) if answers else ())}
    # Later stages read the cleaned Markdown: the raw messages and FAQ bodies stay here (a fifth
    # less to send back from a worker and to cache).
    entries = [evolve(e, messages=(), body="") if e.messages or e.body else e for e in entries]
    return entries, problems, more, segmented, items


def salt(config: Config) -> bytes:
    """What else decides a file's result: the configuration files and the generator's code."""
    h = hashlib.sha256()
    code = Path(__file__).resolve().parent
    for path in sorted(code.rglob("*.py")) + sorted(Path(config.directory).glob("*")):
        if path.is_file():
            h.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


_worker_config: Config | None = None


def _init(config: Config) -> None:
    global _worker_config
    _worker_config = config
    Words(config).tokenizer()  # loaded once per worker, for its files and for segment()


def _work(job: tuple[str, str, bool]) -> Result:
    # A segmenter per file: a worker keeps nothing of the files it did before.
    path, shown, answers = job
    return process_text(read_text(Path(path), shown), shown, _worker_config, Words(_worker_config), answers)


def _segment(texts: list[str]) -> dict[str, tuple[str, ...]]:
    words = Words(_worker_config)
    return {t: words.tokens(t) for t in texts}


class Preparation:
    """The per-file results of a run, being made: workers process the new files while this
    process reads the cached ones and the caller goes on with work of its own (reading the
    docs folder). ``result()`` waits for them. Until ``close()``, a worker that has the
    dictionary loaded segments texts for the later stages (``segment``), which spares this
    process loading it (a second) for the few texts an update run has not segmented yet.

    ``pepper``: ``salt(config)`` when the caller has it already. ``words``: the segmenter the
    later stages will use; it is given the words of the texts they compare.
    """

    def __init__(self, paths: list[str], config: Config, cache_dir: str | Path | None = None,
                 workers: int | None = None, pepper: bytes | None = None, words: Words | None = None):
        self.config, self.words = config, words
        # Workers read and decode their own files; this process reads bytes only for the cache's keys.
        self.files = [(shown, path) for path, shown in expand_inputs(paths)]
        self.folder = folder = Path(cache_dir) if cache_dir else None
        self.keys, sizes = [], []
        if folder is not None:
            if pepper is None:
                pepper = salt(config)
            for shown, path in self.files:
                data = read_bytes(path, shown)
                self.keys.append(hashlib.sha256(pepper + shown.encode("utf-8") + b"\0" + data).hexdigest())
                sizes.append(len(data))
        else:
            sizes = [_size(path, shown) for shown, path in self.files]
        self.results: dict[int, Result] = {}
        self.items: dict[tuple[str, int, str], Item] = {}  # every entry's item, by cluster.item_key, after result()
        cached = [n for n in range(len(self.files)) if folder is not None and (folder / f"{self.keys[n]}.pickle").is_file()]
        self.todo = sorted(set(range(len(self.files))) - set(cached))
        size = sum(sizes[n] for n in self.todo)
        workers = workers or min(len(self.todo), os.cpu_count() or 1)
        # Workers when there is enough to do, or when one can work while this process reads the cache.
        # An update (some files cached) brings few new topics: their answers are segmented in the
        # worker too. A first run leaves answers to the topics that use them (most entries merge
        # into another's topic).
        self.answers = bool(cached)
        self.pool = None
        self.done = iter(())
        if self.todo and "fork" in multiprocessing.get_all_start_methods() and (
                (workers > 1 and size >= PARALLEL_BYTES) or (cached and (os.cpu_count() or 1) > 1)):
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init, initargs=(config,))
            self.done = self.pool.map(_work, [(str(self.files[n][1]), self.files[n][0], self.answers) for n in self.todo],
                                      chunksize=1)
        self.unreadable = []
        for n in cached:
            found = read_cache(folder / f"{self.keys[n]}.pickle")
            if isinstance(found, tuple) and len(found) == 5:
                self.results[n] = found
            else:
                self.unreadable.append(n)  # done again in result()

    def result(self) -> tuple[list[Entry], list[Problem]]:
        """Entries of every raw file (in the order of files, then of lines) and the problems found
        (those of parsing first, then those of classifying, each in the order of files)."""
        files, results, folder = self.files, self.results, self.folder
        todo, unreadable = self.todo, self.unreadable
        if self.pool is not None:
            results.update(zip(todo, self.done))
        serial = self.words or Words(self.config)
        for n in todo + unreadable:
            if n not in results:
                results[n] = process_text(read_text(files[n][1], files[n][0]), files[n][0], self.config, serial,
                                          self.answers)
        if folder is not None:
            for n in todo + unreadable:
                write_cache(folder / f"{self.keys[n]}.pickle", results[n])
            used = {f"{k}.pickle" for k in self.keys}
            for stale in folder.glob("*.pickle"):
                if len(stale.stem) == 64 and stale.name not in used:  # per-file results of files now gone
                    stale.unlink()
        for n in range(len(files)):
            if self.words is not None:
                self.words.remember(results[n][3])
            self.items.update(results[n][4])
        entries = [e for n in range(len(files)) for e in results[n][0]]
        problems = [p for part in (1, 2) for n in range(len(files)) for p in results[n][part]]
        return entries, problems

    def segment(self, texts: list[str]) -> dict[str, tuple[str, ...]] | None:
        """The words of ``texts``, from the workers; None when there are none."""
        if self.pool is None:
            return None
        size = max(1, -(-len(texts) // (2 * (os.cpu_count() or 1))))
        found: dict[str, tuple[str, ...]] = {}
        for part in self.pool.map(_segment, [texts[i:i + size] for i in range(0, len(texts), size)]):
            found.update(part)
        return found

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def __enter__(self) -> "Preparation":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _size(path: Path, shown: str) -> int:
    try:
        return path.stat().st_size
    except OSError:
        read_bytes(path, shown)  # (says why it cannot be read)
        raise


def prepare(paths: list[str], config: Config, cache_dir: str | Path | None = None,
            workers: int | None = None, pepper: bytes | None = None,
            words: Words | None = None) -> tuple[list[Entry], list[Problem]]:
    """Entries and problems of every raw file (see ``Preparation``), in one call."""
    with Preparation(paths, config, cache_dir, workers, pepper, words) as preparation:
        return preparation.result()


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
