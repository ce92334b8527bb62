"""The state of one run, made by the pipeline and handed to the stages that need it.

* ``jobs``: how many processes the per-file stages may use (``--jobs``; 1 runs everything
  in this process). The only place that decides between serial and parallel work.
* ``cache``: each raw file's per-file result from earlier runs, keyed by the file's bytes,
  its name as shown, the configuration and the generator's own code. A run after one new
  raw file processes only that file. It never changes a result: with, without or damaged,
  the pages are the same.
* ``words``: the segmenter of this run's configuration, which remembers the runs of
  Chinese characters it has cut.
* ``timings``: seconds spent in each stage (``stage()``), logged at INFO level.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from tqdm import tqdm

from .config import Config
from .model import FileResult
from .words import Words

T = TypeVar("T")
R = TypeVar("R")
log = logging.getLogger("helpgen")


def code_and_config_salt(config: Config) -> bytes:
    """What else decides a file's result: the configuration files and the generator's code."""
    h = hashlib.sha256()
    code = Path(__file__).resolve().parent
    for path in sorted(code.rglob("*.py")) + sorted(Path(config.directory).glob("*")):
        if path.is_file():
            h.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


@dataclass
class FileCache:
    """Per-file results in a folder (None: no cache), one pickle per key."""

    folder: Path | None
    salt: bytes = b""
    used: set[str] = field(default_factory=set)

    def key(self, shown: str, data: bytes) -> str:
        return hashlib.sha256(self.salt + shown.encode("utf-8") + b"\0" + data).hexdigest()

    def get(self, key: str) -> FileResult | None:
        """A cached result, or None when it is absent or unreadable (the caller recomputes it)."""
        if self.folder is None:
            return None
        self.used.add(key)
        try:
            with (self.folder / f"{key}.pickle").open("rb") as f:
                found = pickle.load(f)
        except Exception:  # absent, truncated or from another Python: recompute
            return None
        return found if isinstance(found, FileResult) else None

    def put(self, key: str, result: FileResult) -> None:
        """Store a result atomically: a reader never sees half a file."""
        if self.folder is None:
            return
        self.used.add(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f"{key}.tmp"
        with tmp.open("wb") as f:
            pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.folder / f"{key}.pickle")

    def prune(self) -> None:
        """Forget the results of files this run did not read (they are gone or changed)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for stale in self.folder.glob("*.pickle"):
            if len(stale.stem) == 64 and stale.stem not in self.used:
                stale.unlink()


@dataclass
class RunState:
    config: Config
    cache: FileCache
    words: Words
    jobs: int = 1
    progress: bool = False  # show a progress bar for the per-file stages
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        config: Config,
        cache_dir: str | Path | None = None,
        jobs: int | None = None,
        progress: bool = False,
    ) -> RunState:
        folder = Path(cache_dir) if cache_dir else None
        cache = FileCache(folder, code_and_config_salt(config) if folder else b"")
        return cls(config, cache, Words(config), jobs or os.cpu_count() or 1, progress)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage of the run."""
        start = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
        log.info("%s: %.2f s", name, self.timings[name])

    def map(self, function: Callable[[T], R], tasks: Iterable[T], what: str = "") -> list[R]:
        """``function`` of each task, in order: in worker processes when ``jobs`` allows and
        there is more than one task, else here. ``function`` and tasks must pickle. ``what``:
        what the tasks are, for the progress bar."""
        tasks = list(tasks)
        workers = min(self.jobs, len(tasks))
        bar = tqdm(total=len(tasks), desc=what, unit="file", disable=not self.progress, leave=False)
        with bar:
            if workers <= 1:
                return [_counted(function(t), bar) for t in tasks]
            with ProcessPoolExecutor(workers) as pool:
                return [_counted(r, bar) for r in pool.map(function, tasks)]


def _counted(result: R, bar: tqdm) -> R:
    bar.update()
    return result
