"""The support-ticket dump parser, on the bundled dataset part and on the shapes it must
tolerate."""

from __future__ import annotations

from generator.model import AGENT, CUSTOMER
from generator.parse import parse_files, parse_text, read_text

from .conftest import TICKETS

ENTRY = """## 标题一

**问题分类**: CDN｜证书问题

**适用场景**: CDN, SSL证书

### 问题描述

证书过期了

### 客服解答

**客户**：证书过期了怎么办
**客服**：您好，请重新申请免费证书
主机记录 qn-verification

### 根本原因分析

证书过期
"""


def test_bundled_part_has_every_entry():
    entries, problems = parse_files([str(TICKETS)])
    assert len(entries) == 114
    assert [p.message for p in problems] == [
        "entry '海外 ip 无法访问云空间资源' has no answer from the support side"
    ]
    first = entries[0]
    assert first.title == "这个计算方式是怎么计算的"
    assert first.source.line == 7
    assert first.category == ("对象存储", "其他类咨询")
    assert first.tags == ("对象存储",)
    assert first.messages[0].speaker == CUSTOMER and first.messages[1].speaker == AGENT
    assert first.cause == "需要根据具体情况分析，建议查看文档或联系技术支持"
    # Every entry starts on its own '## ' line.
    lines = TICKETS.read_text(encoding="utf-8").split("\n")
    assert all(lines[e.source.line - 1].startswith("## ") for e in entries)


def test_continuation_lines_belong_to_the_previous_message():
    entries, _ = parse_text(ENTRY, "t.txt")
    agent = entries[0].messages[1]
    assert agent.text == "您好，请重新申请免费证书\n主机记录 qn-verification"
    assert agent.line == 14


def test_tolerates_bom_crlf_ascii_pipe_and_missing_final_separator(tmp_path):
    text = ENTRY.replace("｜", "|") + "\n---\n" + ENTRY.replace("标题一", "标题二")
    path = tmp_path / "dump.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    entries, problems = parse_text(read_text(path, "dump.txt"), "dump.txt")
    assert problems == []
    assert [e.title for e in entries] == ["标题一", "标题二"]
    assert [e.category for e in entries] == [("CDN", "证书问题")] * 2
    assert entries[1].source.line == 22


def test_missing_and_empty_fields_are_warnings_with_lines():
    text = (
        "## 无分类\n\n### 客服解答\n\n**客服**：好的\n\n---\n\n"
        "## 空分类\n\n**问题分类**: \n\n### 问题描述\n\nx\n"
    )
    entries, problems = parse_text(text, "p.txt")
    assert [e.title for e in entries] == ["无分类", "空分类"]
    assert [str(p) for p in problems] == [
        "p.txt:1: entry '无分类' has no '**问题分类**'; it goes to the fallback product",
        "p.txt:9: entry '空分类' has no '**问题分类**'; it goes to the fallback product",
        "p.txt:9: entry '空分类' has no answer from the support side",
    ]


def test_malformed_category_and_stray_chat_line():
    text = "## 坏条目\n**问题分类**: 只有产品\n### 客服解答\n没有说话人\n**客服**：答复内容在这里\n"
    entries, problems = parse_text(text, "bad.txt")
    assert len(entries) == 1
    assert [str(p) for p in problems] == [
        "bad.txt:2: category '只有产品' should read '产品｜子类'",
        "bad.txt:4: conversation line without a speaker in entry '坏条目': "
        "expected '**客户**：' or '**客服**：'",
    ]


def test_a_dash_line_inside_a_chat_is_not_a_separator():
    text = ENTRY.replace("主机记录 qn-verification", "---\n还是上一条消息")
    entries, _ = parse_text(text, "t.txt")
    assert len(entries) == 1
    assert entries[0].messages[1].text.endswith("---\n还是上一条消息")
    assert entries[0].cause == "证书过期"
