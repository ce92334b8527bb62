"""Write stage: topic pages, index pages and redirects into the docs folder.

Rules that keep writers' work safe (``pages.py`` says what a page is):

* a page a writer edited or wrote is never overwritten; new entries that join
  it only extend its ``sources`` and ``questions``, unless it says ``locked: true``;
* a file is only written when its bytes change, so a second run on the same
  input leaves the docs folder byte-identical (and file times alone);
* when a topic moves or is absorbed by another, its old path is recorded in
  the redirects file, so old URLs keep working;
* index pages belong to the generator and are rebuilt from whatever topic
  pages the folder holds, hand-written ones included.
"""

from __future__ import annotations

from pathlib import Path

import frontmatter

from .config import Config
from .merge import Plan
from .model import Entry, Problem, RunResult
from .pages import (
    RETIRED,
    FoundPage,
    load_redirects,
    page_kind,
    rel,
    scan,
    source_key,
    topic_path,
    write_if_changed,
    write_redirects,
)
from .render import (
    PageInfo,
    render_home,
    render_product,
    render_symptom,
    render_tags,
    render_topic,
    safe_title,
)


def write_topics(
    plan: Plan, docs: Path, result: RunResult, inputs: set[str], existing: dict[str, FoundPage]
) -> None:
    """Write each topic's page, extend writers' pages, retire absorbed and stale generated pages.

    ``existing`` is the scan of the docs folder the plan was made from. ``inputs`` are the raw
    files read in this run (as shown): a generated page whose sources all lie in them, but
    whose id no topic has any more, is stale.
    """
    redirects = load_redirects(docs)
    paths: dict[str, str] = {}
    for topic in plan.topics:
        shown = topic_path(topic.product, topic.symptom, topic.id)
        if topic.id in existing and rel(existing[topic.id].path, docs) != shown:
            redirects[rel(existing[topic.id].path, docs)] = shown
            existing[topic.id].path.unlink()  # the taxonomy moved it; an unedited page follows
        paths[topic.id] = shown
        written = write_if_changed(docs / shown, render_topic(topic))
        (result.pages_written if written else result.pages_unchanged).append(shown)
    for topic_id, entries in sorted(plan.joined.items()):
        path, post = existing[topic_id].path, existing[topic_id].post
        if _extend_writer_page(path, post, entries):
            result.pages_written.append(rel(path, docs))
        result.pages_kept.append(rel(path, docs))
    wanted = {t.id for t in plan.topics}
    for topic_id, page in existing.items():
        if topic_id in wanted or topic_id in plan.joined or not page.unedited:
            continue
        files = {
            s.get("file") for s in page.post.metadata.get("sources") or [] if isinstance(s, dict)
        }
        shown = rel(page.path, docs)
        if topic_id in plan.retired and plan.retired[topic_id] in paths:
            redirects[shown] = paths[plan.retired[topic_id]]
        elif not (files and files <= inputs):
            continue  # fed by files not read in this run: not ours to judge
        page.path.unlink()
        result.pages_removed.append(shown)
    for topic_id, page in existing.items():
        if topic_id not in wanted and not page.unedited:
            shown = rel(page.path, docs)
            moved = _follow_writer_move(page.path, page.post, docs)
            if moved:
                redirects[shown] = moved
                result.pages_moved.append(f"{shown} -> {moved}")
            elif topic_id not in plan.joined:
                result.pages_kept.append(shown)
    write_redirects(docs, redirects)


def _follow_writer_move(path: Path, post: frontmatter.Post, docs: Path) -> str | None:
    """A writer changed a page's product or symptom: move the file there. Returns the new path."""
    product, symptom = post.metadata.get("product"), post.metadata.get("symptom")
    if not isinstance(product, str) or not isinstance(symptom, str) or not product or not symptom:
        return None
    target = docs / product / symptom / path.name
    if target == path or target.exists():
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    path.rename(target)
    return rel(target, docs)


def _extend_writer_page(path: Path, post: frontmatter.Post, entries: list[Entry]) -> bool:
    """New sources and phrasings for a page a writer owns (not when it is locked)."""
    if post.metadata.get("locked") is True or not entries:
        return False
    meta = dict(post.metadata)
    sources = list(meta.get("sources") or [])
    known = {s.get("key") for s in sources if isinstance(s, dict)}
    questions = list(meta.get("questions") or [])
    for e in entries:
        if source_key(e.source.key) not in known:
            sources.append(
                {
                    "file": e.source.file,
                    "line": e.source.line,
                    "title": safe_title(e.source.title),
                    "key": source_key(e.source.key),
                }
            )
        if safe_title(e.title) not in questions and safe_title(e.title) != meta.get("title"):
            questions.append(safe_title(e.title))
    meta["sources"], meta["questions"] = sources, questions
    text = frontmatter.dumps(frontmatter.Post(post.content, **meta), sort_keys=False) + "\n"
    return write_if_changed(path, text)


def page_infos(pages: dict[str, FoundPage], docs: Path) -> tuple[list[PageInfo], list[Problem]]:
    infos, problems = [], []
    for topic_id, page in pages.items():
        meta = page.post.metadata
        if page_kind(meta) == RETIRED:
            continue  # retired pages stay out of the site
        if not meta.get("product") or not meta.get("symptom"):
            problems.append(
                Problem(
                    str(page.path),
                    1,
                    "topic page without 'product' or 'symptom'; left out of the indexes",
                )
            )
            continue
        infos.append(
            PageInfo(
                rel(page.path, docs),
                str(meta.get("title", topic_id)),
                str(meta["product"]),
                str(meta["symptom"]),
                len(meta.get("sources") or []) or 1,
                str(meta.get("description") or ""),
            )
        )
    return infos, problems


def write_indexes(docs: Path, config: Config, result: RunResult) -> None:
    pages, indexes = scan(docs)
    infos, problems = page_infos(pages, docs)
    result.problems.extend(problems)
    wanted: dict[Path, str] = {
        docs / "index.md": render_home(infos, config),
        docs / "tags.md": render_tags(),
    }
    for product in sorted({p.product for p in infos}):
        mine = [p for p in infos if p.product == product]
        wanted[docs / product / "index.md"] = render_product(product, mine, config)
        for symptom in sorted({p.symptom for p in mine}):
            theirs = [p for p in mine if p.symptom == symptom]
            wanted[docs / product / symptom / "index.md"] = render_symptom(
                product, symptom, theirs, config
            )
    # Index pages of products or symptoms that no longer have topics go away.
    for path in indexes:
        if path not in wanted:
            path.unlink()
    for path, text in sorted(wanted.items()):
        (result.pages_written if write_if_changed(path, text) else result.pages_unchanged).append(
            rel(path, docs)
        )
