"""Links in support chats: where a pasted URL ends, and what a reader should call it.

Agents paste URLs straight into running text, so the next words stick to them:
``…/kodo/bucketCDN：…`` (the next item's name), ``…/cdn/domain3、…`` (the next step's number).
``unglue`` puts a space where the URL really ends; every rule is tested on the URLs of the
bundled data and the real pages (tests/test_links.py).

A link's name is what the text calls it (``免费证书验证https://…`` → 免费证书验证; the label
before a colon), else the title ``site_config/links.yml`` gives the address, else the site's
name and the last words of its path. Never the bare URL.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from .markup import CJK, URL, split_url
from .yamlfile import YamlFile

if TYPE_CHECKING:
    from .config import Config

# A run of capitals or a capitalised word stuck to the lower-case end of a URL: the next
# words of the text (…download-the-logCDN, …cache-refreshTip).
_GLUED_WORD = re.compile(r"(?<=[a-z0-9])(?:[A-Z]{2,}|[A-Z][a-z]{1,8})$")
# A number stuck to a word at the end of a URL: the next step's number (…/withdraw5、).
_GLUED_NUMBER = re.compile(r"(?<=[a-z])([1-9][0-9]?)$")
# A rule of dashes (----Q:) or a comment's slashes (pfop// 注释): after the host, no address.
_RULE = re.compile(r"-{3,}|/{2,}$")
_STEP_MARK = "(?<![0-9A-Za-z]){}[.、．)）。]"
# Words before a URL that name nothing ("参考：", "链接如下：").
_EMPTY_LABEL = re.compile(
    r"^(?:请)?(?:参考|参见|详见|可参考|可以参考|查看|访问|点击|打开|链接|地址|网址|文档|入口|如下|"
    r"参考文档|参考链接|文档链接|相关文档|具体|详情|教程|图文教程|说明|接口|区域|配置|信息)+$"
)
_LABEL = re.compile(r"([^\s，,。；;！!？?：:、()（）「」\[\]<>]{2,24})[：:]?\s*$")
# How a sentence points at a link ("…详情请参考"): not part of the link's name.
_POINTS_AT = re.compile(
    r"(?:的话)?(?:详情|具体|更多)?(?:您|你们)?(?:可以|可)?(?:请)?(?:参考|参见|详见|查看)"
    r"(?:下|一下)?(?:这个|这里|文档|链接)?$"
)
_POINTED_FROM = re.compile(r"^(?:请)?(?:参考|参见|详见)|^(?:以及|和|或者?)")
# What a name never holds: words of a sentence said to one customer, or the pieces of a URL.
_SENTENCE_WORDS = re.compile(
    r"您|你们|我们|的话|建议|可以|应该|即可|一下|试下|下这个|这个方|没有|不是|是否|呢|吧|哈|了$"
    r"|^[A-Za-z0-9/._-]|/|‹"
)
MAX_NAME = 16  # a name longer than this is a sentence


def unglue(text: str, known: tuple[str, ...] = ()) -> str:
    """``text`` with a space where each pasted URL really ends.

    >>> unglue("步骤1.打开 https://portal.qiniu.com/financial/withdraw2、提交申请")
    '步骤1.打开 https://portal.qiniu.com/financial/withdraw 2、提交申请'
    >>> unglue("日志 https://developer.qiniu.com/fusion/api/1226/download-the-logCDN：看")
    '日志 https://developer.qiniu.com/fusion/api/1226/download-the-log CDN：看'

    ``known``: addresses of documents (``links.yml`` titles, without the scheme). A URL
    that runs on past one in lower-case letters straight into Chinese text ends there:

    >>> unglue("文档 https://x.com/tools/cliwindows环境下", ("x.com/tools/cli",))
    '文档 https://x.com/tools/cli windows环境下'
    """
    out, pos = [], 0
    for m in URL.finditer(text):
        url, _ = split_url(m.group(0))
        cut = m.start() + _glue_start(url, text[: m.start()])
        if CJK.match(text, m.start() + len(url)):
            cut = min(cut, m.start() + _known_end(url, known))
        if cut < m.start() + len(url):
            out.append(text[pos:cut] + " ")
            pos = cut
    out.append(text[pos:])
    return "".join(out)


def _known_end(url: str, known: tuple[str, ...]) -> int:
    """Where ``url`` ends when it is a known address with lower-case letters glued on."""
    scheme = url.find("://") + 3
    for address in known:
        if url.startswith(address, scheme) and re.fullmatch("[a-z]+", url[scheme + len(address) :]):
            return scheme + len(address)
    return len(url)


def _glue_start(url: str, before: str) -> int:
    """Where the text glued to ``url`` starts (len(url): nothing glued)."""
    rule = _RULE.search(url, url.find("://") + 3)
    if rule:
        return rule.start()
    word = _GLUED_WORD.search(url)
    # (A URL with capitals of its own before the tail: its case says nothing.)
    if word and urlparse(url).path not in ("", "/") and not re.search("[A-Z]", url[: word.start()]):
        return word.start()
    number = _GLUED_NUMBER.search(url)
    if number:
        previous = int(number.group(1)) - 1
        if previous >= 1 and re.search(_STEP_MARK.format(previous), before):
            return number.start()
    return len(url)


def link_name(url: str, before: str, config: Config) -> str:
    """What a reader should call the link at ``url``, given the text just before it."""
    markdown = re.search(r"\[([^\[\]\n]{2,60})\]\(<?$", before)
    if markdown:  # a Markdown link: its own text
        return markdown.group(1).strip()
    label = _LABEL.search(before.rstrip())
    if label and not re.search(r"\d[.、]$", before):
        name = re.sub(r"^.*[0-9][.、．]", "", label.group(1)).strip()
        name = _POINTED_FROM.sub("", _POINTS_AT.sub("", name))
        # (a name is two Chinese characters or a Latin word of six letters at least, and no
        # piece of a sentence)
        if (
            re.search(r"[\u4e00-\u9fff]{2}|[A-Za-z]{6}", name)
            and not URL.search(name)
            and not _SENTENCE_WORDS.search(name)
            and not _EMPTY_LABEL.match(name)
            and len(name) <= MAX_NAME
        ):
            return name
    return titled(url, config)


def titled(url: str, config: Config) -> str:
    """The title ``links.yml`` gives ``url`` (longest prefix), else site name and path words."""
    bare = re.split(r"[?#]", url.split("://", 1)[-1])[0].rstrip("/")  # (…#1: the same page)
    for prefix, title in config.link_titles:
        if bare == prefix or bare.startswith(prefix.rstrip("/") + "/"):
            return title
    parts = urlparse(url)
    host = (parts.hostname or "").lower()
    site = dict(config.link_sites).get(host, host)
    words = [unquote(p) for p in parts.path.split("/") if p and not p.isdigit()]
    tail = re.sub(r"[-_]+", " ", re.sub(r"\.(?:html?|md|php)$", "", words[-1])) if words else ""
    return f"{site}：{tail}" if tail else site


def doc_links(texts: list[str], config: Config) -> tuple[tuple[str, str], ...]:
    """(name, url) of each documentation or console link in these plain texts, once each."""
    found: dict[str, str] = {}
    for text in texts:
        for m in URL.finditer(text):
            url, _ = split_url(m.group(0))
            host = (urlparse(url).hostname or "").lower()
            if host in config.doc_link_hosts and url not in found:
                line_start = text.rfind("\n", 0, m.start()) + 1
                found[url] = link_name(url, text[line_start : m.start()], config)
    return tuple((name, url) for url, name in found.items())


def load_links(c: YamlFile) -> dict:
    """``links.yml``'s sites and titles, as Config fields (problems go to ``c``)."""
    data, where = c.data, "links.yml"
    c.known_keys(data, {"sites", "titles"}, where)
    out = {}
    for key in ("sites", "titles"):
        value = c.get(data, key, dict, where, {}, required=False) or {}
        pairs = []
        for name, title in value.items():
            if not isinstance(title, str) or not title.strip():
                c.error(c.line_of(value, name), f"'{key}.{name}' in {where} must be a name")
            pairs.append((str(name).lower().rstrip("/"), str(title)))
        # Longest prefix first, so the most specific title wins.
        out[f"link_{key}"] = tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))
    return out
