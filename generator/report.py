"""The report: what became of every raw entry, and a one-screen summary."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .model import DRAFTED, EXCLUDED, MERGED, PUBLISHED, RunResult, Topic
from .pages import topic_path


def writers_queue(topics: list[Topic], kept: Sequence[dict] = ()) -> list[dict]:
    """The writers' queue: each draft page with how many raw entries asked its question, the
    most asked first (the preview site lists the same drafts: sitepages.render_queue).
    ``kept``: drafts the generator did not write this run (a writer's, begun but not done)."""
    drafts = [
        {"page": topic_path(t.product, t.symptom, t.id), "title": t.title, "asked": len(t.sources)}
        for t in topics
        if t.draft
    ]
    return sorted([*drafts, *kept], key=lambda d: (-d["asked"], d["title"], d["page"]))


def report_data(result: RunResult) -> dict:
    out = result.outcome
    return {
        "entries": [
            {
                "file": f.source.file,
                "line": f.source.line,
                "title": f.source.title,
                "fate": f.fate,
                "topic": f.topic,
                "reason": f.reason,
            }
            for f in result.fates
        ],
        "warnings": [
            {"file": p.file, "line": p.line, "message": p.message} for p in result.problems
        ],
        "topics": result.topics,
        "pages": {
            "written": sorted(out.written),
            "unchanged": len(out.unchanged),
            "kept_edited_by_writers": sorted(out.kept),
            "removed": sorted(out.removed),
            "moved_by_writers": sorted(out.moved),
            "merged_by_writers": sorted(out.merged),
            "sources_gone_from_raw_data": sorted(out.sources_gone),
        },
        "redactions": {f: dict(sorted(c.items())) for f, c in sorted(result.redactions.items())},
        "writers_queue": result.queue,
    }


def write_report(result: RunResult, path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report_data(result), ensure_ascii=False, indent=2, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")


def summary_lines(result: RunResult) -> list[str]:
    out = result.outcome
    per_file: dict[str, Counter] = {}
    for f in result.fates:
        per_file.setdefault(f.source.file, Counter())[f.fate] += 1
    lines = ["entries per file (published / merged / drafted / excluded):"]
    for file, c in sorted(per_file.items()):
        counts = f"{c[PUBLISHED]} / {c[MERGED]} / {c[DRAFTED]} / {c[EXCLUDED]}"
        lines.append(f"  {file}: {sum(c.values())} ({counts})")
    total = Counter(f.fate for f in result.fates)
    lines.append(
        f"topics: {result.topics}; pages written: {len(out.written)}, unchanged: "
        f"{len(out.unchanged)}, kept (edited by writers): {len(out.kept)}, "
        f"removed: {len(out.removed)}"
    )
    lines.append(
        f"entries: {sum(total.values())}; published {total[PUBLISHED]}, "
        f"merged {total[MERGED]}, drafted {total[DRAFTED]}, excluded {total[EXCLUDED]}; "
        f"warnings {len(result.problems)}"
    )
    if result.queue:
        lines.append(
            f"drafts for writers: {len(result.queue)}, the most asked first in the report "
            "(writers_queue) and on the preview site's 写作队列"
        )
    return lines
