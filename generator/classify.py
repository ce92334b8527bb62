"""Classify stage: every entry gets a product and a symptom from the taxonomy.

Tickets carry ``产品｜子类``; both map through the taxonomy's ``categories``.
A catch-all subcategory (其他类咨询) is re-classified by keyword rules when the
content says what it is about. FAQ pages get one product for the whole page
(keywords counted over the page), and a symptom per section by keywords.
Unknown names are warnings and land in the fallback product / catch-all
symptom, never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from .config import Config
from .model import Entry, Problem


def keyword_symptom(entry: Entry, symptoms: tuple[str, ...], config: Config) -> str | None:
    """The symptom whose keywords the entry uses most (title x3, question x2, answer x1)."""
    weighted = ((entry.title, 3), (entry.description, 2), (_answer_text(entry), 1))
    best, best_score = None, 0
    for slug in sorted(symptoms, key=lambda s: (config.symptoms[s].order, s)):
        if slug == config.catch_all:
            continue
        score = sum(
            text.count(k) * w for text, w in weighted for k in config.symptoms[slug].keywords
        )
        if score > best_score:
            best, best_score = slug, score
    return best


def _answer_text(entry: Entry) -> str:
    return entry.body or " ".join(m.text for m in entry.messages)


def page_products(entries: list[Entry], config: Config) -> dict[str, str]:
    """One product per FAQ file, by the product keywords counted over the whole page."""
    texts: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        if e.kind == "faq":
            texts[e.source.file].extend([e.title, e.description, e.body, *e.context])
    chosen = {}
    for file, parts in texts.items():
        page = "\n".join(parts)
        scores = {
            slug: sum(page.count(k) for k in p.faq_keywords) for slug, p in config.products.items()
        }
        best = max(sorted(scores), key=lambda s: (scores[s], -config.products[s].order))
        chosen[file] = best if scores[best] > 0 else config.fallback_product
    return chosen


def classify_entries(entries: list[Entry], config: Config) -> tuple[list[Entry], list[Problem]]:
    problems: list[Problem] = []
    by_category = {c: slug for slug, p in config.products.items() for c in p.categories}
    symptom_by_category = {c: slug for slug, s in config.symptoms.items() for c in s.categories}
    pages = page_products(entries, config)
    out = []
    for e in entries:
        where = (e.source.file, e.source.line)
        if e.kind == "faq":
            product = pages[e.source.file]
            offered = config.products[product].symptoms
            symptom = keyword_symptom(e, offered, config) or config.catch_all
            out.append(replace(e, product=product, symptom=symptom))
            continue
        raw_product = e.category[0] if e.category else ""
        raw_symptom = e.category[1] if len(e.category) > 1 else ""
        product = by_category.get(raw_product)
        if product is None:
            product = config.fallback_product
            if raw_product:
                problems.append(
                    Problem(
                        *where,
                        f"unknown product '{raw_product}'; add it to a product's "
                        f"'categories' in taxonomy.yml (filed under '{product}' for now)",
                    )
                )
        offered = config.products[product].symptoms
        symptom = symptom_by_category.get(raw_symptom)
        if symptom is None and raw_symptom:
            problems.append(
                Problem(
                    *where,
                    f"unknown category '{raw_symptom}'; add it to a symptom's "
                    f"'categories' in taxonomy.yml (filed under '{config.catch_all}' for now)",
                )
            )
        if symptom is not None and symptom not in offered:
            # A real subcategory this product does not list: keep the knowledge, file it by content.
            symptom = None
        if symptom is None or symptom == config.catch_all:
            symptom = keyword_symptom(e, offered, config) or config.catch_all
        out.append(replace(e, product=product, symptom=symptom))
    return out, problems
