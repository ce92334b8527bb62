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

from .answer import (
    first_question,
    followup_question,
    knowledge_of,
    stated_cause,
    substance,
    without_bare_replies,
    without_weak,
)
from .config import Config
from .framing import clean_title, unframed
from .links import doc_links, unglue
from .markup import (
    CJK,
    FENCED,
    SPACES,
    escape_line,
    escape_text,
    fence,
    plain_label,
    sanitize_markdown,
)
from .model import AGENT, Entry, FollowUp, Message, StatedCause

# A greeting glued to the first words ("您好已经处理完成") is not a clause of its own.
_GREETING = re.compile(r"^\s*(?:您好|你好|亲爱的|亲)(?:[呀啊哦]|(?![呀啊哦]))(?=[\u4e00-\u9fff])")
_CLAUSE_SPLIT = re.compile(r"([，,。！!？?~～；;\s]+)")
_CODE_START = re.compile(
    r"[\[{]\s*[\"'\[{]|(?<![A-Za-z])(?:export|const|import|def|function|public|class|var|let|POST|GET|PUT|curl|Traceback|Exception)(?![A-Za-z])"
)
_CODE_CHARS = re.compile(r"[{}\[\];=<>\"\\()]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
NO_ANSWER = "客服没有给出实质答复"
SUMMARY_CHARS = 16  # knowledge a reply must carry to be what the one-line summary says
NO_KNOWLEDGE = "答复不含可复用的知识（如“已处理完成”）"
_STEP = re.compile(r"(?<![0-9.])([1-9][0-9]?)[.、．](?![0-9])")


def clean_entries(entries: list[Entry], config: Config) -> list[Entry]:
    bases = _link_bases(entries)  # (once per file: per entry it would read the file again)
    return [
        replace(
            clean_ticket(e, config)
            if e.kind == "ticket"
            else clean_faq(e, config, bases[e.source.file]),
            tags=tuple(t for t in map(plain_label, e.tags) if t),
        )
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
            and len(CJK.findall(tail)) < len(tail) * 0.2
        ):
            return text[: m.start()].strip(), tail.strip()
    if (
        len(text) >= 60
        and len(_CODE_CHARS.findall(text)) >= 12
        and len(CJK.findall(text)) < len(text) * 0.1
    ):
        return "", text.strip()
    return text, ""


def pretty_code(code: str) -> str:
    """JSON is indented; code flattened onto one line gets its line breaks back."""
    try:
        return json.dumps(json.loads(code), ensure_ascii=False, indent=2)
    except (ValueError, RecursionError):  # (not JSON, or nested deeper than Python recurses)
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


def clean_ticket(entry: Entry, config: Config) -> Entry:
    """A ticket as the parts of a help article: the customer's question (问题现象), the
    knowledge of the support side's first reply (解决方法), and the later questions whose
    answers add knowledge (``followups``). Chat never reaches the page (see ``answer.py``)."""
    messages = clean_messages(entry.messages, config)
    first: list[str] = []
    asked: list[tuple[list[str], list[str]]] = []
    for m in messages:
        if m.speaker == AGENT:
            (asked[-1][1] if asked else first).append(m.text)
        elif first or asked:
            if asked and not asked[-1][1]:
                asked[-1][0].append(m.text)
            else:
                asked.append(([m.text], []))
    answer = _knowledge(first, config)
    later = [
        (followup_question("，".join(q), k[0]), k) for q, a in asked if (k := _knowledge(a, config))
    ]
    later = [(q, kept) for q, k in later if (kept := [t for t in _unbare(q, k) if t])]
    cause = entry.cause.strip()
    cause_md = "" if not cause or config.generic_causes.match(cause) else escape_text(cause)
    stated = None
    if not cause_md and answer:
        cause_md, answer = _cause_from(answer, config)
    else:
        stated = _stated(answer, later, config)
    answer_md = "\n\n".join(map(format_message, answer))
    followups = tuple(FollowUp(q, "\n\n".join(map(format_message, k))) for q, k in later)
    description = unframed(config.image_markers.sub(" ", entry.description), config)
    question_md = ""
    if description != entry.title and _says_something(description):
        question_md = format_message(description)
    told = answer + [t for _, k in later for t in k]
    excluded = ""
    if not any(m.speaker == AGENT for m in messages):
        excluded = NO_ANSWER
    elif _substance(told, config) < config.min_answer_chars:
        excluded = NO_KNOWLEDGE
    return replace(
        entry,
        title=clean_title(entry.title, config),
        asked=clean_title(first_question(description), config),
        question_md=question_md,
        answer_md=answer_md,
        followups=followups,
        cause_md=cause_md,
        stated=stated,
        links=doc_links(told, config),
        summary_md=_summary_md(answer_md, followups, config),
        excluded=entry.excluded or excluded,
        no_knowledge=excluded in (NO_ANSWER, NO_KNOWLEDGE),
    )


def _summary_md(answer_md: str, followups: tuple[FollowUp, ...], config: Config) -> str:
    """What the one-line summary is made of: the first reply that carries knowledge, without
    what staff saw on this one account (``answer.without_weak``; "": the answer as it is)."""
    told = [answer_md] + [f.answer for f in followups]
    # (the first reply that says enough in prose: a summary of a pasted log, of a request for a
    # link or of what staff saw on this account says nothing to the next customer)
    prose = [t for t in told if FENCED.sub("", t).strip()] or list(filter(None, told)) or [""]
    weight = {t: _substance([t], config) for t in prose}
    source = next((t for t in prose if weight[t] >= SUMMARY_CHARS), max(prose, key=weight.get))
    shown = without_weak(source, config) or source
    return "" if shown == answer_md else shown


def _cause_from(answer: list[str], config: Config) -> tuple[str, list[str]]:
    """The cause the first reply states, moved out of the answer into 原因 (the answer must
    still carry knowledge without it)."""
    prose, code = split_code(answer[0])
    cause, rest = stated_cause(prose)
    told = [rest + ("\n" + code if code else "")] + answer[1:]
    if not cause or _substance(told, config) < config.min_answer_chars:
        return "", answer
    return escape_text(cause), [t for t in told if t.strip()]


def _says_something(description: str) -> bool:
    """Whether a description says more than a link or hidden values ("https://‹域名1›/‹已隐藏›",
    "xx"): two letters or Chinese characters of its own."""
    words = re.sub(r"‹[^›]*›|https?://\S*|\[REDACTED_\w+\]|\b[xX]+\b", "", description)
    return len(re.findall(r"[A-Za-z\u4e00-\u9fff]", words)) >= 2


def _stated(
    answer: list[str], later: list[tuple[str, list[str]]], config: Config
) -> StatedCause | None:
    """The cause the leading reply states, kept beside it (the answer, else a first follow-up
    that shows no question of its own)."""
    lead = answer or (later[0][1] if later and not later[0][0] else [])
    cause, rest = _cause_from(lead, config) if lead else ("", lead)
    if not cause:
        return None
    return StatedCause(cause, "\n\n".join(map(format_message, rest)), in_followup=not answer)


def _substance(texts: list[str], config: Config) -> int:
    """How much knowledge these support texts carry (``answer.substance`` of their prose)."""
    return sum(substance(split_code(t)[0], config) for t in texts)


def _unbare(question: str, texts: list[str]) -> list[str]:
    return [without_bare_replies(question, t) for t in texts]


def _knowledge(texts: list[str], config: Config) -> list[str]:
    """What of these support messages a help article keeps, as plain text (prose, then any
    code pasted after it), with every URL ending where it ends."""
    kept = []
    known = tuple(address for address, _ in config.link_titles)
    for text in texts:
        prose, code = split_code(text)
        prose = knowledge_of(unglue(prose, known), config) if prose else ""
        if prose or code:
            kept.append(prose + ("\n" + code if code else ""))
    return kept


# --- FAQ sections ------------------------------------------------------------


def _link_bases(entries: list[Entry]) -> dict[str, str]:
    """The site that relative links of each FAQ page point to: its most linked host."""
    hosts: dict[str, dict[str, int]] = {}
    for e in entries:
        found = hosts.setdefault(e.source.file, {})
        if e.kind == "faq":
            for m in _DOC_LINK.finditer(e.body):
                found[m.group(1)] = found.get(m.group(1), 0) + 1
    return {f: max(sorted(h), key=h.get) if h else "" for f, h in hosts.items()}


_DOC_LINK = re.compile(r"\]\((https?://[^/)\s]{1,255})/document/")


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
        title=clean_title(faq_title(entry, config), config),
        question_md=sanitize_markdown(entry.description, base),
        answer_md=answer_md,
        cause_md=sanitize_markdown(entry.cause, base),
        links=doc_links([entry.body], config),
        excluded=entry.excluded or excluded,
    )
