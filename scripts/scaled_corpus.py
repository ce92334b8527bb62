#!/usr/bin/env python3
"""A deterministic scaled corpus made from the bundled seeds, for benchmarks.

    .venv/bin/python scripts/scaled_corpus.py 10000 /tmp/corpus-10k

Every entry is a variation of a seed entry (tickets and FAQ sections alike),
written in the support-ticket dump format, 1,000 entries per file: synonyms
swapped, the question framed differently, context and numbers changed,
greetings varied. Not byte copies: the generator has to clean, redact and
cluster each one. The same N always gives the same files.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from generator.model import AGENT  # noqa: E402
from generator.parse import parse_files  # noqa: E402

PREFIXES = ["", "", "请问", "你好，", "咨询一下，", "麻烦问下，", "急！", "您好，想问下"]
SUFFIXES = ["", "", "？", "呢", "，谢谢", "，在线等", "，急", "，怎么处理"]
CONTEXT = [
    "",
    "",
    "",
    "今天",
    "昨天开始",
    "突然",
    "我们的网站",
    "小程序里",
    "App 上",
    "测试环境",
    "生产环境",
    "海外用户",
]
GREETINGS = ["您好，", "你好，", "您好！", "", "亲，"]
PRODUCTS = {"对象存储": "CDN", "CDN": "对象存储"}


def seeds() -> list[dict]:
    entries, _ = parse_files([str(ROOT / "data" / "raw")])
    out = []
    for e in entries:
        category = "｜".join(e.category) if e.category else "CDN｜配置问题"
        if e.kind == "ticket":
            chat = [(m.speaker, m.text) for m in e.messages]
        else:
            chat = [("customer", e.title), (AGENT, (e.description + "\n" + e.body).strip())]
        out.append(
            {
                "title": e.title,
                "description": e.description or e.title,
                "category": category,
                "tags": ", ".join(e.tags) or category.split("｜")[0],
                "chat": chat,
                "cause": e.cause,
            }
        )
    return out


def synonym_swapper(rng: random.Random):
    groups = yaml.safe_load((ROOT / "site_config" / "synonyms.yml").read_text(encoding="utf-8"))[
        "groups"
    ]
    words = sorted({w for g in groups for w in g if len(w) >= 2}, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, words)))
    group_of = {w: g for g in groups for w in g if len(w) >= 2}

    def swap(text: str) -> str:
        return pattern.sub(
            lambda m: rng.choice([w for w in group_of[m.group(0)] if len(w) >= 2]), text
        )

    return swap


def vary(seed: dict, rng: random.Random, swap) -> str:
    def frame(text: str) -> str:
        return rng.choice(PREFIXES) + rng.choice(CONTEXT) + swap(text) + rng.choice(SUFFIXES)

    def numbers(text: str) -> str:
        # Amounts and dates change; long identifiers are left to the redactor.
        return re.sub(r"(?<![0-9])[0-9]{1,2}(?![0-9])", lambda m: str(rng.randint(1, 99)), text)

    category = seed["category"]
    if rng.random() < 0.1:
        product, _, sub = category.partition("｜")
        category = PRODUCTS.get(product, product) + "｜" + sub
    lines = [
        f"## {frame(seed['title'])}",
        "",
        f"**问题分类**: {category}",
        "",
        f"**适用场景**: {seed['tags']}",
        "",
        "### 问题描述",
        "",
        numbers(frame(seed["description"])),
        "",
        "### 客服解答",
        "",
    ]
    for speaker, text in seed["chat"]:
        if speaker == AGENT:
            lines.append("**客服**：" + rng.choice(GREETINGS) + swap(text))
        else:
            lines.append("**客户**：" + numbers(frame(text)))
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


def write_corpus(n: int, folder: Path, per_file: int = 1000) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    base = seeds()
    rng = random.Random(n)
    swap = synonym_swapper(rng)
    paths = []
    for start in range(0, n, per_file):
        path = folder / f"scaled-{start // per_file:05d}.txt"
        chunk = [
            vary(base[(start + k) % len(base)], rng, swap) for k in range(min(per_file, n - start))
        ]
        path.write_text("# 扩展数据集\n\n---\n\n" + "\n".join(chunk), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    files = write_corpus(count, target)
    print(f"{count} entries in {len(files)} files under {target}")
