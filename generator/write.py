"""Write stage: topic pages and index pages into the docs folder.

Rules that keep writers' work safe:

* a page whose content no longer matches its ``generated`` fingerprint was
  edited by a writer and is never overwritten;
* a page without a fingerprint was written by hand and is never touched;
* a file is only written when its bytes change, so a second run on the same
  input leaves the docs folder byte-identical (and file times alone);
* index pages (front matter ``index:``) belong to the generator and are
  rebuilt from whatever topic pages the folder holds, hand-written ones included.
"""

from __future__ import annotations

from pathlib import Path

import frontmatter
import yaml

from .config import Config
from .model import Problem, RunResult, Topic
from .render import FINGERPRINT, PageInfo, fingerprint, render_home, render_product, render_symptom, render_topic


def _load(path: Path):
    try:
        return frontmatter.load(str(path))
    except (yaml.YAMLError, ValueError, UnicodeDecodeError):
        return None


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def is_generated_unedited(post) -> bool:
    stamp = post.metadata.get(FINGERPRINT)
    return bool(stamp) and stamp == fingerprint(post.metadata, post.content)


def scan_topic_pages(docs: Path) -> dict[str, tuple[Path, object]]:
    """Topic pages by id (pages without front matter or id are not topics)."""
    found: dict[str, tuple[Path, object]] = {}
    for path in sorted(docs.rglob("*.md")):
        post = _load(path)
        if post is None or "index" in post.metadata:
            continue
        topic_id = post.metadata.get("id")
        if topic_id is not None and str(topic_id) not in found:
            found[str(topic_id)] = (path, post)
    return found


def write_topics(topics: list[Topic], docs: Path, result: RunResult, inputs: set[str]) -> None:
    """Write each topic's page; remove generated pages that only this run's inputs fed and no topic needs.

    ``inputs`` are the raw files read in this run (as shown): a generated page
    whose sources all lie in them, but whose id no topic has any more, is stale.
    Pages fed by other files, and pages writers edited, are never removed.
    """
    existing = scan_topic_pages(docs) if docs.exists() else {}
    for topic in topics:
        target = docs / topic.product / topic.symptom / f"{topic.id}.md"
        text = render_topic(topic)
        if topic.id in existing:
            path, post = existing[topic.id]
            shown = path.relative_to(docs).as_posix()
            if not is_generated_unedited(post):
                result.pages_kept.append(shown)
                continue
            if path != target:
                path.unlink()  # the taxonomy moved it; an unedited page follows
        shown = target.relative_to(docs).as_posix()
        if _write_if_changed(target, text):
            result.pages_written.append(shown)
        else:
            result.pages_unchanged.append(shown)
    wanted = {t.id for t in topics}
    for topic_id, (path, post) in existing.items():
        sources = post.metadata.get("sources") or []
        files = {s.get("file") for s in sources if isinstance(s, dict)}
        if topic_id not in wanted and files and files <= inputs and is_generated_unedited(post):
            path.unlink()
            result.pages_removed.append(path.relative_to(docs).as_posix())


def page_infos(docs: Path) -> tuple[list[PageInfo], list[Problem]]:
    infos, problems = [], []
    for topic_id, (path, post) in scan_topic_pages(docs).items():
        meta = post.metadata
        rel = path.relative_to(docs).as_posix()
        if not meta.get("product") or not meta.get("symptom"):
            problems.append(Problem(str(path), 1, "topic page without 'product' or 'symptom'; left out of the indexes"))
            continue
        infos.append(PageInfo(rel, str(meta.get("title", topic_id)), str(meta["product"]),
                              str(meta["symptom"]), len(meta.get("sources") or []) or 1,
                              str(meta.get("description") or "")))
    return infos, problems


def write_indexes(docs: Path, config: Config, result: RunResult) -> None:
    infos, problems = page_infos(docs)
    result.problems.extend(problems)
    wanted: dict[Path, str] = {docs / "index.md": render_home(infos, config)}
    for product in sorted({p.product for p in infos}):
        mine = [p for p in infos if p.product == product]
        wanted[docs / product / "index.md"] = render_product(product, mine, config)
        for symptom in sorted({p.symptom for p in mine}):
            theirs = [p for p in mine if p.symptom == symptom]
            wanted[docs / product / symptom / "index.md"] = render_symptom(product, symptom, theirs, config)
    # Index pages of products or symptoms that no longer have topics go away.
    for path in sorted(docs.rglob("index.md")):
        post = _load(path)
        if post is not None and "index" in post.metadata and path not in wanted:
            path.unlink()
    for path, text in sorted(wanted.items()):
        shown = path.relative_to(docs).as_posix()
        (result.pages_written if _write_if_changed(path, text) else result.pages_unchanged).append(shown)
