"""Clean stage: from a chat log or a FAQ section to an answer a customer can read.

Tickets: image markers, pasted duplicates, greetings and hold messages go;
the support side's substantive messages become the answer, later customer
questions become follow-ups with their answers; numbered steps flattened onto
one line become a list, code and logs go into code blocks, bare URLs become
links. FAQ sections: the vendor's Markdown is kept but made safe.
Every text field leaves this stage as safe Markdown.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import replace
from urllib.parse import urlparse

from .config import Config
from .markup import SPACES, escape_line, escape_text, fence, sanitize_markdown, split_url
from .model import AGENT, CUSTOMER, Entry, FollowUp, Message

# A greeting glued to the first words ("您好已经处理完成") is not a clause of its own.
_GREETING = re.compile(r"^\s*(?:您好|你好|亲爱的|亲)(?:[呀啊哦]|(?![呀啊哦]))(?=[\u4e00-\u9fff])")
_CLAUSE_SPLIT = re.compile(r"([，,。！!？?~～；;\s]+)")
_CODE_START = re.compile(
    r"[\[{]\s*[\"'\[{]|(?<![A-Za-z])(?:export|const|import|def|function|public|class|var|let|POST|GET|PUT|curl|Traceback|Exception)(?![A-Za-z])"
)
_CODE_CHARS = re.compile(r"[{}\[\];=<>\"\\()]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
MAX_LOG_CHARS = 1500  # a log pasted into the chat is shown up to this length in the conversation
MAX_CONVERSATION_CHARS = 4000  # a conversation longer than this shows its first messages only
NO_ANSWER = "客服没有给出实质答复"
NO_KNOWLEDGE = "答复不含可复用的知识（如“已处理完成”）"
_STEP = re.compile(r"(?<![0-9.])([1-9][0-9]?)[.、．](?![0-9])")


def clean_entries(entries: list[Entry], config: Config) -> list[Entry]:
    return [
        clean_ticket(e, config)
        if e.kind == "ticket"
        else clean_faq(e, config, _link_base(entries, e))
        for e in entries
    ]


# --- tickets -----------------------------------------------------------------


# Support replies are canned: the same message comes back in many tickets, so the pure
# functions of a message are remembered (a Config is hashed by identity).
@functools.lru_cache(maxsize=50_000)
def strip_filler(text: str, config: Config) -> str:
    """Remove leading greeting and hold clauses and trailing sign-offs; '' when the message is
    only filler."""
    text = _GREETING.sub("", text)
    parts = _CLAUSE_SPLIT.split(text)
    # parts alternates clause, separator, clause, ...
    i = 0
    while i < len(parts):
        clause = parts[i].strip()
        if clause and not config.filler_clauses.match(clause):
            break
        i += 2
    end = len(parts) - (1 if len(parts) % 2 == 0 else 0)  # (the last clause's index + 1)
    while end - 1 > i:
        clause = parts[end - 1].strip()
        if clause and not config.filler_clauses.match(clause):
            break
        end -= 2
    rest = "".join(parts[i:end]).strip()
    if end < len(parts) and rest:
        # A sign-off went: the sentence before it ends as it ended.
        stop = "。" if any(p in parts[end] for p in "。！!？?") else ""
        rest = rest.rstrip("，,、；;") + stop
    return rest


def is_ack(text: str, config: Config) -> bool:
    clauses = [c.strip() for c in _CLAUSE_SPLIT.split(text)[::2] if c.strip()]
    return all(config.customer_acks.match(c) or config.filler_clauses.match(c) for c in clauses)


def knowledge_text(parts: list[str], config: Config) -> str:
    """What is left of an answer without filler and no-knowledge clauses ("已处理完成")."""
    return "".join(_knowledge_of(part, config) for part in parts)


@functools.lru_cache(maxsize=50_000)
def _knowledge_of(part: str, config: Config) -> str:
    kept = []
    for clause in _CLAUSE_SPLIT.split(_GREETING.sub("", part))[::2]:
        clause = clause.strip()
        if (
            clause
            and not config.filler_clauses.match(clause)
            and not config.no_knowledge_answers.match(clause)
        ):
            kept.append(clause)
    return "".join(kept)


def clean_messages(messages: tuple[Message, ...], config: Config) -> list[Message]:
    """Images out, pasted duplicates out, filler out; what remains is the conversation."""
    out: list[Message] = []
    seen: set[tuple[str, str]] = set()
    for m in messages:
        text = config.image_markers.sub(" ", m.text)
        text = _TRAILING_SPACE.sub("\n", text).strip()
        if m.speaker == AGENT:
            text = strip_filler(text, config)
        elif text and is_ack(text, config):
            text = ""
        key = (m.speaker, SPACES.sub("", text))
        if not text or key in seen:
            continue
        seen.add(key)
        out.append(Message(m.speaker, text, m.line))
    return out


def split_code(text: str) -> tuple[str, str]:
    """Split a message into its prose and the code or log pasted after it.

    >>> split_code('您查看下日志POST {"a": 1, "b": [2, 3], "c": "d"}')
    ('您查看下日志', 'POST {"a": 1, "b": [2, 3], "c": "d"}')
    """
    for m in _CODE_START.finditer(text):
        tail = text[m.start() :]
        if (
            len(tail) >= 30
            and len(_CODE_CHARS.findall(tail)) >= 6
            and len(_CJK.findall(tail)) < len(tail) * 0.2
        ):
            return text[: m.start()].strip(), tail.strip()
    if (
        len(text) >= 60
        and len(_CODE_CHARS.findall(text)) >= 12
        and len(_CJK.findall(text)) < len(text) * 0.1
    ):
        return "", text.strip()
    return text, ""


def pretty_code(code: str) -> str:
    """JSON is indented; code flattened onto one line gets its line breaks back."""
    try:
        return json.dumps(json.loads(code), ensure_ascii=False, indent=2)
    except ValueError:
        pass
    if "\n" not in code and re.search(r" {4,}", code):
        code = re.sub(r" {4,}", "\n", code)
    return code


def split_steps(text: str) -> tuple[str, list[str], str]:
    """Numbered steps flattened onto one line, as (intro, steps, '').

    Steps must run 1, 2, 3 ... in order; version numbers (7.13.2) are not steps.

    >>> split_steps('步骤如下1.申请证书2.补全信息3.验证')
    ('步骤如下', ['申请证书', '补全信息', '验证'], '')
    """
    marks = []
    want = 1
    for m in _STEP.finditer(text):
        if int(m.group(1)) == want:
            marks.append(m)
            want += 1
    if len(marks) < 2:
        return text, [], ""
    intro = text[: marks[0].start()].strip()
    steps = [
        text[m.end() : (marks[i + 1].start() if i + 1 < len(marks) else len(text))].strip()
        for i, m in enumerate(marks)
    ]
    if any(not s for s in steps):
        return text, [], ""
    return intro, steps, ""


def format_prose(text: str) -> str:
    """Plain prose to safe Markdown, with flattened steps as a list."""
    blocks = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        intro, steps, _ = split_steps(line)
        if steps:
            if intro:
                blocks.append(escape_line(intro))
            blocks.append("\n".join(f"{i}. {escape_line(s)}" for i, s in enumerate(steps, 1)))
        else:
            blocks.append(escape_line(line))
    # Lines of one message stay together (DNS records, addresses); steps get their own block.
    out, para = [], []
    for block in blocks:
        if block[:2].rstrip(".").isdigit() or "\n" in block:
            if para:
                out.append("  \n".join(para))
                para = []
            out.append(block)
        else:
            para.append(block)
    if para:
        out.append("  \n".join(para))
    return "\n\n".join(out)


@functools.lru_cache(maxsize=50_000)
def format_message(text: str) -> str:
    """A chat message as safe Markdown: prose (steps as a list) and the code pasted after it.
    Remembered: canned replies come back in many tickets, and each is formatted more than once."""
    prose, code = split_code(text)
    parts = []
    if prose:
        parts.append(format_prose(prose))
    if code:
        parts.append(fence(pretty_code(code)))
    return "\n\n".join(parts)


def _doc_links(texts: list[str], config: Config) -> tuple[tuple[str, str], ...]:
    links: list[tuple[str, str]] = []
    for text in texts:
        for m in re.finditer(
            r"\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>|(https?://[^\s<>()\u3000-\u9fff]+)",
            text,
        ):
            url = split_url(next(g for g in m.groups() if g))[0]
            host = urlparse(url).hostname or ""
            if host in config.doc_link_hosts and all(u != url for _, u in links):
                links.append((url, url))
    return tuple(links)


def clean_ticket(entry: Entry, config: Config) -> Entry:
    messages = clean_messages(entry.messages, config)
    answer_parts: list[str] = []
    followups: list[tuple[list[str], list[str]]] = []
    seen_agent = False
    for m in messages:
        if m.speaker == AGENT:
            seen_agent = True
            target = followups[-1][1] if followups else answer_parts
            target.append(m.text)
        elif seen_agent:
            if followups and not followups[-1][1]:
                followups[-1][0].append(m.text)
            else:
                followups.append(([m.text], []))
    answered = [(q, a) for q, a in followups if a]
    if not answer_parts and answered:
        # The first reply only came after the customer added detail.
        answer_parts = answered.pop(0)[1]

    description = config.image_markers.sub(" ", entry.description).strip()
    question_md = ""
    if description and description != entry.title and len(description.strip("xX ")) > 1:
        question_md = format_message(description)
    cause = entry.cause.strip()
    cause_md = "" if not cause or config.generic_causes.match(cause) else escape_text(cause)
    answer_md = "\n\n".join(format_message(t) for t in answer_parts)
    followups = tuple(
        FollowUp(format_message("\n".join(q)), "\n\n".join(format_message(t) for t in a))
        for q, a in answered
    )
    conversation_md = _conversation(messages)
    # "已处理完成，您确认下呢" answers nobody else: the summary starts at the first reply that
    # carries knowledge.
    summary_md = _summary_source([answer_parts] + [a for _, a in answered], config)
    excluded = ""
    if not answer_parts:
        excluded = NO_ANSWER
    elif (
        len(knowledge_text(answer_parts + [t for _, a in answered for t in a], config))
        < config.min_answer_chars
    ):
        excluded = NO_KNOWLEDGE
    return replace(
        entry,
        question_md=question_md,
        answer_md=answer_md,
        followups=followups,
        conversation_md=conversation_md,
        cause_md=cause_md,
        links=_doc_links([answer_md] + [f.answer for f in followups], config),
        summary_md=summary_md,
        excluded=entry.excluded or excluded,
        no_knowledge=excluded in (NO_ANSWER, NO_KNOWLEDGE),
    )


def _summary_source(replies: list[list[str]], config: Config) -> str:
    """The reply (answer or follow-up answer) where knowledge starts, from its first message that
    carries some; "" when that is the answer itself."""
    for n, parts in enumerate(replies):
        first = next((k for k, t in enumerate(parts) if knowledge_text([t], config)), None)
        if first is not None:
            return (
                ""
                if n == 0 and first == 0
                else "\n\n".join(format_message(t) for t in parts[first:])
            )
    return ""


def _conversation(messages: list[Message]) -> str:
    """The cleaned chat, message by message, up to MAX_CONVERSATION_CHARS; the rest is counted,
    not shown."""
    parts, size = [], 0
    for n, m in enumerate(messages):
        text = ("**客户**：" if m.speaker == CUSTOMER else "**客服**：") + _conversation_text(
            m.text
        )
        if parts and size + len(text) > MAX_CONVERSATION_CHARS:
            parts.append(f"……（对话较长，其余 {len(messages) - n} 条消息未显示）")
            break
        parts.append(text)
        size += len(text)
    return "\n\n".join(parts)


@functools.lru_cache(maxsize=50_000)
def _conversation_text(text: str) -> str:
    """One chat message for the collapsed conversation; pasted logs are cut short there."""
    prose, code = split_code(text)
    out = escape_text(prose) if prose else ""
    if code:
        code = pretty_code(code)
        if len(code) > MAX_LOG_CHARS:
            code = code[:MAX_LOG_CHARS].rstrip() + "\n…（日志过长，已截断）"
        out += "\n\n" + fence(code)
    return out


# --- FAQ sections ------------------------------------------------------------


def _link_base(entries: list[Entry], entry: Entry) -> str:
    """The site that relative links of a FAQ page point to: its most linked host."""
    if entry.kind != "faq":
        return ""
    hosts: dict[str, int] = {}
    for e in entries:
        if e.source.file == entry.source.file:
            for m in re.finditer(r"\]\((https?://[^/)\s]+)/document/", e.body):
                hosts[m.group(1)] = hosts.get(m.group(1), 0) + 1
    return max(sorted(hosts), key=hosts.get) if hosts else ""


def faq_title(entry: Entry, config: Config) -> str:
    """A FAQ section's title, with the group above it when the heading alone says too little."""
    from .parse.faq_page import is_question

    title = entry.title
    if is_question(title):
        return title
    for ancestor in entry.context:
        if not config.generic_groups.match(ancestor) and not is_question(ancestor):
            return f"{ancestor}：{title}"
    return title


def clean_faq(entry: Entry, config: Config, base: str = "") -> Entry:
    excluded = ""
    if config.non_topic_headings.match(entry.title):
        excluded = f"不是问题章节（“{entry.title}”）"
    elif config.generic_groups.match(entry.title) and not entry.context:
        excluded = f"章节标题没有说明具体问题（“{entry.title}”）"
    answer_md = sanitize_markdown(entry.body, base)
    if not excluded and not re.sub(r"\W", "", answer_md):
        excluded = "章节没有内容"
    return replace(
        entry,
        title=faq_title(entry, config),
        question_md=sanitize_markdown(entry.description, base),
        answer_md=answer_md,
        cause_md=sanitize_markdown(entry.cause, base),
        links=_doc_links([answer_md], config),
        excluded=entry.excluded or excluded,
    )
