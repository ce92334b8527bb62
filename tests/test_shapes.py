"""The shape of a vendor page, read from its content (generator/parse/shapes.py): FAQ lists,
one entry per troubleshooting article, one per error code, index pages skipped with a
reason, every section accounted for, and a warning with file:line for what cannot be read."""

from __future__ import annotations

import re

import pytest

from generator.parse import parse_text
from generator.parse.outline import clean_heading
from generator.parse.sections import part_kind

from .conftest import FIXTURES

PAGES = FIXTURES / "real_pages"


def parse(name: str):
    return parse_text((PAGES / name).read_text(encoding="utf-8"), name)


def kept(entries):
    return [e for e in entries if not e.excluded]


def test_a_troubleshooting_article_is_one_entry_with_symptom_cause_and_steps():
    entries, problems = parse("huawei/ecs-scsi-disk-reboot-failed.md")
    [entry] = kept(entries)
    assert problems == []
    assert (entry.title, entry.source.line) == (
        "挂载SCSI盘的Linux弹性云服务器，重启失败怎么办？",
        1,
    )
    assert entry.description.startswith("对于挂载了SCSI类型云硬盘")
    assert entry.cause.startswith("SCSI磁盘的分配与磁盘的槽位号")
    assert entry.body.startswith("**处理方法**") and "ll /dev/disk/by-id/" in entry.body


@pytest.mark.parametrize(
    "name",
    [
        "tencent/clb-health-check-abnormal.md",
        "tencent/antiddos-bgpip-502.md",
        "jdcloud/vm-ntpq-timeout.md",
        "qingcloud/eip-high-ping.md",
    ],
)
def test_generic_section_names_never_become_questions(name):
    entries, _ = parse(name)
    assert len(kept(entries)) == 1
    assert not any(part_kind(e.title) for e in entries)


def test_bold_label_lines_give_the_parts_of_the_entry():
    [entry] = kept(parse("jdcloud/vm-ubuntu-dns-reset-after-reboot.md")[0])
    assert entry.description.startswith("ubuntu系统的云主机")
    assert entry.cause.startswith("ubuntu 系统中 /etc/resolv.conf")
    assert entry.body.startswith("可以直接修改 /run/resolvconf/resolv.conf")


def test_a_page_titled_only_in_its_front_matter_keeps_that_title():
    [entry] = kept(parse("qingcloud/eip-high-ping.md")[0])
    assert (entry.title, entry.source.line) == ("服务器公网IP网络延迟增大", 1)


def test_an_error_code_table_gives_one_entry_per_code_with_meaning_and_fix():
    entries, _ = parse("qingcloud/eip-api-error-codes.md")
    codes = kept(entries)
    assert len(codes) == 43 and codes[0].source.line == 25
    assert codes[0].title == "错误码 1100：消息格式错误"
    assert codes[0].body.startswith("**描述**：消息格式错误") and "会返回该错误" in codes[0].body
    left_out = {e.excluded for e in entries if e.excluded}
    assert left_out == {
        "分组导语，不是问题",
        "页面概述，不是问题",
        "错误码表的说明（每个错误码各成一条）",
    }


def test_html_error_code_tables_and_code_lists_give_entries_too():
    huawei = kept(parse("huawei/ecs-console-error-codes.md")[0])
    assert [e.title.split("：")[0] for e in huawei][:2] == ["错误码 Ecs.0000", "错误码 Ecs.0001"]
    assert "包周期处理建议" in huawei[1].body
    ulb = kept(parse("ucloud/ulb-error-codes.md")[0])
    assert [(e.title, e.source.line) for e in ulb][0] == ("错误码 400：Bad request", 10)
    trtc = kept(parse("tencent/trtc-error-codes-legacy.md")[0])
    assert trtc[1].title.startswith("错误码 -1301（ERR_CAMERA_START_FAIL）：打开摄像头失败")


def test_a_table_of_names_is_no_table_of_codes():
    entries, _ = parse("tencent/es-cluster-health-red-yellow.md")  # (reason | 原因 values)
    assert len(kept(entries)) == 1


def test_a_link_index_is_skipped_with_its_reason():
    entries, problems = parse("huawei/ecs-troubleshooting-index.md")
    assert [(e.title, e.excluded) for e in entries] == [("故障排除", "链接索引页，没有答案")]
    assert problems == []


def test_site_chrome_is_ignored():
    entries, _ = parse("aliyun/cdn-refresh-prefetch-faq.md")
    titles = {e.title for e in entries}
    assert not titles & {"关注阿里云", "复制为 MD 格式", "反馈"}
    assert all(e.source.line > 90 for e in kept(entries))


def test_parts_after_a_question_join_it_and_group_intros_are_accounted_for():
    es = parse("tencent/es-cluster-health-red-yellow.md")[0]
    assert "**查看集群状态**" in kept(es)[0].body and "**问题分析**" in kept(es)[0].body
    vod = parse("tencent/vod-web-playback-faq.md")[0]
    intro = next(e for e in vod if e.title == "全屏相关问题")
    assert intro.excluded == "分组导语，不是问题"


@pytest.mark.parametrize(
    "name",
    sorted(p.relative_to(PAGES).as_posix() for p in PAGES.glob("*/*.md") if p.name != "README.md"),
)
def test_every_section_is_accounted_for(name):
    """Each heading of the page is an entry (published or left out with a reason), a part of
    one (a generic part fills its description, cause or answer), a group above some (their
    context), or site chrome."""
    entries, _ = parse(name)
    text = (PAGES / name).read_text(encoding="utf-8")
    seen = re.sub(
        r"[\s\[\]]+", "", " ".join(" ".join((e.title, *e.context, e.body)) for e in entries)
    )
    for line in re.findall(r"^#{1,6}\s+(.*)$", re.sub(r"```.*?```", "", text, flags=re.S), re.M):
        heading = clean_heading(
            re.sub(r"<[^>]+>|\{[^}]*\}|\[\]\([^)]*\)|\(id:[^)]*\)|[\[\]]", "", line)
        )
        title = re.sub(r"\s+", "", heading)
        if title and title != "关注阿里云" and not part_kind(heading):
            assert title[:6] in seen, line


def test_an_unknown_vendor_tag_is_a_warning_with_its_line():
    entries, problems = parse_text(
        "## 如何开通？\n<dx-codeblock>\n开通即可。\n</dx-codeblock>\n", "p.md"
    )
    assert [str(p) for p in problems] == [
        "p.md:2: unknown vendor tag <dx-codeblock>: its text is kept as it is",
        "p.md:4: unknown vendor tag <dx-codeblock>: its text is kept as it is",
    ]
    assert kept(entries)[0].body == "开通即可。"


def test_a_question_without_an_answer_is_a_warning_with_its_line():
    entries, problems = parse_text("## 如何开通？\n\n## 如何退订？\n提交工单。\n", "p.md")
    assert [str(p) for p in problems] == [
        "p.md:1: section '如何开通？' has no text: it is left out"
    ]
    assert [e.title for e in kept(entries)] == ["如何退订？"]


def test_unreadable_shapes_are_warnings_with_file_and_line():
    _, fence = parse_text("### 如何配置？\n```\ncode\n", "p.md")
    assert [str(p) for p in fence] == ["p.md:4: code fence '```' is never closed"]
    _, table = parse_text("## 错误码\n<table><tr><td>1</td>\n", "p.md")
    assert "p.md:2: HTML table is never closed" in str(table[0])
    _, nothing = parse_text("---\ntitle: 如何开通\n---\n", "p.md")
    assert [str(p) for p in nothing] == [
        "p.md:1: section '如何开通' has no text: it is left out",
        "p.md:1: no question or symptom sections found",
    ]
