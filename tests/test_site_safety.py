"""No markup from the data anywhere in the built site: the hostile files (markup injected into
every field: title, category, tags, description, chat, cause; attribute lists, admonitions,
[TOC], template syntax) are built in strict mode, every built HTML file is parsed, and
``helpgen check --site-dir`` proves it. A writer's hand-typed HTML or attribute list fails
check and the strict build alike. Nothing printed on a terminal carries a control character."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from generator.check import check_docs, check_site
from generator.cli import main

from .conftest import FIXTURES, copy_setup

HOSTILE = FIXTURES / "hostile"
LABELS = yaml.safe_load((HOSTILE / "labels.yml").read_text(encoding="utf-8"))
# The site's own collapsed conversation block (render.py) is the one <details class="quote">.
_OWN_BLOCK = re.compile(r'<details class="quote">\s*<summary>原始对话记录')
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _args(work, *extra):
    return [
        "--docs-dir",
        str(work / "docs_src"),
        "--config-dir",
        str(work / "site_config"),
        *extra,
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile-site")
    copy_setup(work)
    (work / "raw").mkdir()
    for item in LABELS:
        if item["entries"] >= 0:
            shutil.copy(HOSTILE / item["file"], work / "raw" / item["file"])
    status = main(
        ["build", str(work / "raw"), "--site-dir", str(work / "site")]
        + _args(work, "--report", str(work / "report.json"), "--mkdocs-config")
        + [str(work / "mkdocs.yml")]
    )
    return work, status


def built(work) -> dict:
    files = [p for p in sorted((work / "site").rglob("*")) if p.suffix in (".html", ".json")]
    return {p: _OWN_BLOCK.sub("", p.read_text(encoding="utf-8")) for p in files}


def test_the_hostile_files_build_in_strict_mode(site):
    assert site[1] == 0


@pytest.mark.parametrize(
    "item", [i for i in LABELS if i.get("live_markup")], ids=lambda i: i["file"]
)
def test_no_markup_from_the_data_is_live_anywhere(site, item):
    texts = built(site[0])
    live = [(s, str(p)) for s in item["live_markup"] for p, t in texts.items() if s in t]
    assert live == []


def test_check_of_the_docs_and_of_the_built_site_finds_nothing(site, config):
    work = site[0]
    assert check_docs(str(work / "docs_src"), config) == []
    assert check_site(str(work / "site"), config) == []


def test_check_finds_live_markup_in_a_built_page(site, config, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site[0] / "site", copy)
    page = next(p for p in sorted(copy.rglob("index.html")) if p.parent != copy)
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("</article>", '<p id="__search" onclick="x()">伪造</p></article>', 1),
        encoding="utf-8",
    )
    found = {p.message for p in check_site(str(copy), config)}
    assert found == {
        "live markup: event handler 'onclick'",
        "live markup: id '__search' used twice",
    }


def test_a_writers_html_tag_and_attributes_fail_check_and_the_build(site, config, tmp_path):
    work = tmp_path / "w"
    shutil.copytree(site[0], work, ignore=shutil.ignore_patterns("site"))
    page = next(p for p in sorted((work / "docs_src").rglob("*.md")) if p.name != "index.md")
    text = re.sub(
        r"^tags:.*$",
        "tags:\n- <b onclick=x>标签</b>",
        page.read_text(encoding="utf-8"),
        count=1,
        flags=re.M,
    )
    text += "\n\n作者加的 <img src=x onerror=alert(1)>\n\n一段文字 {: #__search }\n"
    page.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    found = [(p.line, p.message.split(":")[0]) for p in check_docs(str(work / "docs_src"), config)]
    assert found == [
        (lines.index("- <b onclick=x>标签</b>") + 1, "tags"),
        (lines.index("作者加的 <img src=x onerror=alert(1)>") + 1, "html"),
        (lines.index("一段文字 {: #__search }") + 1, "attr_list"),
    ]
    assert (
        main(
            ["build", "--no-generate", "--site-dir", str(work / "site"), "--mkdocs-config"]
            + [str(work / "mkdocs.yml")]
            + _args(work)
        )
        == 1
    )


def test_nothing_printed_carries_a_control_character(site, capsys):
    work = site[0]
    main(["generate", str(work / "raw")] + _args(work, "--report", str(work / "r2.json")))
    main(["search", "证书", "--site-dir", str(work / "site")] + _args(work))
    printed = capsys.readouterr()
    assert _CONTROL.search(printed.out.replace("\n", "")) is None
    assert _CONTROL.search(printed.err.replace("\n", "")) is None
    report = (work / "r2.json").read_text(encoding="utf-8")
    assert _CONTROL.search(report.replace("\n", "")) is None
