"""Reading and writing pages of the docs folder, each read at most once per run.

Memos, for a run over a folder of thousands of pages:

* each distinct front-matter block is parsed once (keyed by a hash of the block);
* a page read in this run is not read again unless the run wrote it;
* a page this run writes is remembered with the front matter it was written from
  (the caller guarantees that reading the page gives exactly that back);
* between runs (the pipeline keeps ``reads_used()`` in its cache and hands it to
  ``remember_reads()``), a page the generator wrote and nobody edited since is known
  by its size and modification time, as version control knows unchanged files: its
  front matter, digest and verdict come from the memo, and its body is not read
  (``Read.text`` is None and the post's content empty: nothing reads the body of an
  unedited page). A page modified shortly before the memo was written is read again
  anyway, since a change in the same clock tick would keep its time: within 0.1 s
  where the file times have sub-second parts, within 2 s where they are whole
  seconds (file systems that keep only seconds, or two).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

RACY_NS = 100_000_000  # file times this close to the memo's own time are not trusted ...
RACY_COARSE_NS = 2_000_000_000  # ... or this close, when the file system keeps whole seconds

_YAML = frontmatter.YAMLHandler()
_front: dict[bytes, dict] = {}  # hash of a front-matter block -> its data
_front_used: set[bytes] = set()


@dataclass
class Read:
    """A page as read in this run (or known by its file stats from the last one)."""

    size: int
    mtime: int  # ns
    digest: bytes  # of the page's bytes
    post: frontmatter.Post
    text: str | None  # None when known from the memo
    front: bytes = b""  # hash of its front-matter block, when it has one
    unedited: bool | None = None  # a generated page as written (set by the scan); None: not judged


_seen: dict[Path, Read] = {}  # pages read in this run; dropped when the run writes them
_trusted: dict[str, tuple] = {}  # path -> (size, mtime, digest, front hash, unedited) from the last run


def remember_reads(known: dict | None) -> None:
    """What an earlier run read (``reads_used()``), or None; starts a new run."""
    known = known or {}
    _front.update(known.get("front", {}))
    _front_used.clear()
    _seen.clear()
    _trusted.clear()
    at, pages = known.get("at", 0), known.get("pages", {})
    fine = any(entry[1] % 1_000_000_000 for entry in pages.values())
    racy = RACY_NS if fine else RACY_COARSE_NS
    _trusted.update((path, entry) for path, entry in pages.items() if entry[1] + racy < at)


def reads_used() -> dict:
    """The parsed front-matter blocks read in this run, and the file stats of the pages known
    to be as the generator wrote them, to remember next time."""
    pages = {str(path): (r.size, r.mtime, r.digest, r.front, r.unedited)
             for path, r in _seen.items() if r.front and r.unedited}
    return {"front": {k: _front[k] for k in sorted(_front_used)}, "pages": dict(sorted(pages.items())),
            "at": time.time_ns()}


def load(path: Path) -> Read | None:
    """The page at ``path``; None when it cannot be read or parsed."""
    try:
        stat = path.stat()
        known = _seen.get(path)
        if known is not None and (known.size, known.mtime) == (stat.st_size, stat.st_mtime_ns):
            return known  # read before in this run and not written since
        old = _trusted.get(str(path))
        if old is not None and old[:2] == (stat.st_size, stat.st_mtime_ns) and old[3] in _front and old[4]:
            _front_used.add(old[3])
            post = frontmatter.Post("", _YAML)
            post.metadata.update(_front[old[3]])
            read = Read(stat.st_size, stat.st_mtime_ns, old[2], post, None, old[3], True)
        else:
            text = path.read_text(encoding="utf-8")
            post, front = _parse(text)
            read = Read(stat.st_size, stat.st_mtime_ns, digest(text.encode("utf-8")), post, text, front)
    except (OSError, yaml.YAMLError, ValueError, UnicodeDecodeError):
        return None
    _seen[path] = read
    return read


def _parse(text: str) -> tuple[frontmatter.Post, bytes]:
    """What ``frontmatter.loads`` gives, with the YAML of each distinct block parsed once; and
    the hash of the block (empty when the page has none)."""
    stripped = text.strip()
    if not _YAML.detect(stripped):
        return frontmatter.loads(text), b""
    try:
        fm, content = _YAML.split(stripped)
    except ValueError:
        return frontmatter.loads(text), b""
    key = digest(fm.encode("utf-8"))
    data = _front.get(key)
    if data is None:
        data = _YAML.load(fm)
        if not isinstance(data, dict):
            return frontmatter.loads(text), b""
        _front[key] = data
    _front_used.add(key)
    post = frontmatter.Post(content.strip(), _YAML)
    post.metadata.update(data)
    return post, key


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def page_digest(path: Path) -> bytes | None:
    """Digest of a page's bytes, from this run's read of it when there was one."""
    known = _seen.get(path)
    if known is not None:
        return known.digest
    return digest(path.read_bytes()) if path.is_file() else None


def write_if_changed(path: Path, text: str, metadata: dict | None = None) -> bool:
    """Write ``text`` unless the file holds it already. ``metadata``: the front matter that
    reading ``text`` gives back (exactly), for a generated page: a later read needs no YAML."""
    known = _seen.get(path)
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is not None:
        if known is not None and (known.size, known.mtime) == (stat.st_size, stat.st_mtime_ns):
            same = known.text == text if known.text is not None else known.digest == digest(text.encode("utf-8"))
        else:
            same = path.read_text(encoding="utf-8") == text
        if same:
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _seen.pop(path, None)
    if metadata is not None:
        _remember_written(path, text, metadata)
    return True


def _remember_written(path: Path, text: str, metadata: dict) -> None:
    fm, content = _YAML.split(text.strip())
    key = digest(fm.encode("utf-8"))
    _front[key] = metadata
    _front_used.add(key)
    post = frontmatter.Post(content.strip(), _YAML)
    post.metadata.update(metadata)
    stat = path.stat()
    _seen[path] = Read(stat.st_size, stat.st_mtime_ns, digest(text.encode("utf-8")), post, text, key, True)


def forget(path: Path) -> None:
    """A page moved or removed by the caller."""
    _seen.pop(path, None)
