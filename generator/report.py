"""The report: what became of every raw entry, and a one-screen summary."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .model import DRAFTED, EXCLUDED, MERGED, PUBLISHED, RunResult


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
            "sources_gone_from_raw_data": sorted(out.sources_gone),
        },
        "redactions": {f: dict(sorted(c.items())) for f, c in sorted(result.redactions.items())},
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
    return lines
