"""Write stage: the topic pages and the ledger, worked out as a list of changes first.

Rules that keep writers' work safe (``pages.py`` says what a page is):

* a page a writer edited or wrote is never overwritten, moved or removed; new entries that
  join it only extend its ``sources`` and ``questions`` (new lines at the lists' ends, every
  other byte as the writer left it: ``frontedit.py``), unless it says ``locked: true``;
* a generated page whose topic merged into another is removed, and its address redirects
  to the survivor's; one whose sources all left the raw data is removed (its address then
  shows the site's 404 page, which offers search); one the taxonomy moved follows it;
* a page a writer moved to another folder keeps its old address as a redirect, and so does a
  topic a writer merged into another page (``merged:``);
* a file is only written when its bytes change, so a second run on the same input leaves
  the docs folder byte-identical (and file times alone).

``plan_changes`` decides; ``apply_changes`` touches the folder (``generate --dry-run`` only
lists what would change).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import frontmatter

from .docsfolder import Docs, FoundPage
from .frontedit import appended
from .merge import Plan
from .model import Entry
from .pages import (
    DRAFT,
    LEDGER,
    LEGACY_REDIRECTS,
    RETIRED,
    Ledger,
    question_key,
    source_key,
    topic_path,
)
from .render import render_topic, safe_title


@dataclass(frozen=True)
class Change:
    path: str  # relative to the docs folder
    text: str | None = None  # None: the file goes


@dataclass
class Outcome:
    """What the run does to the docs folder, for the report."""

    changes: list[Change] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # writers' pages, left as they are
    removed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # "old -> new"
    merged: list[str] = field(default_factory=list)  # "old -> new": a writer merged the topic
    drafts: list[dict] = field(default_factory=list)  # drafts kept as they are (for the queue)
    sources_gone: list[str] = field(default_factory=list)  # writers' pages whose entries all left


def plan_changes(
    plan: Plan, docs: Docs, live_keys: set[str], read_files: set[str], roots: set[str] = frozenset()
) -> Outcome:
    """The changes that bring the docs folder to the plan. ``live_keys``: source keys of this
    run's entries that ended in a topic; ``read_files``: the raw files read in this run;
    ``roots``: the raw folders and files this run was given (as sources name them)."""
    read_files = _ReadFiles(read_files, roots)
    out = Outcome()
    ledger = Ledger(dict(docs.ledger.pages), dict(docs.ledger.redirects))
    ledger.pages = {k: v for k, v in ledger.pages.items() if k not in docs.topics}  # (deleted)
    for topic in plan.topics:
        shown = topic_path(topic.product, topic.symptom, topic.id)
        old = docs.topics.get(topic.id)
        if old is not None and old.rel != shown:
            ledger.redirects[old.rel] = shown  # the taxonomy moved it; an unedited page follows
            out.changes.append(Change(old.rel))
        _write(out, docs, shown, render_topic(topic))
        ledger.pages[topic.id] = _record(shown, [s.key for s in topic.sources])
    for topic_id, page in docs.topics.items():
        sources = _extend_writer_page(out, docs, page, plan.joined.get(topic_id, []))
        if any(t.id == topic_id for t in plan.topics):
            continue
        if page.unedited and _gone_or_absorbed(out, page, plan, ledger, live_keys, read_files):
            continue
        _keep(out, page, sources, ledger, docs.ledger, live_keys, read_files)
    for other, into in docs.merged.items():
        old, new = docs.ledger.pages.get(other, {}).get("path"), docs.topics[into].rel
        if old:
            if old not in docs.ledger.redirects:
                out.merged.append(f"{old} -> {new}")
            ledger.redirects[old] = new
    out.changes += [Change(path.relative_to(docs.folder).as_posix()) for path in docs.legacy]
    if (docs.folder / LEGACY_REDIRECTS).is_file():
        out.changes.append(Change(LEGACY_REDIRECTS))
    removed = {c.path for c in out.changes if c.text is None}
    files = (docs.files - removed) | {c.path for c in out.changes if c.text is not None}
    _write(out, docs, LEDGER, ledger.text(files))
    return out


def _gone_or_absorbed(
    out: Outcome,
    page: FoundPage,
    plan: Plan,
    ledger: Ledger,
    live_keys: set[str],
    read_files: set[str],
) -> bool:
    """A generated page no topic kept: removed when another topic absorbed it (its address
    redirects) or when its sources left the raw data. True when removed."""
    topic_id = str(page.meta["id"])
    survivor = plan.absorbed.get(topic_id)
    if survivor is not None:
        target = next(
            topic_path(t.product, t.symptom, t.id) for t in plan.topics if t.id == survivor
        )
        ledger.redirects[page.rel] = target
    elif not _sources_gone(page, live_keys, read_files):
        return False  # fed by raw files not read in this run: not ours to judge
    out.changes.append(Change(page.rel))
    out.removed.append(page.rel)
    ledger.pages.pop(topic_id, None)
    return True


def _keep(
    out: Outcome,
    page: FoundPage,
    sources: list,
    ledger: Ledger,
    docs_ledger: Ledger,
    live_keys: set[str],
    read_files: set[str],
) -> None:
    """A writer's page (or a generated one fed by files not read): it stays as it is, with
    ``sources`` (the ledger records those this run adds too)."""
    topic_id = str(page.meta["id"])
    known = docs_ledger.pages.get(topic_id)
    if known is not None and known["path"] != page.rel:
        ledger.redirects[known["path"]] = page.rel  # a writer moved the file
        out.moved.append(f"{known['path']} -> {page.rel}")
    keys = [str(s.get("key")) for s in sources if isinstance(s, dict)]
    ledger.pages[topic_id] = _record(page.rel, keys)
    if page.kind == DRAFT:
        out.drafts.append({"page": page.rel, "title": page.meta["title"], "asked": len(keys)})
    if not page.unedited:
        out.kept.append(page.rel)
        if (
            page.meta.get("status") != RETIRED
            and keys
            and _sources_gone(page, live_keys, read_files)
        ):
            out.sources_gone.append(page.rel)


class _ReadFiles(set):
    """The raw files a run read, and the folders it was given: a file under one of them that
    was not read is gone; a file elsewhere is not this run's to judge."""

    def __init__(self, files: set[str], roots: set[str]):
        super().__init__(files)
        self.roots = tuple(r.rstrip("/") for r in roots)

    def judged(self, file: str) -> bool:
        if file in self:
            return True
        if self.roots:
            return any(file == r or file.startswith(r + "/") for r in self.roots)
        return not Path(file).exists()


def _sources_gone(page: FoundPage, live_keys: set[str], read_files: _ReadFiles) -> bool:
    """Every source of the page left the raw data: its file was read and no longer holds the
    entry, or its file is gone from a raw folder this run read."""
    sources = [s for s in page.meta.get("sources") or [] if isinstance(s, dict)]
    if not sources:
        return False
    for s in sources:
        key, file = str(s.get("key", "")), str(s.get("file", ""))
        if key in live_keys or not read_files.judged(file):
            return False
    return True


def _record(path: str, keys) -> dict:
    return {"path": path, "keys": sorted({source_key(k) for k in keys})}


def _write(out: Outcome, docs: Docs, rel: str, text: str) -> None:
    path = docs.folder / rel
    if path.is_file() and path.read_bytes() == text.encode("utf-8"):  # (line endings too)
        out.unchanged.append(rel)
    else:
        out.changes.append(Change(rel, text))
        out.written.append(rel)


def _extend_writer_page(out: Outcome, docs: Docs, page: FoundPage, entries: list[Entry]) -> list:
    """New sources and phrasings for a page a writer owns (not when it is locked): the
    sources it lists then."""
    if page.meta.get("locked") is True or not entries:
        return list(page.meta.get("sources") or [])
    meta = dict(page.meta)
    sources = list(meta.get("sources") or [])
    known = {s.get("key") for s in sources if isinstance(s, dict)}
    questions = list(meta.get("questions") or [])
    asked = {question_key(str(q)) for q in [meta.get("title", ""), *questions]}
    for e in entries:
        key = source_key(e.source.key)
        if key not in known:
            known.add(key)
            sources.append(
                {
                    "file": e.source.file,
                    "line": e.source.line,
                    "title": safe_title(e.source.title),
                    "key": key,
                }
            )
        if question_key(safe_title(e.title)) not in asked:
            asked.add(question_key(safe_title(e.title)))
            questions.append(safe_title(e.title))
    before = (list(meta.get("sources") or []), list(meta.get("questions") or []))
    if (sources, questions) == before:
        return sources
    meta["sources"], meta["questions"] = sources, questions
    text = (docs.folder / page.rel).read_bytes().decode("utf-8")  # (as written: CRLF stays)
    new = {"sources": sources[len(before[0]) :], "questions": questions[len(before[1]) :]}
    kept = appended(text, new, meta)  # (the writer's comments and layout stay)
    if kept is None:
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") and "\n---\n" in text else ""
        dumped = frontmatter.dumps(frontmatter.Post("", **meta), sort_keys=False)
        kept = dumped.rstrip("\n") + "\n" + (body or page.body)
    _write(out, docs, page.rel, kept)
    return sources


def apply_changes(folder: Path, changes: list[Change]) -> None:
    """Make the changes: files written, then files removed."""
    for change in changes:
        if change.text is not None:
            path = folder / change.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(change.text, encoding="utf-8")
    for change in changes:
        path = folder / change.path
        if change.text is None and path.is_file():
            path.unlink()
            # Folders left empty go too (a product or symptom without pages).
            for parent in path.relative_to(folder).parents:
                if parent.parts and not any((folder / parent).iterdir()):
                    (folder / parent).rmdir()
