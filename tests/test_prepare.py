"""Per-file stages: the cache and the worker processes change nothing but time."""

from __future__ import annotations

import os
import shutil

import generator.prepare as prepare_module
from generator.prepare import prepare

from .conftest import RAW


def summary(entries):
    return [(e.source.file, e.source.line, e.source.key, e.title, e.answer_md, e.product, e.symptom, e.redactions)
            for e in entries]


def test_cache_and_workers_give_the_same_entries(tmp_path, config, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    plain = prepare([str(raw)], config)
    cache = tmp_path / "cache"
    first = prepare([str(raw)], config, cache)
    assert len(list(cache.glob("*.pickle"))) == len(list(raw.iterdir()))
    second = prepare([str(raw)], config, cache)
    assert summary(plain[0]) == summary(first[0]) == summary(second[0])
    assert plain[1] == first[1] == second[1]
    monkeypatch.setattr(prepare_module, "PARALLEL_BYTES", 0)
    parallel = prepare([str(raw)], config, workers=2)
    assert summary(parallel[0]) == summary(plain[0]) and parallel[1] == plain[1]


def test_the_words_later_stages_compare_come_with_the_entries(tmp_path, config):
    """Segmenting is done per file (in the workers, and cached): the later stages find every
    title already cut into words, cached or not (and each entry's clustering item made)."""
    from generator.cluster import item_key
    from generator.words import Words

    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    for n, cache in enumerate((None, tmp_path / "cache", tmp_path / "cache")):
        words = Words(config)
        with prepare_module.Preparation([str(raw)], config, cache, words=words) as preparation:
            entries, _ = preparation.result()
        texts = {e.title for e in entries}
        assert texts and texts <= set(words._cache)
        assert all(preparation.items[item_key(e)].bands is not None for e in entries)
        if n == 2:
            assert words._tokenizer is None  # all from the cache: the dictionary is not even loaded
        fresh = Words(config)
        assert all(words.tokens(t) == fresh.tokens(t) for t in sorted(texts)[:200])
    # An update: the new file's answers come segmented too (its topics will need them), by a
    # worker while the cache is read, so the main process does not load the dictionary at all.
    (raw / "new.md").write_text("# 常见问题\n\n## 如何刷新 CDN 缓存？\n\n在控制台的刷新预取页面提交 URL 即可。\n", encoding="utf-8")
    words = Words(config)
    entries, _ = prepare([str(raw)], config, tmp_path / "cache", words=words)
    new = [e for e in entries if e.source.file.endswith("new.md")]
    assert new and all(e.answer_md in words._cache for e in new)
    if (os.cpu_count() or 1) > 1:
        assert words._tokenizer is None


def test_only_changed_files_are_processed_again(tmp_path, config):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    cache = tmp_path / "cache"
    prepare([str(raw)], config, cache)
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pickle")}
    (raw / "new.md").write_text("# 常见问题\n\n## 如何刷新 CDN 缓存？\n\n在控制台的刷新预取页面提交 URL 即可。\n", encoding="utf-8")
    entries, _ = prepare([str(raw)], config, cache)
    after = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pickle")}
    assert len(after) == len(before) + 1 and all(after[name] == t for name, t in before.items())
    assert any(e.source.file == str(raw / "new.md") for e in entries)
    # A damaged cache entry is recomputed, never trusted.
    for path in cache.glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    again, _ = prepare([str(raw)], config, cache)
    assert summary(again) == summary(entries)
    assert all(prepare_module.read_cache(p) is not None for p in cache.glob("*.pickle"))
    # Files that are gone leave the cache too.
    (raw / "new.md").unlink()
    prepare([str(raw)], config, cache)
    assert len(list(cache.glob("*.pickle"))) == len(list(raw.iterdir()))


def test_a_file_that_is_not_utf8_is_named_with_its_line_in_a_worker_too(tmp_path, config, monkeypatch):
    import pytest

    from generator.errors import InputError

    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "latin1.txt").write_bytes("## 标题\n\n正文\n".encode("utf-8") + "caf\xe9\n".encode("latin-1"))
    monkeypatch.setattr(prepare_module, "PARALLEL_BYTES", 0)
    for workers in (1, 2):  # in this process, and in a worker process
        with pytest.raises(InputError) as caught:
            prepare([str(raw)], config, tmp_path / f"cache{workers}", workers=workers)
        [problem] = caught.value.problems
        assert (problem.file, problem.line) == (str(raw / "latin1.txt"), 4)
        assert "not valid UTF-8" in problem.message
