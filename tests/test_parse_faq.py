"""The FAQ page parser, on the seed page, the real corpus pages and small fixtures of each shape."""

from __future__ import annotations

import pytest

from generator.parse import parse_text, read_text
from generator.parse.faq_page import clean_heading, is_question

from .conftest import CORPUS, RAW, corpus_pages, needs_shared


def parse(name_or_text: str, shown: str = "page.md"):
    return parse_text(name_or_text, shown)


def test_seed_page_sections_and_lines():
    path = RAW / "tencent-mlvb-troubleshooting.md"
    entries, problems = parse(read_text(path, "mlvb.md"), "mlvb.md")
    assert problems == []
    assert [(e.title, e.source.line) for e in entries] == [
        ("头像或封面上传失败", 1),
        ("回看列表拉取失败", 25),
        ("其他问题", 65),
    ]
    assert "ERROR_PROXY_AUTH_FAILED" in entries[0].body
    assert "```sql" in entries[1].body


@needs_shared
@pytest.mark.parametrize("path", corpus_pages(), ids=lambda p: p.name)
def test_every_corpus_page_parses(path):
    entries, problems = parse(read_text(path, path.name), path.name)
    assert problems == []
    assert len(entries) >= 3
    lines = path.read_text(encoding="utf-8").split("\n")
    for e in entries:
        assert e.title and "[](" not in e.title and "<span" not in e.title
        assert "[](id:" not in e.body
        assert e.body.strip() or e.description.strip()
        assert 1 <= e.source.line <= len(lines)


@needs_shared
def test_corpus_shapes():
    def titles(name):
        return [e.title for e in parse(read_text(CORPUS / name, name), name)[0]]

    assert len(titles("cdn-https-faq.md")) == 17
    assert "调用接口耗时比较长怎么办？" in titles("sms-other-faq.md")  # <span id> stripped
    mlvb = titles("mlvb-xiaozhibo-troubleshooting.md")
    # "## 1. 业务后台配置参数错误有什么表现？" only groups the parameters below it, each a symptom
    # of its own (labelled in tests/fixtures/real_pages/tencent/labels.yml).
    assert "appid 或者 bizid" in mlvb and "API鉴权key" in mlvb  # numbering "1.3  " removed
    assert "业务后台配置参数错误有什么表现？" not in mlvb
    vod = {
        e.title: e for e in parse(read_text(CORPUS / "vod-web-playback-faq.md", "v.md"), "v.md")[0]
    }
    assert vod["跨协议拦截"].context == ("视频播放失败", "网络")
    assert vod["跨协议拦截"].description.startswith("在 HTTPS 协议的页面播放 HTTP 协议的视频时")
    assert vod["跨协议拦截"].body.startswith("HTTP 协议的页面播放 HTTP 的视频")
    assert "前言" in vod  # kept for the report; the clean stage excludes it


def test_bullet_and_bold_questions_split_a_section():
    text = (
        "## 常见问题\n\n"
        "- **如何开通服务？**\n  在控制台单击开通。\n"
        "- **为什么收不到短信？**\n  检查手机号是否在黑名单中。\n\n"
        "**怎么申请退款？**\n\n提交工单申请退款。\n"
    )
    entries, problems = parse(text)
    assert problems == []
    assert [(e.title, e.source.line, e.body) for e in entries] == [
        ("如何开通服务？", 3, "在控制台单击开通。"),
        ("为什么收不到短信？", 5, "检查手机号是否在黑名单中。"),
        ("怎么申请退款？", 8, "提交工单申请退款。"),
    ]


def test_headings_inside_code_fences_are_not_sections():
    text = "### 如何配置？\n```bash\n# 注释不是标题\necho ok\n```\n"
    entries, _ = parse(text)
    assert len(entries) == 1 and "# 注释不是标题" in entries[0].body


def test_unclosed_fence_is_reported_with_its_line():
    entries, problems = parse("### 如何配置？\n```\ncode\n")
    assert [str(p) for p in problems] == ["page.md:4: code fence '```' is never closed"]


def test_style_blocks_and_anchor_stubs_are_dropped():
    text = '<style>\n.x{color:red}\n</style>\n[](id:q1)\n### 问题一？\n<span id="a"></span>\n答案\n'
    entries, _ = parse(text)
    assert [(e.title, e.body) for e in entries] == [("问题一？", "答案")]


def test_heading_cleaning_and_question_detection():
    assert clean_heading("1.3  API鉴权key ") == "API鉴权key"
    assert (
        clean_heading('<span id="jump">调用接口耗时比较长怎么办</span>？')
        == "调用接口耗时比较长怎么办？"
    )
    assert clean_heading("### 1.1腾讯云CDN".lstrip("# ")) == "腾讯云CDN"
    assert is_question("CDN 支持哪些 TLS 版本") and is_question("如何配置")
    assert not is_question("跨协议拦截") and not is_question("前言")


def test_unknown_format_is_a_problem_with_a_line():
    entries, problems = parse("just some text\nwithout structure\n", "notes.txt")
    assert entries == []
    assert str(problems[0]).startswith("notes.txt:1: unrecognised format")
