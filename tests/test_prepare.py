"""Per-file stages: the cache and the worker processes change nothing but time."""

from __future__ import annotations

import shutil

import pytest

from generator.prepare import prepare
from generator.runstate import RunState

from .conftest import RAW, shown


def summary(prepared):
    entries, features, problems = prepared
    return (
        [
            (
                e.source.file,
                e.source.line,
                e.source.key,
                e.title,
                e.answer_md,
                e.product,
                e.symptom,
                e.redactions,
            )
            for e in entries
        ],
        [(sorted(f.title), sorted(f.question), f.answer.tolist(), f.digest) for f in features],
        problems,
    )


def test_cache_and_workers_give_the_same_entries(tmp_path, config):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    plain = prepare([str(raw)], RunState.start(config, jobs=1))
    cache = tmp_path / "cache"
    first = prepare([str(raw)], RunState.start(config, cache, jobs=2))
    assert len(list(cache.glob("*.pickle"))) == len(list(raw.iterdir()))
    second = prepare([str(raw)], RunState.start(config, cache, jobs=1))
    assert summary(plain) == summary(first) == summary(second)
    assert len(plain[0]) == len(plain[1]) > 100


def test_only_changed_files_are_processed_again(tmp_path, config):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    cache = tmp_path / "cache"
    prepare([str(raw)], RunState.start(config, cache))
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pickle")}
    (raw / "new.md").write_text(
        "# 常见问题\n\n## 如何刷新 CDN 缓存？\n\n在控制台的刷新预取页面提交 URL 即可。\n",
        encoding="utf-8",
    )
    prepared = prepare([str(raw)], RunState.start(config, cache))
    after = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pickle")}
    assert len(after) == len(before) + 1 and all(after[name] == t for name, t in before.items())
    assert any(e.source.file == shown(raw / "new.md") for e in prepared[0])
    # A damaged cache entry is recomputed, never trusted.
    for path in cache.glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    again = prepare([str(raw)], RunState.start(config, cache))
    assert summary(again) == summary(prepared)
    assert all(path.read_bytes() != b"not a pickle" for path in cache.glob("*.pickle"))
    # Files that are gone leave the cache too.
    (raw / "new.md").unlink()
    prepare([str(raw)], RunState.start(config, cache))
    assert len(list(cache.glob("*.pickle"))) == len(list(raw.iterdir()))


@pytest.mark.parametrize("jobs", [1, 2], ids=["one process", "worker processes"])
def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path, config, jobs):
    """The file is refused with its line (an error: the command exits 1); the others go on."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "latin1.txt").write_bytes("## 标题\n\n正文\n".encode() + "caf\xe9\n".encode("latin-1"))
    entries, _, problems = prepare(
        [str(raw)], RunState.start(config, tmp_path / "cache", jobs=jobs)
    )
    [problem] = [p for p in problems if p.severity == "error"]
    assert (problem.file, problem.line) == (shown(raw / "latin1.txt"), 4)
    assert "not valid UTF-8" in problem.message
    assert {e.source.file for e in entries} == {shown(raw / p.name) for p in RAW.iterdir()} - {
        shown(raw / "latin1.txt")
    }
