"""Redact stage: personal data and secrets out of every text field of an entry.

Runs on the raw text, before cleaning turns it into Markdown, so patterns see
the text as written. The rules are data (``site_config/redaction.yml``); this
module adds what a pattern cannot say: ID-number checksums, Luhn for bank
cards, the vendor-host allow-list, and one neutral name per customer host,
consistent within an entry.
"""

from __future__ import annotations

import functools
import ipaddress
import math
import re
from collections import Counter
from dataclasses import replace
from types import MappingProxyType

from . import personal
from .allowlist import ISSUED, PUBLIC, as_network
from .config import Config, RedactionRule
from .model import Entry, Message, Problem

# Long tokens of mixed letters and digits with high entropy are keys or tokens,
# whatever their shape. Path segments (after "/") are left to the host rules.
_TOKEN = re.compile(r"(?<![A-Za-z0-9_/.+=-])[A-Za-z0-9_+/=-]{16,}(?![A-Za-z0-9_+/=-])")
_PARAMETER = re.compile(r"[a-z][a-z_]{0,30}=")
MARKER = re.compile(r"‹[^‹›\n]{1,12}›")


def valid_resident_id(value: str) -> bool:
    """An 18-character resident ID number with a valid checksum (python-stdnum)."""
    return len(value) == 18 and personal.resident_id(value)


def high_entropy(token: str) -> bool:
    """Mixed case and digits, and characters that rarely repeat (like a key, unlike a word).

    The bar is 3.3 bits per character for 16-character tokens, rising to 4 for
    tokens of 24 characters and more.
    """
    if not (
        re.search(r"[a-z]", token) and re.search(r"[A-Z]", token) and re.search(r"[0-9]", token)
    ):
        return False
    counts = Counter(token)
    entropy = -sum(n / len(token) * math.log2(n / len(token)) for n in counts.values())
    return entropy > min(4.0, 3.3 + (len(token) - 16) * 0.0875)


def looks_like_path(token: str) -> bool:
    """A file path (images/36446_zh-CN, /rpmbuild/BUILD/kernel-2), not a key with slashes:
    short segments, one of them a word."""
    segments = token.split("/")
    return (
        len(segments) > 1
        and all(len(s) <= 12 for s in segments)
        and any(len(s) >= 4 and s.isalpha() and s.islower() for s in segments)
    )


def luhn_ok(value: str) -> bool:
    """A card number with a valid Luhn digit (python-stdnum)."""
    return personal.bank_card(value)


class Redactor:
    """Applies the configured rules; one instance per entry keeps host names consistent.

    ``memo``: texts already redacted in this file, shared by the file's redactors. Support
    replies are canned, and a text without customer hosts redacts the same way in any entry.
    """

    def __init__(
        self,
        config: Config,
        memo: dict[str, tuple[str, tuple[str, ...]]] | None = None,
        names: tuple[str, ...] = (),
    ):
        self.config = config
        self.memo = {} if memo is None else memo
        self.host_re, self.url_host_re = _host_patterns(config.host_tlds)
        self.names = _names_pattern(names)  # organisations the file names (personal.py)
        self.hosts: dict[str, str] = {}
        self.found: list[str] = []  # the category of each value hidden, in order

    @property
    def counts(self) -> Counter:
        """How many values of each category were hidden so far."""
        return Counter(self.found)

    def is_vendor_host(self, host: str) -> bool:
        """A host of a vendor or a public site (site_config/vendors.yml)."""
        return self.config.allowlist.host(host)[0] == PUBLIC

    def text(self, value: str) -> str:
        if not value:
            return value
        cached = self.memo.get(value)
        if cached is not None:
            self.found += cached[1]
            return cached[0]
        original, before = value, len(self.found)
        value = personal.fold(value, self.config.image_markers)
        value = self.config.dataset_placeholders.sub(self._placeholder, value)
        if "|" in value and self.config.table_headers:
            value = self._table_cells(value)
        for rule in self.config.redaction_rules:
            if rule.trigger is not None and not rule.trigger.search(value):
                continue
            value = rule.pattern.sub(lambda m, r=rule: self._replace(m, r), value)
        value = _TOKEN.sub(self._token, value)
        if self.names is not None:
            value = self.names.sub(self._organisation, value)
        if "://" in value:
            value = self.url_host_re.sub(lambda m: self._host(m, after_scheme=True), value)
        if "." in value:
            value = self.host_re.sub(self._host, value)
        found = tuple(self.found[before:])
        if not found:
            value = original  # (folding alone changes nothing a reader sees)
        if "customer_host" not in found:  # (a host's name depends on the entry's other hosts)
            self.memo[original] = (value, found)
        return value

    def _token(self, match: re.Match) -> str:
        token = match.group(0)
        name = _PARAMETER.match(token)
        if name:  # a parameter (spec_combo=MzE0NQ): only its value can be a key
            value = token[name.end() :]
            if len(value) < 16:
                return token
            return name.group(0) + _TOKEN.sub(self._token, value)
        if (
            not high_entropy(token)
            or looks_like_path(token)
            or any(self.config.allowlist.token(part) for part in re.split(r"[=/+]", token))
        ):
            return token
        self.found.append("secret")
        return "‹密钥›"

    def scan(self, text: str) -> list[str]:
        """Categories of personal or secret data in ``text`` (the values are not returned)."""
        before = len(self.found)
        self.text(text)
        return sorted(set(self.found[before:]))

    def _placeholder(self, match: re.Match) -> str:
        self.found.append("dataset_placeholder")
        return self.config.marker

    def _table_cells(self, text: str) -> str:
        """Cells under (or beside) a header that says what they hold (| 姓名 | 微信 |)."""
        spans = personal.table_cells(text, self.config.table_headers)
        for start, end, category in reversed(spans):
            cell = text[start:end]
            if MARKER.fullmatch(cell.strip()) or self._public(category, cell.strip()):
                continue
            self.found.append(category)
            text = text[:start] + f" {_MARKERS.get(category, self.config.marker)} " + text[end:]
        return text

    def _organisation(self, match: re.Match) -> str:
        self.found.append("organisation")
        return "‹机构名称›"

    def _replace(self, match: re.Match, rule: RedactionRule) -> str:
        found = match.group(rule.group)
        if found is None or MARKER.match(found.lstrip()):
            return match.group(0)  # nothing there, or already hidden (‹已隐藏›** in bold too)
        if not _passes(rule, found, match):
            return match.group(0)
        if self._public(rule.category, found, _token_around(match.string, *match.span(rule.group))):
            return match.group(0)
        self.found.append(rule.category)
        start, end = match.span(rule.group)
        return (
            match.group(0)[: start - match.start()]
            + rule.replace
            + match.group(0)[end - match.start() :]
        )

    def _public(self, category: str, found: str, token: str = "") -> bool:
        """A vendor's public fact (site_config/vendors.yml), or no address at all. ``token``:
        the whole run of letters and digits the value was found in."""
        allow = self.config.allowlist
        if category in ("ipv4", "ipv6"):
            if re.fullmatch(r"0x[0-9A-Fa-f]{8}|[0-9]{8,10}", found):
                return False  # one number: its check (personal.ipv4_number) said it is an address
            text = found if category == "ipv6" else found.split(":")[0]  # (IPv4: without port)
            address = text.split("/")[0].removeprefix("ip-").replace("-", ".")
            return not _is_address(address) or _is_range(text) or allow.address(address)
        if category == "email":
            return allow.email(found)
        if category == "app_id":  # (com.qiniu.android: a vendor's SDK, not a customer's app)
            labels = found.split(".")
            return allow.host(f"{labels[1]}.{labels[0]}")[0] == PUBLIC
        if category in ("phone", "qq", "wechat_id"):
            return allow.contact(found)
        if category in ("secret", "order_id", "url_secret", "access_key", "password"):
            return allow.token(found) or allow.token(token)
        return False

    def _host(self, match: re.Match, after_scheme: bool = False) -> str:
        host = match.group(1)
        parts = host.split(".")
        if not after_scheme and len(parts) == 2 and parts[1].lower() in self.config.file_extensions:
            return host  # a file (handlersocket.so); after a scheme it is still a host
        kind, labels = self.config.allowlist.host(host)
        if kind == PUBLIC:
            return host
        # A name a vendor issued to a customer: the customer's labels go, the vendor's stay.
        own = ".".join(host.split(".")[:labels]) if kind == ISSUED else host
        key = own.lower()
        if key not in self.hosts:
            self.hosts[key] = f"‹域名{len(self.hosts) + 1}›"
        self.found.append("customer_host")
        return self.hosts[key] + host[len(own) :]


_ALNUM_RUN = re.compile(r"[A-Za-z0-9_]*")


def _token_around(text: str, start: int, end: int) -> str:
    """The whole run of letters, digits and underscores around text[start:end]."""
    while start > 0 and (text[start - 1].isascii() and text[start - 1].isalnum()):
        start -= 1
    return text[start:end] + _ALNUM_RUN.match(text, end).group(0)


def _is_range(text: str) -> bool:
    """A block of private or reserved addresses (10.0.0.0/8, 100.64.0.0/10, 10.0.47.0/16): a
    range everyone uses, not one customer's. A public block is the customer's."""
    network = as_network(text)
    if network is None or network.is_global or not text.split("/")[0].endswith((".0", "::")):
        return False
    return "/" not in text or network.num_addresses > 1


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(re.sub(r"(?<![0-9])0+(?=[0-9])", "", text))  # (010.020 …)
    except ValueError:
        return False
    return True


_MARKERS = MappingProxyType(
    {
        "person_name": "‹姓名›",
        "wechat_id": "‹微信号›",
        "qq": "‹QQ 号›",
        "phone": "‹电话›",
        "email": "‹邮箱›",
        "bank_card": "‹卡号›",
        "resident_id": "‹证件号›",
        "address": "‹地址›",
        "plate": "‹车牌›",
        "ipv4": "‹IP 地址›",
    }
)


def _passes(rule: RedactionRule, found: str, match: re.Match) -> bool:
    """The rule's check and cues (see site_config/redaction.yml): is ``found`` personal?"""
    if not rule.check and not rule.cues:
        return True
    cue = bool(rule.cues) and personal.introduced(
        match.string, match.start(rule.group), rule.cues, rule.window
    )
    if not rule.check:
        return cue
    ok = personal.CHECKS[rule.check](found)
    return (ok and cue) if rule.require_cue else (ok or cue)


@functools.lru_cache(maxsize=64)
def _host_patterns(tlds: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """Hosts in running text (dotted names ending in a known top-level domain, IDN and
    punycode names too), and any host right after a scheme, whatever its domain. Repetition
    is bounded: a line of a million dots is read in linear time."""
    label = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?|[\u4e00-\u9fff]{1,20})"  # (IDN too)
    endings = "|".join(sorted(tlds, key=len, reverse=True)) + r"|xn--[a-z0-9]{2,30}"
    host = re.compile(
        r"(?<![A-Za-z0-9@._-])((?:" + label + r"\.){1,12}(?:" + endings + r"))"
        r"(?![A-Za-z0-9_-])",
        re.I,
    )
    url_host = re.compile(
        r"(?<=://)((?:[A-Za-z0-9-]{1,63}\.){1,12}[A-Za-z]{2,24})(?![A-Za-z0-9_-])"
    )
    return host, url_host


def _names_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    return re.compile("|".join(map(re.escape, names))) if names else None


def neutral_title(title: str, description: str) -> str:
    """A title without markers; when little is left, the start of the description.

    ``‹域名1› 证书处理中`` becomes ``域名证书处理中``; a title that was only a
    customer's domain becomes the first clause of the question.
    """

    def plain(text: str) -> str:
        text = MARKER.sub(lambda m: "域名" if m.group(0).startswith("‹域名") else "", text)
        text = re.sub(r"(域名)\s*(?=域名)", "", text)
        return " ".join(text.split()).strip(" ，,:：")

    out = plain(title)
    if len(re.sub(r"\W|域名", "", out)) >= 4:
        return out
    for clause in re.split(r"[，。！？,.!?\n]", plain(description)):
        if len(re.sub(r"\W", "", clause)) >= 4:
            return clause.strip()[:40]
    return out or "未命名问题"


def redact_entry(
    entry: Entry, config: Config, memo: dict | None = None, names: tuple[str, ...] = ()
) -> Entry:
    """Return the entry with every text field redacted and the counts recorded. ``names``:
    organisations named anywhere in the entry's file (``file_names``)."""
    r = Redactor(config, memo, names)
    title = neutral_title(r.text(entry.title), r.text(entry.description))
    return replace(
        entry,
        source=replace(entry.source, title=title),
        title=title,
        description=r.text(entry.description),
        messages=tuple(Message(m.speaker, r.text(m.text), m.line) for m in entry.messages),
        body=r.text(entry.body),
        cause=r.text(entry.cause),
        context=tuple(r.text(c) for c in entry.context),
        tags=tuple(r.text(t) for t in entry.tags),
        redactions=tuple(sorted(Counter(r.found).items())),
    )


def redact_problems(problems: list[Problem], config: Config) -> list[Problem]:
    """Warnings quote titles and categories: what they quote is redacted too, so neither the
    report nor the terminal ever holds a value."""
    r = Redactor(config)
    return [replace(p, message=r.text(p.message)) for p in problems]


def redact_entries(entries: list[Entry], config: Config) -> list[Entry]:
    """Every entry of one file redacted (the file's texts redacted once each)."""
    memo: dict[str, tuple[str, tuple[str, ...]]] = {}
    names = file_names(entries, config)
    return [redact_entry(e, config, memo, names) for e in entries]


def file_names(entries: list[Entry], config: Config) -> tuple[str, ...]:
    """Organisations a file names (深圳市星河科技有限公司 gives 星河科技 and 星河, a short form
    it introduces counts too): hidden wherever they occur in the file, never a vendor's."""
    protected = tuple(v.name for v in config.allowlist.vendors)
    found: list[str] = []
    for e in entries:
        parts = [e.title, e.description, e.body, e.cause, *(m.text for m in e.messages)]
        for part in parts:
            if any(w in part for w in ("公司", "集团", "简称", "下称", "name", "名称")):
                found += personal.organisation_names(personal.fold(part), protected)
    return tuple(sorted(set(found), key=lambda n: (-len(n), n)))


def redact_cleaned(entries: list[Entry], config: Config) -> list[Entry]:
    """The cleaned Markdown redacted once more: cleaning joins pieces (an image marker between
    digits goes), and what it joined must not show."""
    out = []
    memo: dict[str, tuple[str, tuple[str, ...]]] = {}  # (canned replies: redacted once each)
    for e in entries:
        r = Redactor(config, memo)
        done = replace(
            e,
            question_md=r.text(e.question_md),
            answer_md=r.text(e.answer_md),
            followups=tuple(
                replace(f, question=r.text(f.question), answer=r.text(f.answer))
                for f in e.followups
            ),
            cause_md=r.text(e.cause_md),
            stated=e.stated
            and replace(
                e.stated, cause_md=r.text(e.stated.cause_md), rest_md=r.text(e.stated.rest_md)
            ),
            summary_md=r.text(e.summary_md),
            # (a link whose address redaction would change is a customer's, not a document)
            links=tuple((r.text(t), u) for t, u in e.links if r.text(u) == u),
        )
        if r.found:
            counts = Counter(dict(e.redactions)) + Counter(r.found)
            done = replace(done, redactions=tuple(sorted(counts.items())))
        out.append(done)
    return out
