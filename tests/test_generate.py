"""`helpgen generate` end to end: report, classification, determinism, writers' pages,
exit codes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import frontmatter
import pytest

from generator.cli import main

from .conftest import RAW, ROOT, TICKETS, redirects_of, shown


def generate(*args: str) -> int:
    return main(["generate", *args, "--config-dir", str(ROOT / "site_config")])


def test_report_accounts_for_every_entry(tmp_path, capsys):
    docs, report = tmp_path / "docs", tmp_path / "report.json"
    assert generate(str(RAW), "--docs-dir", str(docs), "--report", str(report)) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    per_file = Counter(e["file"] for e in data["entries"])
    assert per_file == {
        shown(TICKETS, RAW): 114,
        shown(RAW / "tencent-mlvb-troubleshooting.md", RAW): 3,
    }
    for e in data["entries"]:
        assert e["fate"] in ("published", "merged", "drafted", "excluded")
        assert (e["topic"] is None) == (e["fate"] == "excluded")
        assert (e["reason"] is None) == (e["fate"] == "published")
    status = {
        (post := frontmatter.load(p)).metadata["id"]: post.metadata.get("status", "published")
        for p in docs.rglob("*.md")
    }
    # One published entry per published page, every entry of a draft drafted.
    published = [e["topic"] for e in data["entries"] if e["fate"] == "published"]
    assert sorted(published) == sorted(t for t, s in status.items() if s == "published")
    drafted = {e["topic"] for e in data["entries"] if e["fate"] == "drafted"}
    assert drafted == {t for t, s in status.items() if s == "draft"}
    assert set(status) == {e["topic"] for e in data["entries"] if e["topic"]}
    assert data["warnings"] == [
        {
            "file": shown(TICKETS, RAW),
            "line": 1987,
            "message": "entry '海外 ip 无法访问云空间资源' has no answer from the support side",
        }
    ]
    out = capsys.readouterr().out
    assert f"{shown(TICKETS, RAW)}: 114 (" in out and "topics:" in out and "warnings 1" in out


def test_topic_pages_have_the_documented_front_matter(tmp_path, config):
    docs = tmp_path / "docs"
    generate(str(RAW), "--docs-dir", str(docs), "--report", str(tmp_path / "r.json"))
    topics = [p for p in docs.rglob("*.md") if "index" not in frontmatter.load(p).metadata]
    symptoms = Counter()
    for path in topics:
        meta = frontmatter.load(path).metadata
        assert (
            path.relative_to(docs).as_posix()
            == f"{meta['product']}/{meta['symptom']}/{meta['id']}.md"
        )
        assert (
            meta["product"] in config.products
            and meta["symptom"] in config.products[meta["product"]].symptoms
        )
        assert meta["title"] and meta["questions"] and meta["questions"][0] == meta["title"]
        # (a question is listed once: "多久到账" is not listed again after "多久到账？")
        asked = [q.rstrip("？?。.！! ") for q in meta["questions"]]
        assert len(set(asked)) == len(asked), path
        for source in meta["sources"]:
            assert set(source) == {"file", "line", "title", "key"}
            assert re.fullmatch(r"[0-9a-f]{16}", source["key"])
        assert "related" not in meta  # (worked out when the site is built)
        symptoms[meta["symptom"]] += 1
    # Catch-all floor: fewer than 10% of topics in a catch-all symptom.
    assert symptoms[config.catch_all] < 0.1 * len(topics)


def test_same_input_gives_byte_identical_pages(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    generate(str(RAW), "--docs-dir", str(first), "--report", str(tmp_path / "r1.json"))
    generate(str(RAW), "--docs-dir", str(second), "--report", str(tmp_path / "r2.json"))
    generate(str(RAW), "--docs-dir", str(second), "--report", str(tmp_path / "r3.json"))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    third = json.loads((tmp_path / "r3.json").read_text(encoding="utf-8"))
    assert third["pages"]["written"] == []


def test_urls_survive_when_more_data_arrives(tmp_path):
    """Every page of the first run still exists, or its old path redirects to the topic that
    absorbed it."""
    docs = tmp_path / "docs"
    generate(str(TICKETS), "--docs-dir", str(docs), "--report", str(tmp_path / "r.json"))
    before = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    generate(str(RAW), "--docs-dir", str(docs), "--report", str(tmp_path / "r.json"))
    after = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    redirects = redirects_of(docs)
    for old in before - after:
        assert redirects.get(old) in after, old


def test_a_writers_edit_is_never_overwritten(tmp_path):
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate(str(RAW), "--docs-dir", str(docs), "--report", str(report))
    page = next(p for p in sorted(docs.rglob("*.md")) if "## 解决方法" in p.read_text("utf-8"))
    edited = page.read_text(encoding="utf-8").replace(
        "## 解决方法", "## 解决方法\n\n编辑补充的说明。", 1
    )
    page.write_text(edited, encoding="utf-8")
    hand = docs / "cdn" / "config" / "hand-1.md"
    hand.write_text(
        "---\nid: hand-1\ntitle: 手写页面\nproduct: cdn\nsymptom: config\n---\n\n# 手写页面\n",
        encoding="utf-8",
    )
    generate(str(RAW), "--docs-dir", str(docs), "--report", str(report))
    assert page.read_text(encoding="utf-8") == edited
    data = json.loads(report.read_text(encoding="utf-8"))
    kept = data["pages"]["kept_edited_by_writers"]
    assert page.relative_to(docs).as_posix() in kept and "cdn/config/hand-1.md" in kept
    assert hand.is_file()


@pytest.mark.parametrize(
    ("question", "answer", "place"),
    [
        ("量子比特的退相干时间是多少", "退相干时间约为一百微秒，以处理器型号为准", "other/other"),
        ("量子比特怎么计费", "按量子比特小时计费，月底出账单", "finance/billing"),
    ],
)
def test_an_unknown_product_is_filed_by_its_content_with_a_warning(
    tmp_path, capsys, question, answer, place
):
    raw = tmp_path / "new.txt"
    raw.write_text(
        f"## {question}\n\n**问题分类**: 量子计算｜奇怪分类\n\n### 问题描述\n\n{question}\n\n"
        f"### 客服解答\n\n**客户**：{question}\n**客服**：{answer}\n",
        encoding="utf-8",
    )
    docs = tmp_path / "docs"
    assert generate(str(raw), "--docs-dir", str(docs), "--report", str(tmp_path / "r.json")) == 0
    assert (
        generate(
            str(raw), "--docs-dir", str(docs), "--report", str(tmp_path / "r.json"), "--strict"
        )
        == 1
    )
    err = capsys.readouterr().err
    assert (
        f"{shown(raw)}:1: unknown product '量子计算'" in err
        and f"{shown(raw)}:1: unknown category '奇怪分类'" in err
    )
    [page] = docs.rglob("*.md")
    assert page.parent.relative_to(docs).as_posix() == place


def test_usage_and_configuration_errors_exit_2(tmp_path, capsys):
    assert generate(str(tmp_path / "missing.txt"), "--docs-dir", str(tmp_path / "d")) == 2
    assert (
        f"helpgen: {tmp_path / 'missing.txt'}:0: no such file or folder" in capsys.readouterr().err
    )
    assert (
        main(
            [
                "generate",
                str(RAW),
                "--config-dir",
                str(tmp_path / "nope"),
                "--docs-dir",
                str(tmp_path / "d"),
            ]
        )
        == 2
    )


def test_python_m_generator_is_the_same_command(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0 and "generate" in out.stdout and "check" in out.stdout
    exe = shutil.which("helpgen", path=str(Path(sys.executable).parent))
    assert exe is not None


def test_exact_duplicates_across_files_merge_into_one_topic(tmp_path):
    entry = (
        "## 免费证书怎么续期\n\n**问题分类**: CDN｜证书问题\n\n"
        "### 问题描述\n\n免费证书到期了怎么续\n\n"
        "### 客服解答\n\n**客户**：免费证书到期了怎么续\n"
        "**客服**：您好，免费证书不能续期，请在域名管理中重新申请免费证书\n"
    )
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text(entry, encoding="utf-8")
    (tmp_path / "raw" / "b.txt").write_text(
        entry.replace("您好，", "您好，请稍等\n**客服**："), encoding="utf-8"
    )
    report = tmp_path / "r.json"
    generate(str(tmp_path / "raw"), "--docs-dir", str(tmp_path / "docs"), "--report", str(report))
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [(Path(e["file"]).name, e["fate"]) for e in data["entries"]] == [
        ("a.txt", "published"),
        ("b.txt", "merged"),
    ]
    assert data["entries"][0]["topic"] == data["entries"][1]["topic"]
    page = next(
        p for p in (tmp_path / "docs").rglob("*.md") if p.stem == data["entries"][0]["topic"]
    )
    assert [s["file"] for s in frontmatter.load(page).metadata["sources"]] == [
        shown(tmp_path / "raw" / "a.txt"),
        shown(tmp_path / "raw" / "b.txt"),
    ]
