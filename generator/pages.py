"""The page contract: what the files of the docs folder are, and how they are written.

* A **topic page** lives at ``<product>/<symptom>/<id>.md``; its front matter follows
  ``site_config/topic-page.schema.json`` (``pagecheck.py`` validates it). Its ``status`` is
  ``published`` (the default), ``draft`` (written for a writer to finish, not on the
  customer site) or ``retired`` (kept, never on the site, takes no new entries).
* A page the generator wrote carries a ``generated`` fingerprint: the hash of the page as
  written. When the page no longer matches it, a writer edited it; a page without one was
  written by hand. Either way it is the writer's and is never overwritten.
* Each source of a topic is named by the first ``KEY_LENGTH`` characters of the hash of its
  raw entry (``source_key``).
* The **ledger** (``LEDGER``, written by the generator only) lists every topic page the
  generator has written, by id, and the redirects of pages that moved or merged. A page the
  ledger lists that is missing from the folder was deleted by a writer: the generator never
  writes it again. When another page names it under ``merged:``, a writer merged the two:
  its entries join that page, and its address redirects there.
* Index pages, the home page, the tags page and the related topics of each page are made
  when the site is built, from the topic pages as they are, so that a writer's edit to one
  page changes no other file. (Index pages with front matter ``index:`` are from an earlier
  version of the generator and are removed.)
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

FINGERPRINT = "generated"
LEDGER = ".topics.yml"
LEGACY_REDIRECTS = ".redirects.yml"
KEY_LENGTH = 16
TOPIC, INDEX, RETIRED, DRAFT = "topic", "index", "retired", "draft"

_STAMP = re.compile(rf"^{FINGERPRINT}: ([0-9a-f]{{16}})\n", re.M)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_RESOLVER = yaml.resolver.Resolver()


def source_key(raw_key: str) -> str:
    """How a topic page names one of its sources."""
    return raw_key[:KEY_LENGTH]


def question_key(question: str) -> str:
    """How the questions a page lists are told apart: "多久到账？" and "多久到账" are one."""
    return question.rstrip("？?。.！! ")


def page_kind(meta: dict) -> str:
    """INDEX, RETIRED, DRAFT or TOPIC."""
    if "index" in meta:
        return INDEX
    status = str(meta.get("status", ""))
    return status if status in (RETIRED, DRAFT) else TOPIC


def topic_path(product: str, symptom: str, topic_id: str) -> str:
    """Where a topic's page lives, relative to the docs folder."""
    return f"{product}/{symptom}/{topic_id}.md"


# --- fingerprints ---------------------------------------------------------------------------


def fingerprint(metadata: dict, content: str) -> str:
    """Hash of a page as the generator wrote it (front matter without the fingerprint)."""
    meta = {k: v for k, v in metadata.items() if k != FINGERPRINT}
    text = frontmatter.dumps(frontmatter.Post(content, **meta), sort_keys=False)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def stamp(text: str) -> str:
    """A page's text with its fingerprint as the last front-matter key: the hash of ``text``,
    which must be the page dumped without it."""
    end = text.find("\n---\n", 3) + 1
    value = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return text[:end] + stamp_line(value) + text[end:] + "\n"


def stamp_line(value: str) -> str:
    """The fingerprint's front-matter line, as YAML writes it: quoted when it would read as a
    number (a hash of only digits), so it always loads back as the same string."""
    if _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str":
        return f"{FINGERPRINT}: {value}\n"
    return yaml.safe_dump({FINGERPRINT: value}, allow_unicode=True)


def unedited(text: str) -> bool:
    """True when a page is still what the generator wrote: byte for byte (the page without its
    fingerprint line hashes to the fingerprint), or in substance (a writer's tool re-wrapped
    the YAML, and the parsed front matter and body still hash to it)."""
    end = text.find("\n---\n", 3)
    found = _STAMP.search(text, 0, end + 1) if text.startswith("---\n") and end > 0 else None
    if found is not None:
        stripped = text[: found.start()] + text[found.end() :]
        digest = hashlib.sha1(stripped[:-1].encode("utf-8")).hexdigest()[:16]
        if stripped.endswith("\n") and digest == found.group(1):
            return True
    if FINGERPRINT not in text:
        return False
    post = frontmatter.loads(text)
    value = post.metadata.get(FINGERPRINT)
    return bool(value) and value == fingerprint(post.metadata, post.content)


# --- the ledger -----------------------------------------------------------------------------


@dataclass
class Ledger:
    """Topic pages the generator has written (id -> {path, keys}: where the page is and the
    source keys it lists) and redirects (old path -> new path)."""

    pages: dict[str, dict] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, docs: Path) -> Ledger:
        ledger = cls()
        path = docs / LEDGER
        if path.is_file():
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
            for topic_id, record in (data.get("pages") or {}).items():
                keys = [str(k) for k in record.get("keys") or []]
                ledger.pages[str(topic_id)] = {"path": str(record.get("path", "")), "keys": keys}
            ledger.redirects = {str(k): str(v) for k, v in (data.get("redirects") or {}).items()}
        legacy = docs / LEGACY_REDIRECTS
        if legacy.is_file():  # (the redirects file of an earlier version)
            old = yaml.load(legacy.read_text(encoding="utf-8"), Loader=_LOADER) or {}
            ledger.redirects = {**{str(k): str(v) for k, v in old.items()}, **ledger.redirects}
        return ledger

    def deleted(self, present: set[str]) -> dict[str, dict]:
        """The pages the generator wrote that are no longer in the folder (``present``: the ids
        found there), by id."""
        return {k: v for k, v in self.pages.items() if k not in present}

    def follow(self, path: str) -> str:
        """Where ``path`` leads, the chain of redirects (a -> b -> c) followed to its end (a
        loop ends where it comes back); ``path`` itself when nothing redirects it."""
        seen, new = {path}, self.redirects.get(path, path)
        while new in self.redirects and new not in seen:
            seen.add(new)
            new = self.redirects[new]
        return new

    def final_redirects(self, files: set[str]) -> dict[str, str]:
        """Redirects with chains followed to their end, without those whose old path is a page
        again or whose target is gone (``files``: the folder's files)."""
        final = {old: self.follow(old) for old in self.redirects}
        return dict(sorted((o, n) for o, n in final.items() if o not in files and n in files))

    def text(self, files: set[str]) -> str:
        """The ledger file's text, for a folder holding ``files`` (relative paths)."""
        header = (
            "# Written by helpgen; read by helpgen and its MkDocs plugin. Do not edit.\n"
            "# pages: every topic page helpgen has written, by id: its path and source keys.\n"
            "#   A page listed here but missing from the docs folder was deleted by a writer:\n"
            "#   helpgen never writes it again, and leaves out the raw entries it listed\n"
            "#   (but for those a page lists, or all when a page lists it under 'merged').\n"
            "# redirects: old path -> new path of pages that moved or merged.\n"
        )
        data = {"pages": dict(sorted(self.pages.items())), "redirects": self.final_redirects(files)}
        return header + yaml.dump(
            data, Dumper=_DUMPER, allow_unicode=True, default_flow_style=None, width=100
        )


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file holds it already; True when written."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
