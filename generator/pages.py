"""The page contract: what a page in the docs folder is, and reading and writing it.

* A **topic page** lives at ``<product>/<symptom>/<id>.md``; its front matter
  holds at least ``id``, ``title``, ``product`` and ``symptom``.
* An **index page** (front matter ``index:``) belongs to the generator and is
  rebuilt from the topic pages on every run.
* A topic page whose ``status`` is ``retired`` stays in the folder but not on
  the site, and takes no new entries.
* A page the generator wrote carries a ``generated`` fingerprint: the hash of
  the page as written. When the page no longer matches it, a writer edited it;
  a page without one was written by hand. Either way it is the writer's.
* Each source of a topic is named by the first ``KEY_LENGTH`` characters of
  the hash of its raw entry (``source_key``).
* Old paths of moved or merged topics are kept in ``REDIRECTS`` (old path ->
  new path, relative to the docs folder), read by the MkDocs plugin.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

FINGERPRINT = "generated"
REDIRECTS = ".redirects.yml"
KEY_LENGTH = 16
TOPIC, INDEX, RETIRED = "topic", "index", "retired"

_STAMP = re.compile(rf"^{FINGERPRINT}: ([0-9a-f]{{16}})\n", re.M)
_RESOLVER = yaml.resolver.Resolver()


def source_key(raw_key: str) -> str:
    """How a topic page names one of its sources."""
    return raw_key[:KEY_LENGTH]


def page_kind(meta: dict) -> str:
    """INDEX, RETIRED or TOPIC."""
    if "index" in meta:
        return INDEX
    return RETIRED if str(meta.get("status", "")) == RETIRED else TOPIC


def topic_path(product: str, symptom: str, topic_id: str) -> str:
    """Where a topic's page lives, relative to the docs folder."""
    return f"{product}/{symptom}/{topic_id}.md"


def rel(path: Path, docs: Path) -> str:
    return path.relative_to(docs).as_posix()


# --- fingerprints --------------------------------------------------------------------


def fingerprint(metadata: dict, content: str) -> str:
    """Hash of a page as the generator wrote it (front matter without the fingerprint)."""
    meta = {k: v for k, v in metadata.items() if k != FINGERPRINT}
    text = frontmatter.dumps(frontmatter.Post(content, **meta), sort_keys=False)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def stamp(text: str) -> str:
    """A page's text with its fingerprint as the last front-matter key: the hash of ``text``,
    which must be the page dumped without it."""
    end = text.find("\n---\n", 3) + 1
    return (
        text[:end]
        + stamp_line(hashlib.sha1(text.encode("utf-8")).hexdigest()[:16])
        + text[end:]
        + "\n"
    )


def stamp_line(value: str) -> str:
    """The fingerprint's front-matter line, as YAML writes it: quoted when it would read as a
    number (a hash of only digits), so it always loads back as the same string."""
    if _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str":
        return f"{FINGERPRINT}: {value}\n"
    return yaml.safe_dump({FINGERPRINT: value}, allow_unicode=True)


def unedited(text: str, post: frontmatter.Post) -> bool:
    """True when a page is still what the generator wrote: byte for byte (the page without its
    fingerprint line hashes to the fingerprint), or in substance (a writer's tool re-wrapped
    the YAML, and the parsed front matter and body still hash to it)."""
    end = text.find("\n---\n", 3)
    found = _STAMP.search(text, 0, end + 1) if text.startswith("---\n") and end > 0 else None
    if found is not None:
        stripped = text[: found.start()] + text[found.end() :]
        if stripped.endswith("\n") and hashlib.sha1(stripped[:-1].encode("utf-8")).hexdigest()[
            :16
        ] == found.group(1):
            return True
    value = post.metadata.get(FINGERPRINT)
    return bool(value) and value == fingerprint(post.metadata, post.content)


# --- reading -------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundPage:
    """A topic page read from the docs folder."""

    path: Path
    post: frontmatter.Post
    unedited: bool  # still what the generator wrote


@dataclass(frozen=True)
class ExistingPage:
    """What the merge stage knows of a topic page in the docs folder."""

    id: str
    path: str  # relative to the docs folder
    title: str
    questions: tuple[str, ...]
    body: str
    product: str
    symptom: str
    source_keys: tuple[str, ...]
    first_source: tuple[str, int]
    writer_owned: bool  # edited by a writer, or written by hand
    retired: bool = False  # it stays out of the site and takes no entries


def read_page(path: Path) -> tuple[str, frontmatter.Post] | None:
    """A page's text and parsed form; None when it cannot be read or parsed."""
    try:
        text = path.read_text(encoding="utf-8")
        return text, frontmatter.loads(text)
    except (OSError, yaml.YAMLError, ValueError, UnicodeDecodeError):
        return None


def scan(docs: Path) -> tuple[dict[str, FoundPage], list[Path]]:
    """Topic pages by id, and the paths of index pages, from one read of the docs folder."""
    topics: dict[str, FoundPage] = {}
    indexes: list[Path] = []
    for path in sorted(docs.rglob("*.md"), key=lambda p: p.parts) if docs.exists() else []:
        read = read_page(path)
        if read is None:
            continue
        text, post = read
        if page_kind(post.metadata) == INDEX:
            indexes.append(path)
            continue
        topic_id = post.metadata.get("id")
        if topic_id is not None and str(topic_id) not in topics:
            topics[str(topic_id)] = FoundPage(path, post, unedited(text, post))
    return topics, indexes


def existing_pages(docs: Path, pages: dict[str, FoundPage]) -> list[ExistingPage]:
    out = []
    for topic_id, page in pages.items():
        meta = page.post.metadata
        sources = [s for s in meta.get("sources") or [] if isinstance(s, dict)]
        first = (
            (str(sources[0].get("file", "")), int(sources[0].get("line", 0) or 0))
            if sources
            else ("", 0)
        )
        out.append(
            ExistingPage(
                id=topic_id,
                path=rel(page.path, docs),
                title=str(meta.get("title", "")),
                questions=tuple(str(q) for q in meta.get("questions") or []),
                body=page.post.content,
                product=str(meta.get("product", "")),
                symptom=str(meta.get("symptom", "")),
                source_keys=tuple(str(s.get("key", "")) for s in sources if s.get("key")),
                first_source=first,
                writer_owned=not page.unedited,
                retired=page_kind(meta) == RETIRED,
            )
        )
    return out


# --- writing -------------------------------------------------------------------------


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file holds it already; True when written."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def load_redirects(docs: Path) -> dict[str, str]:
    path = docs / REDIRECTS
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def write_redirects(docs: Path, redirects: dict[str, str]) -> None:
    """Follow chains (a -> b -> c) to their end; drop entries whose old path is a page again."""
    final = {}
    for old, new in redirects.items():
        seen = {old}
        while new in redirects and new not in seen:
            seen.add(new)
            new = redirects[new]
        if not (docs / old).is_file() and (docs / new).is_file():
            final[old] = new
    if final or (docs / REDIRECTS).exists():
        header = "# Old page paths and where they moved; written by helpgen, read by its plugin.\n"
        write_if_changed(
            docs / REDIRECTS,
            header + yaml.safe_dump(dict(sorted(final.items())), allow_unicode=True),
        )
