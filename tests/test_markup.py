"""Escaping plain text for Markdown: only what Markdown would read as markup, tested by rendering
the escaped text back with the site's own Markdown extensions."""

from __future__ import annotations

import html
import re

import markdown
import pytest
import yaml

from generator.markup import CONTROL, escape_text
from generator.parse import parse_files

from .conftest import ROOT, TICKETS

# The site's Markdown, as mkdocs.yml configures it.
EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
]
HOSTILE = [
    "[域名管理] -> 配置 BUSINESS_LIMIT_CONTROL 与 a_b_c.txt",
    "见 [点我](javascript:alert(1)) 和 ![x](y) 与 [ref][r]",
    "_强调_ *粗* **更粗** `code` ``code`` \\* \\\\ \\_",
    "{: #__search } {: .md-header .md-dialog } {{ config.site_name }} {% include 'x' %} {#id}",
    "# 标题\n> 引用\n- 列表\n+ 列表\n* 列表\n1. 一\n2) 二\n---\n===\n***",
    "| a | b |\n|---|---|\n| c | d |",
    "a | b\n--- | ---\nc | d",
    '!!! danger "x"\n    缩进\n??? quote "y"',
    "[r]: http://example.com/x\n[^1]: 脚注",
    "a < b && c &amp; &#60; <script>x</script> <!-- c --> <b onmouseover=alert(1)>b</b> <?php ?>",
    "```\nfence\n~~~\n```",
    "<https://developer.qiniu.com/kodo> 和 https://portal.qiniu.com/certificate/apply2.补全信息",
    "行尾有两个空格  \n下一行\t制表",
    "中_文_词 和 _开头 结尾_ 和 __init__",
]


def rendered_text(source: str) -> tuple[str, str]:
    out = markdown.Markdown(extensions=EXTENSIONS).convert(source)
    return out, html.unescape(re.sub(r"<[^>]+>", "", out))


def same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def corpus() -> list[str]:
    entries, _ = parse_files([str(TICKETS)])
    texts = [m.text for e in entries for m in e.messages] + [e.title for e in entries]
    labels = yaml.safe_load(
        (ROOT / "tests" / "fixtures" / "hostile" / "labels.yml").read_text(encoding="utf-8")
    )
    texts += [str(v["value"]) for item in labels for v in item.get("leaks", [])]
    return HOSTILE + texts


@pytest.mark.parametrize("text", corpus()[: len(HOSTILE)], ids=range(len(HOSTILE)))
def test_escaped_text_renders_back_to_the_same_characters_and_no_markup(text):
    out, back = rendered_text(escape_text(text))
    assert same_text(back, "\n".join(line.strip() for line in text.split("\n") if line.strip()))
    tags = set(re.findall(r"<([a-z0-9]+)", out))
    assert tags <= {"p", "br", "a"}, tags
    assert all(h.startswith(("http://", "https://")) for h in re.findall(r'href="([^"]*)"', out))


def test_every_chat_message_of_the_bundled_data_round_trips():
    wrong = []
    for text in corpus():
        out, back = rendered_text(escape_text(text))
        plain = CONTROL.sub("", text)  # (control characters are never text: dropped)
        expected = "\n".join(line.strip() for line in plain.split("\n") if line.strip())
        if not same_text(back, expected) or set(re.findall(r"<([a-z0-9]+)", out)) - {
            "p",
            "br",
            "a",
        }:
            wrong.append(text[:80])
    assert not wrong


def test_only_markup_is_escaped():
    assert (
        escape_text("[域名管理] -> BUSINESS_LIMIT_CONTROL a_b.txt 1 < 2")
        == "[域名管理] -> BUSINESS_LIMIT_CONTROL a_b.txt 1 < 2"
    )
    assert escape_text("*粗* [点我](x) <b>") == "\\*粗\\* [点我\\](x) &lt;b>"
