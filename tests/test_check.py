"""`helpgen check` finds everything the strict build rejects, first, as path:line: message."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from generator.check import check_docs
from generator.cli import main
from generator.errors import HelpgenError
from generator.site import build_site

from .conftest import RAW, ROOT
from .test_cluster import ticket


def test_generated_pages_pass(tmp_path):
    docs = tmp_path / "docs"
    main(["generate", str(RAW), "--docs-dir", str(docs), "--report", str(tmp_path / "r.json")])
    assert main(["check", "--docs-dir", str(docs), "--config-dir", str(ROOT / "site_config")]) == 0


def page(docs, rel: str, front: str, body: str = "# 标题\n\n正文。\n") -> None:
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")


def test_each_problem_names_file_and_line_sorted(tmp_path, config):
    docs = tmp_path / "docs"
    page(
        docs,
        "cdn/config/a1.md",
        "id: a1\ntitle: 页面 A\nproduct: cdn\nsymptom: invoice\ncolour: red\n",
        "# A\n\n见 [B](missing.md)\n\n```\nopen\n",
    )
    page(docs, "cdn/config/b1.md", "id: b1\ntitle: [broken\n")
    page(docs, "cdn/config/c1.md", "id: a1\ntitle: 页面 C\nproduct: cloud\nsymptom: x\n")
    (docs / "cdn" / "config" / "d1.md").write_text("# 没有 front matter\n", encoding="utf-8")
    (docs / "cdn" / "config" / "e1.md").write_text(
        "---\nid: e1\ntitle: 没有结尾\n\n# 正文\n", encoding="utf-8"
    )
    found = [str(p) for p in check_docs(str(docs), config)]
    a, b, c, d, e = (f"{docs}/cdn/config/{n}1.md" for n in "abcde")
    assert found == [
        f"{a}:5: symptom 'invoice' is not offered by product 'cdn'; expected one of: "
        "certificate, access, config, cache, billing, sdk, other",
        f"{a}:6: unknown field 'colour' in front matter; expected one of: description, generated, "
        "hide, id, locked, merged, product, questions, related, sources, status, symptom, tags, "
        "title, vendor",
        f"{b}:3: front matter is not valid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence)",
        f"{c}:4: product 'cloud' is not in the taxonomy; expected one of: kodo, cdn, live, vod, "
        "media, sms, compute, finance, other",
        f"{d}:1: no front matter; a page starts with a '---' line, "
        "then id, title, product and symptom",
        f"{e}:1: front matter is not closed: add a '---' line after its last field",
    ]
    assert main(["check", "--docs-dir", str(docs), "--config-dir", str(ROOT / "site_config")]) == 1


def test_a_missing_docs_folder_is_a_usage_error(tmp_path, capsys):
    assert (
        main(
            [
                "check",
                "--docs-dir",
                str(tmp_path / "nope"),
                "--config-dir",
                str(ROOT / "site_config"),
            ]
        )
        == 2
    )
    assert "docs folder not found" in capsys.readouterr().err


def test_the_generators_digests_are_not_taken_for_phone_numbers(tmp_path, config):
    """A fingerprint, id, source key or related id is a hex hash, and one can look like a mobile
    number (13912345678…); a phone number anywhere a writer types is still found."""
    docs = tmp_path / "docs"
    front = (
        "id: '13912345678'\ntitle: 证书续费\nproduct: cdn\nsymptom: config\n"
        "questions:\n- 证书续费\n"
        "sources:\n- file: raw.txt\n  line: 1\n  title: 证书续费\n  key: 13912345678abcde\n"
        "related:\n- '13812345678'\ngenerated: '13712345678abcde'\n"
    )
    page(docs, "cdn/config/13912345678.md", front, "# 证书续费\n\n在控制台续费即可。\n")
    other = "id: '13812345678'\ntitle: 证书过期\nproduct: cdn\nsymptom: config\n"
    page(docs, "cdn/config/13812345678.md", other, "# 证书过期\n\n重新申请即可。\n")
    assert check_docs(str(docs), config) == []
    path = docs / "cdn/config/13912345678.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("- 证书续费\n", "- '13612345678'\n", 1),
        encoding="utf-8",
    )
    assert [(p.line, p.message.split(":")[0]) for p in check_docs(str(docs), config)] == [
        (7, "phone")
    ]


# --- check ⊇ build --------------------------------------------------------------------------

BROKEN = {
    "link with a title": '见 [旧页](../certificate/gone.md "标题")。',
    "reference link": "见 [旧页][r]。\n\n[r]: ../certificate/gone2.md",
    "missing image": "![截图](../img/missing.png)",
    "anchor to a missing heading": "见 [解决方法](#没有这一节)。",
    "anchor on another page": "见 [那一节](OTHER#没有这一节)。",
    "absolute link": "见 [首页](/index.md)。",
    "link to a folder": "见 [证书](../certificate/)。",
    "unclosed fence": "```\n代码没有结尾",
    "phone number": "请拨打 13812345678 联系。",
    "bad front matter": None,
}
FINE = {
    "link to the symptom index": "见 [配置](index.md)。",
    "link to another topic with its anchor": "见 [那一节](OTHER#解决方法)。",
    "vendor link": "见 <https://developer.qiniu.com/fusion>。",
}


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """A site of two topic pages, generated and built."""
    work = tmp_path_factory.mktemp("small")
    for name in ("site_config", "overrides"):
        shutil.copytree(ROOT / name, work / name)
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    raw = work / "raw.txt"
    raw.write_text(
        ticket(
            "CDN 域名怎么配置回源",
            "CDN 域名怎么配置回源",
            "在域名管理的回源配置中填写源站地址即可。",
            category="CDN｜配置问题",
        )
        + ticket(
            "CDN 怎么刷新缓存",
            "CDN 怎么刷新缓存",
            "在刷新预取页面提交需要刷新的 URL 即可。",
            category="CDN｜配置问题",
        ),
        encoding="utf-8",
    )
    assert (
        main(
            [
                "generate",
                str(raw),
                "--docs-dir",
                str(work / "docs_src"),
                "--report",
                str(work / "r.json"),
                "--config-dir",
                str(work / "site_config"),
            ]
        )
        == 0
    )
    return work


@pytest.mark.parametrize("case", sorted(BROKEN) + sorted(FINE))
def test_check_fails_exactly_when_the_strict_build_fails(small_site, tmp_path, config, case):
    work = tmp_path / "w"
    shutil.copytree(small_site, work)
    docs = work / "docs_src"
    first, other = sorted(docs.rglob("*.md"))
    text = first.read_text(encoding="utf-8")
    if case == "bad front matter":
        text = text.replace("title: ", "title: [", 1)
    else:
        text += (
            "\n"
            + {**BROKEN, **FINE}[case].replace("OTHER", os.path.relpath(other, first.parent))
            + "\n"
        )
    first.write_text(text, encoding="utf-8")
    problems = check_docs(str(docs), config)
    try:
        build_site(str(work / "mkdocs.yml"), str(docs), str(work / "site"))
        built = []
    except HelpgenError as exc:
        built = exc.problems
    assert bool(problems) == bool(built) == (case in BROKEN), (problems, built)
    for problem in problems + built:  # the build's failures carry file and line too
        assert problem.file.endswith(first.name) and problem.line > 0, problem


def test_annotations_for_github_and_json_for_scripts(small_site, tmp_path, capsys):
    work = tmp_path / "w"
    shutil.copytree(small_site, work)
    first = sorted((work / "docs_src").rglob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n见 [旧页](gone.md)\n", encoding="utf-8")
    args = [
        "check",
        "--docs-dir",
        str(work / "docs_src"),
        "--config-dir",
        str(work / "site_config"),
    ]
    capsys.readouterr()
    assert main([*args, "--format", "github"]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith(f"::error file={first},line=") and "gone.md" in line
    assert main([*args, "--format", "json"]) == 1
    [problem] = json.loads(capsys.readouterr().out)["problems"]
    assert problem["file"] == str(first) and problem["line"] > 1 and "gone.md" in problem["message"]


def test_a_related_topic_that_names_no_page_is_named_by_file_and_line(tmp_path, config):
    docs = tmp_path / "docs"
    main(["generate", str(RAW), "--docs-dir", str(docs), "--report", str(tmp_path / "r.json")])
    first, second = sorted(docs.glob("*/*/[0-9a-f]*.md"))[:2]
    text = first.read_text(encoding="utf-8")
    related = f"related:\n- {second.stem}\n- '0000000000'\n"
    first.write_text(text.replace("\ngenerated:", f"\n{related}generated:", 1), encoding="utf-8")
    line = first.read_text(encoding="utf-8").split("\n").index("related:") + 1
    found = [str(p) for p in check_docs(str(docs), config)]
    assert found == [
        f"{docs}/{first.relative_to(docs).as_posix()}:{line}: related topic '0000000000' is no "
        "page of the docs folder: take it out, or name a page's id"
    ]


def test_an_id_yaml_reads_as_a_number_is_named_with_the_fix(tmp_path, config):
    docs = tmp_path / "docs"
    page(
        docs,
        "cdn/config/a1.md",
        "id: a1\ntitle: 页面 A\nproduct: cdn\nsymptom: config\nrelated: [1234567890]\n",
    )
    [problem] = check_docs(str(docs), config)
    assert (problem.line, problem.message) == (
        6,
        "'related.0' must be text (YAML read a number: write it in quotes, as in '1234567890')",
    )
