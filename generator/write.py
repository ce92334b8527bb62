"""Write stage: topic pages, index pages and redirects into the docs folder.

Rules that keep writers' work safe:

* a page whose content no longer matches its ``generated`` fingerprint was
  edited by a writer and is never overwritten; new entries that join it only
  extend its ``sources`` and ``questions``, unless it says ``locked: true``;
* a page without a fingerprint was written by hand and is treated the same;
* a file is only written when its bytes change, so a second run on the same
  input leaves the docs folder byte-identical (and file times alone);
* when a topic moves or is absorbed by another, its old path is recorded in
  ``.redirects.yml`` (read by the MkDocs hook), so old URLs keep working;
* index pages (front matter ``index:``) belong to the generator and are
  rebuilt from whatever topic pages the folder holds, hand-written ones included.
"""

from __future__ import annotations

import pickle
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

from .config import Config
from .merge import ExistingPage, Plan
from .model import Problem, RunResult
from .pages import digest, forget, load, page_digest, write_if_changed
from .render import (FINGERPRINT, PageInfo, fingerprint, render_home, render_product, render_symptom, render_tags,
                     render_topic_page, safe_title, unedited_as_written)

REDIRECTS = ".redirects.yml"
SHARED_RENDER = 200  # pages to render before half of them go to a spare worker


def _rel(path: Path, docs: Path) -> str:
    """``path.relative_to(docs).as_posix()`` for a path under ``docs``, without pathlib's parsing."""
    return "/".join(path.parts[len(docs.parts):])


def is_generated_unedited(post) -> bool:
    stamp = post.metadata.get(FINGERPRINT)
    return bool(stamp) and stamp == fingerprint(post.metadata, post.content)


@dataclass(frozen=True)
class FoundPage:
    """A topic page read from the docs folder."""

    path: Path
    post: frontmatter.Post
    unedited: bool  # still exactly what the generator wrote


def scan_pages(docs: Path, check_edits: bool = True) -> tuple[dict[str, FoundPage], list[Path]]:
    """Topic pages by id, and the paths of index pages, from one read of the docs folder.

    Without ``check_edits`` every page counts as edited (for callers that only read metadata)."""
    topics: dict[str, FoundPage] = {}
    indexes: list[Path] = []
    for path in sorted(docs.rglob("*.md"), key=lambda p: p.parts) if docs.exists() else []:
        read = load(path)
        if read is None:
            continue
        post = read.post
        if "index" in post.metadata:
            indexes.append(path)
            continue
        topic_id = post.metadata.get("id")
        if topic_id is not None and str(topic_id) not in topics:
            if check_edits and read.unedited is None:
                read.unedited = unedited_as_written(read.text) or is_generated_unedited(post)
            topics[str(topic_id)] = FoundPage(path, post, check_edits and bool(read.unedited))
    return topics, indexes


def existing_pages(docs: Path, pages: dict[str, FoundPage]) -> list[ExistingPage]:
    out = []
    for topic_id, page in pages.items():
        meta = page.post.metadata
        sources = [s for s in meta.get("sources") or [] if isinstance(s, dict)]
        first = (str(sources[0].get("file", "")), int(sources[0].get("line", 0) or 0)) if sources else ("", 0)
        out.append(ExistingPage(
            id=topic_id, path=_rel(page.path, docs), title=str(meta.get("title", "")),
            questions=tuple(str(q) for q in meta.get("questions") or []),
            body=page.post.content if not page.unedited else "",  # (unread when known by its file stats)
            product=str(meta.get("product", "")), symptom=str(meta.get("symptom", "")),
            source_keys=tuple(str(s.get("key", "")) for s in sources if s.get("key")),
            first_source=first, writer_owned=not page.unedited,
            retired=str(meta.get("status", "")) == "retired",
        ))
    return out


def write_topics(plan: Plan, docs: Path, result: RunResult, inputs: set[str],
                 existing: dict[str, FoundPage], rendered: dict[bytes, bytes] | None = None,
                 spare: Executor | None = None) -> None:
    """Write each topic's page, extend writers' pages, retire absorbed and stale generated pages.

    ``existing`` is the scan of the docs folder the plan was made from.
    ``inputs`` are the raw files read in this run (as shown): a generated page
    whose sources all lie in them, but whose id no topic has any more, is stale.
    ``rendered`` maps a digest of each topic to a digest of its page as last written
    (kept by the caller, valid for one version of the generator): a topic that did not
    change, whose page still holds those bytes, is not rendered again. It is refreshed
    in place to the topics of this run. ``spare``: an idle worker process, which renders
    half of the pages when there are many.
    """
    rendered = {} if rendered is None else rendered
    rendered_now: dict[bytes, bytes] = {}
    redirects = load_redirects(docs)
    paths: dict[str, str] = {}
    todo: list[tuple] = []  # (topic, path, path as shown, digest) of the pages to render
    for topic in plan.topics:
        target = docs.joinpath(topic.product, topic.symptom, f"{topic.id}.md")
        shown = _rel(target, docs)
        if topic.id in existing:
            path = existing[topic.id].path
            if path != target:
                redirects[_rel(path, docs)] = shown
                path.unlink()  # the taxonomy moved it; an unedited page follows
                forget(path)
        paths[topic.id] = shown
        key = digest(pickle.dumps(topic, protocol=5))
        if key in rendered and page_digest(target) == rendered[key]:
            result.pages_unchanged.append(shown)
            rendered_now[key] = rendered[key]
        else:
            todo.append((topic, target, shown, key))
    for (_, target, shown, key), (text, metadata) in zip(todo, _render_all([t[0] for t in todo], spare)):
        (result.pages_written if write_if_changed(target, text, metadata) else result.pages_unchanged).append(shown)
        rendered_now[key] = digest(text.encode("utf-8"))
    rendered.clear()
    rendered.update(rendered_now)
    for topic_id, entries in sorted(plan.joined.items()):
        path, post = existing[topic_id].path, existing[topic_id].post
        if _extend_writer_page(path, post, entries):
            result.pages_written.append(_rel(path, docs))
        result.pages_kept.append(_rel(path, docs))
    wanted = {t.id for t in plan.topics}
    for topic_id, page in existing.items():
        if topic_id in wanted or topic_id in plan.joined or not page.unedited:
            continue
        path = page.path
        files = {s.get("file") for s in page.post.metadata.get("sources") or [] if isinstance(s, dict)}
        rel = _rel(path, docs)
        if topic_id in plan.retired and plan.retired[topic_id] in paths:
            redirects[rel] = paths[plan.retired[topic_id]]
        elif not (files and files <= inputs):
            continue  # fed by files not read in this run: not ours to judge
        path.unlink()
        forget(path)
        result.pages_removed.append(rel)
    for topic_id, page in existing.items():
        if topic_id not in wanted and not page.unedited:
            rel = _rel(page.path, docs)
            moved = _follow_writer_move(page.path, page.post, docs)
            if moved:
                redirects[rel] = moved
                result.pages_moved.append(f"{rel} -> {moved}")
            elif topic_id not in plan.joined:
                result.pages_kept.append(rel)
    write_redirects(docs, redirects)


def _render_all(topics: list, spare: Executor | None) -> list[tuple[str, dict]]:
    """``render_topic_page`` of each topic; the second half in ``spare`` when there are many."""
    if spare is None or len(topics) < SHARED_RENDER:
        return [render_topic_page(t) for t in topics]
    half = len(topics) // 2
    theirs = spare.submit(_render_part, topics[half:])
    return [render_topic_page(t) for t in topics[:half]] + theirs.result()


def _render_part(topics: list) -> list[tuple[str, dict]]:
    return [render_topic_page(t) for t in topics]


def _follow_writer_move(path: Path, post, docs: Path) -> str | None:
    """A writer changed a page's product or symptom: move the file there. Returns the new path."""
    product, symptom = post.metadata.get("product"), post.metadata.get("symptom")
    if not isinstance(product, str) or not isinstance(symptom, str) or not product or not symptom:
        return None
    target = docs / product / symptom / path.name
    if target == path or target.exists():
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    path.rename(target)
    forget(path)
    forget(target)
    return _rel(target, docs)


def _extend_writer_page(path: Path, post, entries) -> bool:
    """New sources and phrasings for a page a writer owns (not when it is locked)."""
    if post.metadata.get("locked") is True or not entries:
        return False
    meta = dict(post.metadata)
    sources = list(meta.get("sources") or [])
    known = {s.get("key") for s in sources if isinstance(s, dict)}
    questions = list(meta.get("questions") or [])
    for e in entries:
        if e.source.key[:16] not in known:
            sources.append({"file": e.source.file, "line": e.source.line, "title": safe_title(e.source.title),
                            "key": e.source.key[:16]})
        if safe_title(e.title) not in questions and safe_title(e.title) != meta.get("title"):
            questions.append(safe_title(e.title))
    meta["sources"], meta["questions"] = sources, questions
    text = frontmatter.dumps(frontmatter.Post(post.content, **meta), sort_keys=False) + "\n"
    return write_if_changed(path, text)


def load_redirects(docs: Path) -> dict[str, str]:
    path = docs / REDIRECTS
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def write_redirects(docs: Path, redirects: dict[str, str]) -> None:
    # Follow chains (a -> b -> c) to their end; drop entries whose old path is a page again.
    final = {}
    for old, new in redirects.items():
        seen = {old}
        while new in redirects and new not in seen:
            seen.add(new)
            new = redirects[new]
        if not (docs / old).is_file() and (docs / new).is_file():
            final[old] = new
    if final or (docs / REDIRECTS).exists():
        header = "# Old page paths and where they moved; written by helpgen, read by the MkDocs hook.\n"
        write_if_changed(docs / REDIRECTS, header + yaml.safe_dump(dict(sorted(final.items())), allow_unicode=True))


def page_infos(pages: dict[str, FoundPage], docs: Path) -> tuple[list[PageInfo], list[Problem]]:
    infos, problems = [], []
    for topic_id, page in pages.items():
        meta, path = page.post.metadata, page.path
        rel = _rel(path, docs)
        if str(meta.get("status", "")) == "retired":
            continue  # retired pages stay out of the site
        if not meta.get("product") or not meta.get("symptom"):
            problems.append(Problem(str(path), 1, "topic page without 'product' or 'symptom'; left out of the indexes"))
            continue
        infos.append(PageInfo(rel, str(meta.get("title", topic_id)), str(meta["product"]),
                              str(meta["symptom"]), len(meta.get("sources") or []) or 1,
                              str(meta.get("description") or "")))
    return infos, problems


def write_indexes(docs: Path, config: Config, result: RunResult) -> None:
    pages, indexes = scan_pages(docs, check_edits=False)
    infos, problems = page_infos(pages, docs)
    result.problems.extend(problems)
    wanted: dict[Path, str] = {docs / "index.md": render_home(infos, config), docs / "tags.md": render_tags()}
    for product in sorted({p.product for p in infos}):
        mine = [p for p in infos if p.product == product]
        wanted[docs / product / "index.md"] = render_product(product, mine, config)
        for symptom in sorted({p.symptom for p in mine}):
            theirs = [p for p in mine if p.symptom == symptom]
            wanted[docs / product / symptom / "index.md"] = render_symptom(product, symptom, theirs, config)
    # Index pages of products or symptoms that no longer have topics go away.
    for path in indexes:
        if path not in wanted:
            path.unlink()
            forget(path)
    for path, text in sorted(wanted.items()):
        shown = _rel(path, docs)
        (result.pages_written if write_if_changed(path, text) else result.pages_unchanged).append(shown)
