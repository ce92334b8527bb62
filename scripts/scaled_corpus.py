#!/usr/bin/env python3
"""A deterministic, labelled scaled corpus made from the bundled tickets, for benchmarks.

    .venv/bin/python scripts/scaled_corpus.py 10000 /tmp/corpus-10k

Every entry is a variation of one of the hand-labelled tickets in
data/raw/qiniu-support-qa-part15.txt, written in the support-ticket dump format,
1,000 entries per file (scaled-00000.txt, ...). The variations are the ones real
tickets show: the customer frames the question differently (请问, 急！, 在线等,
小程序里, 生产环境 ...), numbers and dates change, other customers have other
hosts and bucket names, product words are swapped for their synonyms
(site_config/synonyms.yml), a chat line goes missing now and then, agents paste a
canned reply from another ticket (a quarter of the entries), a customer asks two
questions at once (about 5%), and the support side greets differently.

Beside the raw files, the hidden file ``.origins.tsv`` (the generator skips dot-files)
says where each entry came from: ``file``, ``line`` (of its ``## `` heading),
``seed_line`` (the seed's heading line in the bundled file) and ``question`` (the
seed's label in tests/fixtures/labels/tickets.yml). Seeds are used round-robin in a
shuffled order, so each appears about N/114 times. The same N always gives the same
bytes.
"""

from __future__ import annotations

import datetime
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from generator.model import AGENT, CUSTOMER  # noqa: E402
from generator.parse import parse_files  # noqa: E402

SEED_FILE = ROOT / "data" / "raw" / "qiniu-support-qa-part15.txt"
LABELS = ROOT / "tests" / "fixtures" / "labels" / "tickets.yml"
ORIGINS = ".origins.tsv"
FILE_HEADER = "# 扩展数据集\n\n---\n\n"

# How often each variation happens, per entry.
PASTE_RATE = 0.25  # one support line pasted from another ticket
TWO_QUESTIONS_RATE = 0.05  # the customer also asks another ticket's question
DROP_RATE = 0.15  # one chat line missing
PRODUCT_SWAP_RATE = 0.1  # the customer picked the neighbouring product
REFRAME_RATE = 0.3  # a later customer message gets a prefix or suffix too

PREFIXES = [
    "",
    "",
    "",
    "请问",
    "你好，",
    "咨询一下，",
    "麻烦问下，",
    "急！",
    "您好，想问下",
    "在吗，",
]
SUFFIXES = ["", "", "", "？", "呢", "，谢谢", "，在线等", "，急", "，怎么处理", "，麻烦看下"]
CONTEXT = [
    "",
    "",
    "",
    "",
    "今天",
    "昨天开始",
    "突然",
    "我们的网站",
    "小程序里",
    "App 里",
    "测试环境",
    "生产环境",
    "海外用户",
    "刚才",
    "客户反馈",
]
GREETINGS = ["您好，", "您好，", "你好，", "您好！", "", "亲，", "您好呀，", "久等了，"]
CLOSINGS = ["", "", "", "", "，有问题随时联系我们", "，祝您工作顺利", "，还有其他问题吗？"]
PRODUCTS = {"对象存储": "CDN", "CDN": "对象存储"}

# Other customers' hosts and buckets are made of these parts.
SUBDOMAINS = [
    "www",
    "img",
    "cdn",
    "static",
    "video",
    "m",
    "api",
    "file",
    "res",
    "pic",
    "dl",
    "live",
]
BRANDS = ["shop", "abc", "mall", "game", "media", "data", "star", "sun", "blue", "edu", "yun"]
BRAND_TAILS = ["", "-tech", "-media", "-cn", "-cloud", "-edu", "-online", "-net"]
TLDS = ["com", "com", "cn", "cn", "net", "com.cn", "top", "cc", "vip"]
BUCKET_WORDS = ["assets", "images", "video", "backup", "public", "static", "upload", "files"]

# Hosts that keep their name: the vendors' own (from the redaction rules) and public sites
# whose documentation answers link to.
PUBLIC_HOSTS = ["github.com", "aliyun.com", "jianshu.com", "baidu.com", "apple.com", "w3.org"]

URL = re.compile(r"https?://[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff\[\]<>\"']+")
PLACEHOLDER = re.compile(r"\[REDACTED_[A-Z_]+\]|<[a-zA-Z]+>")
DATE = re.compile(
    r"(?<![0-9])(20[0-9]{2})([-/.年])([0-9]{1,2})([-/.月])([0-9]{1,2})(日|号)?(?![0-9])"
    r"|(?<![0-9年])([0-9]{1,2})月([0-9]{1,2})([日号])"
)
TIME = re.compile(r"(?<![0-9])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9])")
# A one- or two-digit number standing alone or before a unit (80G, 5天), not part of a code
# such as mp4, m3u8, H264, IPv6 or HTTP/2.
NUMBER = re.compile(
    r"(?<![A-Za-z0-9./:_#-])[0-9]{1,2}(?=(?:[GMTK]B?|[gmtk]b?)?(?![A-Za-z0-9./:_%-]))"
)
BUCKET = re.compile(
    r"(?:(?<=空间名称：)|(?<=空间名：)|(?<=bucketName=)|(?<=listV2\(\"))[A-Za-z][A-Za-z0-9_-]+"
)
TEST_DOMAIN = re.compile(r"(?<![A-Za-z0-9-])[a-z0-9]{6,12}(?=\.[a-z0-9]+-bkt\.clouddn\.com)")
GREETING = re.compile(r"^(?:您好|你好|亲)[，,！!。 ]*")


def _host_pattern() -> re.Pattern:
    """Hosts as the redactor sees them: dotted names that end in a known top-level domain."""
    rules = yaml.safe_load((ROOT / "site_config" / "redaction.yml").read_text(encoding="utf-8"))
    tlds = "|".join(sorted(rules["host_tlds"], key=len, reverse=True))
    return re.compile(
        r"(?<![A-Za-z0-9@._-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:"
        + tlds
        + r"))(?![A-Za-z0-9_-])",
        re.I,
    )


def _kept_hosts() -> tuple[str, ...]:
    """Hosts redaction keeps: the vendors' and public sites' (site_config/vendors.yml)."""
    data = yaml.safe_load((ROOT / "site_config" / "vendors.yml").read_text(encoding="utf-8"))
    spec = [*data["vendors"].values(), data["public"]]
    listed = [h for v in spec for key in ("domains", "examples") for h in v.get(key) or []]
    return tuple(str(h) for h in listed) + tuple(PUBLIC_HOSTS)


HOST = _host_pattern()
KEPT_HOSTS = _kept_hosts()
# Everything the word and number variations must leave alone, in one alternation.
PROTECTED = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (URL, PLACEHOLDER, DATE, TIME)) + f"|(?:{HOST.pattern})",
    re.I,
)


def labels() -> dict[int, str]:
    """Heading line in the bundled file -> hand-labelled question id."""
    items = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    return {item["line"]: item["question"] for item in items}


def seeds() -> list[dict]:
    """The bundled tickets as plain dicts, with their heading line and question label."""
    entries, _ = parse_files([str(SEED_FILE)])
    question = labels()
    out = []
    for e in entries:
        category = "｜".join(e.category) if e.category else "CDN｜配置问题"
        out.append(
            {
                "title": e.title,
                "description": e.description or e.title,
                "category": category,
                "tags": ", ".join(e.tags) or category.split("｜")[0],
                "chat": [(m.speaker, m.text) for m in e.messages],
                "cause": e.cause,
                "line": e.source.line,
                "question": question[e.source.line],
            }
        )
    return out


def synonym_swapper(rng: random.Random) -> Callable[[str], str]:
    """A function that swaps each product word for a random word of its synonym group.

    URLs, hosts, dates and placeholders stay as they are; a Latin word is only swapped
    whole (never the ``https`` of a link, never ``ssl`` inside a longer name).
    """
    groups = yaml.safe_load((ROOT / "site_config" / "synonyms.yml").read_text(encoding="utf-8"))[
        "groups"
    ]
    group_of = {w: [v for v in g if len(v) >= 2] for g in groups for w in g if len(w) >= 2}
    words = sorted(group_of, key=len, reverse=True)

    def bounded(word: str) -> str:
        head = r"(?<![A-Za-z0-9])" if word[0].isascii() else ""
        tail = r"(?![A-Za-z0-9])" if word[-1].isascii() else ""
        return head + re.escape(word) + tail

    pattern = re.compile("|".join(map(bounded, words)), re.I)

    def replace(m: re.Match) -> str:
        choices = group_of[m.group(0).lower()]
        before = m.string[m.start() - 1 : m.start()]
        if before.isascii() and before.isalnum():  # "SSL证书" must not become "SSLhttps证书"
            choices = [w for w in choices if not w[0].isascii()] or [m.group(0)]
        return rng.choice(choices)

    def swap(text: str) -> str:
        return _outside(text, PROTECTED, lambda part: pattern.sub(replace, part))

    return swap


def _outside(text: str, protected: re.Pattern, change: Callable[[str], str]) -> str:
    """``change`` applied to the parts of ``text`` that ``protected`` does not match."""
    out, last = [], 0
    for m in protected.finditer(text):
        out += [change(text[last : m.start()]), m.group(0)]
        last = m.end()
    out.append(change(text[last:]))
    return "".join(out)


class Customer:
    """One customer's hosts, buckets and calendar: the same original always becomes the same
    replacement within one entry."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.domains: dict[str, str] = {}  # registered domain -> this customer's
        self.labels: dict[str, str] = {}  # subdomain label -> this customer's
        self.buckets: dict[str, str] = {}
        self.days = rng.randint(-400, 400)

    def host(self, host: str) -> str:
        low = host.lower()
        if any(low == k or low.endswith("." + k) for k in KEPT_HOSTS):
            return host
        parts = low.split(".")
        size = 3 if len(parts) >= 3 and parts[-2] in ("com", "net", "org", "edu", "gov") else 2
        base = ".".join(parts[-size:])
        if base not in self.domains:
            brand = self.rng.choice(BRANDS) + self.rng.choice(
                ["", f"-{self.rng.randint(1, 9999)}", str(self.rng.randint(1, 999))]
            )
            self.domains[base] = brand + self.rng.choice(BRAND_TAILS) + "." + self.rng.choice(TLDS)
        subs = [self._label(p) for p in parts[:-size]]
        return ".".join([*subs, self.domains[base]])

    def _label(self, label: str) -> str:
        if label == "www":
            return label
        if label not in self.labels:
            self.labels[label] = self.rng.choice(SUBDOMAINS) + self.rng.choice(
                ["", "", str(self.rng.randint(1, 99))]
            )
        return self.labels[label]

    def bucket(self, name: str) -> str:
        if name not in self.buckets:
            self.buckets[name] = (
                f"{self.rng.choice(BRANDS)}-{self.rng.choice(BUCKET_WORDS)}"
                + self.rng.choice(["", f"-{self.rng.randint(1, 99)}"])
            )
        return self.buckets[name]

    def date(self, m: re.Match) -> str:
        if m.group(1):  # 2024-10-08, 2024年10月8日
            try:
                day = datetime.date(int(m.group(1)), int(m.group(3)), int(m.group(5)))
            except ValueError:
                return m.group(0)
            day += datetime.timedelta(days=self.days)
            month, mday = f"{day.month:0{len(m.group(3))}d}", f"{day.day:0{len(m.group(5))}d}"
            return f"{day.year}{m.group(2)}{month}{m.group(4)}{mday}{m.group(6) or ''}"
        try:  # 10月1号: a day of the same year
            day = datetime.date(2024, int(m.group(7)), int(m.group(8)))
        except ValueError:
            return m.group(0)
        day += datetime.timedelta(days=self.days % 365)
        return f"{day.month}月{day.day}{m.group(9)}"

    def rewrite(self, text: str) -> str:
        """Hosts, buckets and dates of ``text`` as this customer's."""
        text = HOST.sub(lambda m: self.host(m.group(1)), text)
        text = TEST_DOMAIN.sub(
            lambda m: "".join(
                self.rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in m[0]
            ),
            text,
        )
        text = BUCKET.sub(lambda m: self.bucket(m.group(0)), text)
        return DATE.sub(self.date, text)


def vary(
    seed: dict,
    rng: random.Random,
    swap: Callable[[str], str],
    pasted: str | None = None,
    also_asks: str | None = None,
) -> str:
    """One entry in the dump format, a variation of ``seed``.

    ``pasted``: a support line from another ticket, put into this chat; ``also_asks``:
    another ticket's title, asked in the description and the first customer message too.
    """
    customer = Customer(rng)

    def numbers(text: str) -> str:
        # Amounts change; codes, URLs, dates and long identifiers are left alone.
        return _outside(text, PROTECTED, lambda part: NUMBER.sub(lambda m: _number(m, rng), part))

    def frame(text: str) -> str:
        suffix = rng.choice(SUFFIXES)
        text = swap(text)
        if suffix and not suffix[0].isalnum():  # "失败。" + "，在线等" reads "失败，在线等"
            text = text.rstrip("。.！! ")
        return rng.choice(PREFIXES) + rng.choice(CONTEXT) + text + suffix

    def ask(text: str) -> str:
        return customer.rewrite(numbers(frame(text)))

    def second_question(text: str) -> str:
        if not also_asks:
            return text
        joint = rng.choice(["。另外，", "；还有，", "。顺便问下，"])
        return text.rstrip("。.？?！! ") + joint + customer.rewrite(swap(also_asks))

    description = second_question(ask(seed["description"]))
    chat = list(seed["chat"])
    if len(chat) > 1 and rng.random() < DROP_RATE:
        k = rng.randrange(len(chat))
        if chat[k][0] != AGENT or sum(s == AGENT for s, _ in chat) > 1:
            del chat[k]
    if pasted is not None:
        chat.insert(rng.randint(1, len(chat)) if chat else 0, (AGENT, pasted))
    if also_asks and all(s == AGENT for s, _ in chat):  # the second question must show in chat
        chat.insert(0, (CUSTOMER, seed["description"]))
    category = seed["category"]
    if rng.random() < PRODUCT_SWAP_RATE:
        product, _, sub = category.partition("｜")
        category = PRODUCTS.get(product, product) + "｜" + sub
    lines = [f"## {customer.rewrite(frame(seed['title']))}", ""]
    lines += [f"**问题分类**: {category}", "", f"**适用场景**: {seed['tags']}", ""]
    lines += ["### 问题描述", "", description, "", "### 客服解答", ""]
    first = True
    for speaker, text in chat:
        if speaker == AGENT:
            reply = customer.rewrite(swap(GREETING.sub("", text)))
            closing = rng.choice(CLOSINGS)
            if closing:
                reply = reply.rstrip("。！!. ") + closing
            lines.append("**客服**：" + rng.choice(GREETINGS) + reply)
        elif first:  # usually the description again, after a pasted screenshot
            first = False
            image = "[图片]" if text.startswith("[图片]") else ""
            text = text.removeprefix("[图片]")
            same = text.strip() == seed["description"].strip()
            lines.append(
                "**客户**：" + image + (description if same else second_question(ask(text)))
            )
        elif rng.random() < REFRAME_RATE:
            lines.append("**客户**：" + ask(text))
        else:
            lines.append("**客户**：" + customer.rewrite(numbers(text)))
    lines += [
        "",
        "### 根本原因分析",
        "",
        seed["cause"] or "需要根据具体情况分析，建议查看文档或联系技术支持",
        "",
        "---",
        "",
    ]
    return "\n".join(lines)


def _number(m: re.Match, rng: random.Random) -> str:
    return str(rng.randint(1, 99) if len(m.group(0)) == 2 else rng.randint(1, 9))


def plan(n: int, rng: random.Random, base: list[dict]) -> list[int]:
    """Seed indexes for ``n`` entries: every round uses each seed once, in a shuffled order."""
    order: list[int] = []
    while len(order) < n:
        round_ = list(range(len(base)))
        rng.shuffle(round_)
        order += round_
    return order[:n]


def _other(rng: random.Random, base: list[dict], seed: dict) -> dict:
    """A random seed that asks a different question."""
    while True:
        other = rng.choice(base)
        if other["question"] != seed["question"]:
            return other


def _canned(rng: random.Random, base: list[dict], seed: dict) -> str:
    """A support line of another ticket, preferably a substantive one."""
    while True:
        replies = [t for s, t in _other(rng, base, seed)["chat"] if s == AGENT]
        long = [t for t in replies if len(t) >= 30]
        if long or replies:
            return rng.choice(long or replies)


def long_tail_plan(n: int, rng: random.Random, base: list[dict]) -> list[int]:
    """Seed indexes as real questions come: a few asked very often, most only a few times
    (Zipf: the seed of rank r is asked in proportion to 1/r)."""
    ranked = list(range(len(base)))
    rng.shuffle(ranked)
    return rng.choices(ranked, weights=[1 / (r + 1) for r in range(len(ranked))], k=n)


def write_corpus(
    n: int, folder: Path, per_file: int = 1000, long_tail: bool = False, draw: int = 0
) -> list[Path]:
    """Write ``n`` entries into ``folder`` (``per_file`` per file) and ``.origins.tsv``; with
    ``long_tail``, seeds are asked as real questions are (``long_tail_plan``), else evenly.
    ``draw``: which of the corpora of this size (0: the one every figure so far was measured
    on; another number draws other variations of the same seeds)."""
    folder.mkdir(parents=True, exist_ok=True)
    base = seeds()
    rng = random.Random(n if draw == 0 else f"{n}:{draw}")
    swap = synonym_swapper(rng)
    order = (long_tail_plan if long_tail else plan)(n, rng, base)
    paths = []
    origins = ["file\tline\tseed_line\tquestion"]
    for start in range(0, n, per_file):
        path = folder / f"scaled-{start // per_file:05d}.txt"
        text = FILE_HEADER
        line = FILE_HEADER.count("\n") + 1
        for k in order[start : start + per_file]:
            seed = base[k]
            pasted = _canned(rng, base, seed) if rng.random() < PASTE_RATE else None
            also = _other(rng, base, seed)["title"] if rng.random() < TWO_QUESTIONS_RATE else None
            entry = vary(seed, rng, swap, pasted=pasted, also_asks=also) + "\n"
            origins.append(f"{path.name}\t{line}\t{seed['line']}\t{seed['question']}")
            text += entry
            line += entry.count("\n")
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    (folder / ORIGINS).write_text("\n".join(origins) + "\n", encoding="utf-8")
    return paths


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    files = write_corpus(count, target, long_tail="--long-tail" in sys.argv[3:])
    print(f"{count} entries in {len(files)} files under {target} (origins in {target / ORIGINS})")
