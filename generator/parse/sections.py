"""What a section of a vendor page is, from its heading: a question, a topic (a symptom, an
error message, a parameter), a part of an answer (现象描述, 可能原因, 处理步骤, 步骤一,
检查…), or a section that is no topic (前言, 相关文档 …).

The vocabularies are the generic section names of support articles, the same across
vendors; a page's shape is decided from what its sections are (``shapes.py``).
"""

from __future__ import annotations

import re

QUESTION = re.compile(
    r"[？?][`'\"”」）)]*\s*$|^(?:如何|怎么|怎样|为什么|为何|是否|能否|可否|可以|有没有|哪些|什么)|"
    r"(?:如何|怎么办|怎么|怎样|为什么|为何|是否|能否|吗|么|什么|哪些|多少|多久)"
)
_STRONG_QUESTION = re.compile(
    r"[？?][`'\"”」）)]*\s*$|^(?:如何|怎么|怎样|为什么|为何|是否|能否|可否|有没有|哪些|什么是)"
    r"|(?:如何|怎么|怎样|为什么|为何|能否|可否)|[吗么]\s*$"
)


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Generic names of the parts of one support article, by the field they fill.
DESCRIPTION_PARTS = _names(
    "现象描述 问题描述 问题现象 故障现象 问题表现 故障描述 现象 症状 背景信息 "
    "问题背景 背景 操作影响 影响 问题场景 场景描述 报错信息 错误信息 适用场景"
)
CAUSE_PARTS = _names("可能原因 问题原因 原因分析 故障原因 原因 根因分析 根本原因 问题分析 故障分析")
ANSWER_PARTS = _names(
    "处理步骤 处理方法 处理办法 处理建议 处理措施 处理流程 解决方法 解决方案 解决办法 "
    "解决思路 解决措施 解决步骤 操作步骤 排查步骤 排查思路 排查方法 排查流程 故障处理 "
    "故障排查 故障定位 故障定位及处理 故障分析思路 修复方法 恢复方法 建议 后续操作 "
    "相关操作 注意事项 相关文档 参考文档 更多信息 示例 错误示例 返回示例 请求示例 "
    "示例代码 验证 结果验证 配置生效验证 前提条件 操作场景 准备工作"
)
_NUMBERED_PART = re.compile(
    r"^(?:(?:可能)?原因|方法|方案|步骤|场景|情况|情景|思路|措施|检查项)\s*[一二三四五六七八九十\d]+"
    r"|^(?:解决|处理|排查)(?:方法|方案|办法|思路|措施|步骤)\s*[一二三四五六七八九十\d]*\s*[:：]"
    r"|^针对(?:可能)?原因|的(?:可能)?原因$|^(?:解决|处理)(?:方法|方案|办法|思路|措施|步骤)\s*[:：]"
)
_CAUSE_PREFIX = re.compile(r"^(?:可能)?原因\s*[一二三四五六七八九十\d]+|的(?:可能)?原因$")


def _one_of(words: str, *patterns: str, flags: int = 0) -> re.Pattern:
    """A pattern matching a whole title that is one of the words or patterns."""
    alternatives = [re.escape(w) for w in words.split()] + list(patterns)
    return re.compile(f"^(?:{'|'.join(alternatives)})$", flags)


# A heading that starts with one of these verbs is a check or a step of an answer.
_STEP = re.compile(r"^(?:检查|确认|查看|排查|找到|定位|验证|检测|测试|查询|解决|修复)")
# Sections that are no topic of their own: an introduction, links, contacts.
_NEUTRAL = _one_of(
    "前言 概述 简介 说明 引言 导读 联系我们 更多帮助 相关文档 相关链接 参考文档 其他问题 更多问题",
    r"问题不在列表中.*",
)
# Groups of definitions rather than questions.
GLOSSARY = _one_of("解释说明 名词解释 术语 术语表 基本概念 概念说明 相关概念")
# Titles of list pages: they name no single question.
GENERIC_TITLE = _one_of(
    "FAQ FAQs 问题定位 故障排除 故障处理 问题排查",
    r".*常见问题.*",
    r".*(?:相关问题|问题汇总|问题)",
    r".*(?:错误码|状态码|返回码).*",
    flags=re.I,
)
# Label lines inside a section and the field each fills (parse/faq_page.py: labels).
DESCRIPTION_LABELS = _names("问题表现 问题现象 问题描述 主要表现 现象 故障现象")
ANSWER_LABELS = _names("解决方案 解决办法 解决方法 处理方法 处理办法 处理建议 处理步骤")


def is_question(title: str) -> bool:
    """The heading asks something (a question word, or a question mark at the end)."""
    return bool(QUESTION.search(title))


def strong_question(title: str) -> bool:
    """The heading is a full question: it ends with a question mark or starts with a question
    word (``回调URL设置是否正确`` is a check item, not one)."""
    return bool(_STRONG_QUESTION.search(title))


def part_kind(title: str) -> str:
    """ "description", "cause" or "answer" for a generic part of an article, else ""."""
    name = re.sub(r"[\s:：]+$", "", title)
    if name in DESCRIPTION_PARTS:
        return "description"
    if name in CAUSE_PARTS or _CAUSE_PREFIX.search(name):
        return "cause"
    if name in ANSWER_PARTS or _NUMBERED_PART.search(name) or _STEP.match(name):
        return "answer"
    return ""


def role(title: str) -> str:
    """ "part", "neutral", "question" or "topic"."""
    if strong_question(title):
        return "question"
    if part_kind(title):
        return "part"
    if _NEUTRAL.match(title):
        return "neutral"
    return "question" if is_question(title) else "topic"
