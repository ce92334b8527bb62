"""Classify stage: every entry gets a product and a symptom from the taxonomy, by its content.

The dataset's own category (``产品｜子类``) is one signal, not the verdict: a catch-all
(其他类咨询) or a misfiled category (an account question under 对象存储) is corrected by
what the entry says. Scores, per product and per symptom:

* each word the taxonomy lists for it (``keywords``, and a product's ``aliases``) that the
  title (x3), the description (x2) or the conversation (x1) has, however often; never
  inside a URL, a file path or code; Latin words only as whole words;
* a link to the product's documentation (``doc_paths``);
* the dataset's category: the product it names, and the symptom of its subcategory
  (``categories``), unless that is a catch-all.

The pair (product, symptom) with the best score together wins; a symptom that is not about
one product (account, invoice, a bill) counts for its ``home`` product, so such a topic goes
there unless the content names another. FAQ pages get one
product for the whole page: the one the page and its source name (``Entry.page_product``),
else by the same words over the page; and a symptom per section.
Unknown names are warnings and land in the fallback product / catch-all symptom, never
dropped.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from .config import Config
from .model import AGENT, Entry, Problem

PRIOR = 4.0  # what the dataset's own product counts for
SYMPTOM_PRIOR = 2.0  # what the dataset's own subcategory counts for
HOME = 3.5  # what a symptom's home product counts for
DOC_LINK = 1.5  # a link to a product's documentation
FIELDS = (("title", 5), ("description", 2), ("conversation", 1))
MAX_HITS = 2  # words of one name counted per field
# What keywords never match inside: URLs, code, paths, redaction markers. (A path starts where
# a run of word characters starts: tried from inside a long run, it would read the run again.)
_NOT_WORDS = re.compile(
    r"```.*?```|`[^`\n]*`|https?://\S+|(?<![\w.-])(?:[\w.-]+/){2,}[\w.-]*|‹[^›]*›|\[REDACTED_\w+\]"
    # a call in code pasted without a fence (listV2(bucket, prefix)); DV(限免) is prose
    r"|[A-Za-z_][\w.]*\([^()\n\u4e00-\u9fff]*\)",
    re.S,
)
_URL = re.compile(r"https?://([^\s)>\]'\"，。]+)")
# What happened before the problem ("上传成功后", "配置完成后") is its setting, not the problem:
# its words are no evidence of the symptom.
_BEFORE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{1,8}?(?:成功|完成|之|以)后")


def texts(entry: Entry) -> dict[str, str]:
    """The entry's title, description and conversation, without URLs, paths and code."""
    conversation = entry.body or "\n".join(m.text for m in entry.messages)
    raw = {"title": entry.title, "description": entry.description, "conversation": conversation}
    return {k: _BEFORE.sub(" ", _NOT_WORDS.sub(" ", v)) for k, v in raw.items()}


_LATIN_WORD = re.compile(r"[a-z0-9_]+")


@dataclass(frozen=True)
class Keywords:
    """The keywords of each name (product or symptom), lower case, indexed once per run: the
    Latin ones (found as whole words), the others (found anywhere), and the names each
    keyword counts for."""

    latin: frozenset[str]
    others: tuple[str, ...]
    owners: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, keywords: dict[str, tuple[str, ...]]) -> Keywords:
        owners: dict[str, list[str]] = defaultdict(list)
        for name, words in keywords.items():
            for w in words:
                owners[w.lower()].append(name)
        latin = frozenset(w for w in owners if _LATIN_WORD.fullmatch(w))
        others = tuple(sorted(set(owners) - latin))
        return cls(latin, others, {w: tuple(names) for w, names in owners.items()})

    def found(self, text: str) -> set[str]:
        """The keywords (lower case) that occur in text: Chinese ones anywhere, Latin ones as
        whole words, any case.

        >>> words = Keywords.of({"cert": ("证书", "HTTPS", "SSL")})
        >>> sorted(words.found("CDN 的 https 证书过期了")), words.found("SSLVPN")
        (['https', '证书'], set())
        """
        lowered = text.lower()
        out = set(self.latin.intersection(_LATIN_WORD.findall(lowered)))
        out.update(w for w in self.others if w in lowered)
        return out


def scores(fields: dict[str, str], keywords: Keywords) -> dict[str, float]:
    """Weighted keyword hits of each name (product or symptom) in the fields: each keyword once,
    however often; a long conversation counts for at most MAX_HITS keywords of one name."""
    out: dict[str, float] = defaultdict(float)
    for field, weight in FIELDS:
        text = fields.get(field, "")
        if not text:
            continue
        hits = Counter(name for w in keywords.found(text) for name in keywords.owners[w])
        for name, n in hits.items():
            out[name] += weight * min(n, MAX_HITS)
    return out


def doc_links(entry: Entry, config: Config) -> dict[str, float]:
    """DOC_LINK for each product the entry links the documentation of."""
    text = entry.body or " ".join(m.text for m in entry.messages if m.speaker == AGENT)
    urls = {m.group(1).lower() for m in _URL.finditer(text)}
    return {
        slug: DOC_LINK
        for slug, p in config.products.items()
        if any(url.startswith(prefix) for url in urls for prefix in p.doc_paths)
    }


def choose(
    product_scores: dict[str, float], symptom_scores: dict[str, float], config: Config
) -> tuple[str, str]:
    """The (product, symptom) pair of the taxonomy with the best score together: the product's,
    the symptom's, and HOME when the product is the symptom's home. The catch-all symptom
    only when no symptom has a score."""
    best, best_score = (config.fallback_product, config.catch_all), None
    for product in sorted(config.products, key=lambda p: (config.products[p].order, p)):
        for symptom in sorted(
            config.products[product].symptoms, key=lambda s: (config.symptoms[s].order, s)
        ):
            s = symptom_scores.get(symptom, 0.0)
            if symptom != config.catch_all and s <= 0:
                continue
            home = HOME if config.symptoms[symptom].home == product else 0.0
            score = (
                product_scores.get(product, 0.0)
                + s
                + home
                - (0.5 if symptom == config.catch_all else 0)
            )
            if best_score is None or score > best_score:
                best, best_score = (product, symptom), score
    return best


def classify_entries(entries: list[Entry], config: Config) -> tuple[list[Entry], list[Problem]]:
    problems: list[Problem] = []
    product_words = Keywords.of(
        {slug: p.keywords + p.aliases for slug, p in config.products.items()}
    )
    symptom_words = Keywords.of({slug: s.keywords for slug, s in config.symptoms.items()})
    pages = page_products(entries, config, product_words)
    out = []
    for e in entries:
        fields = texts(e)
        symptom_scores = scores(fields, symptom_words)
        if e.kind == "faq":
            product = pages[e.source.file]
            offered = [s for s in config.products[product].symptoms if s != config.catch_all]
            best = max(
                offered,
                key=lambda s: (symptom_scores.get(s, 0), -config.symptoms[s].order),
                default=None,
            )
            symptom = (
                best if best is not None and symptom_scores.get(best, 0) > 0 else config.catch_all
            )
            out.append(replace(e, product=product, symptom=symptom, sure_product=product))
            continue
        product_scores = scores(fields, product_words)
        for slug, extra in doc_links(e, config).items():
            product_scores[slug] += extra
        by_content = choose(product_scores, symptom_scores, config)[0]
        _category_priors(e, config, product_scores, symptom_scores, problems)
        product, symptom = choose(product_scores, symptom_scores, config)
        sure = product if product == by_content and product_scores.get(product, 0) > 0 else ""
        tags = tuple(t for t in e.tags if _tag_agrees(t, product, symptom, config))
        out.append(replace(e, product=product, symptom=symptom, sure_product=sure, tags=tags))
    return out, problems


def _tag_agrees(tag: str, product: str, symptom: str, config: Config) -> bool:
    """Whether the dataset's tag (适用场景) says what the entry is filed under: a product's
    dataset name only for that product; another tag when a word of the product or the symptom
    is in it (SSL证书 on a certificate question, not on a password one; 其他 never).

    >>> from generator.config import load_config
    >>> config = load_config("site_config")
    >>> [_tag_agrees(t, "finance", "account", config) for t in ("账户与财务", "对象存储", "SSL")]
    [True, False, False]
    >>> [_tag_agrees(t, "cdn", "certificate", config) for t in ("SSL证书", "其他")]
    [True, False]
    """
    owner = _by_category(config)[0].get(tag)
    if owner is not None:
        return owner == product
    return bool(_place_words(config, product, symptom).found(tag))


@functools.lru_cache(maxsize=8)
def _by_category(config: Config) -> tuple[dict[str, str], dict[str, str]]:
    """The product and the symptom each of the dataset's category names stands for."""
    return (
        {c: slug for slug, p in config.products.items() for c in p.categories},
        {c: slug for slug, s in config.symptoms.items() for c in s.categories},
    )


@functools.lru_cache(maxsize=1024)
def _place_words(config: Config, product: str, symptom: str) -> Keywords:
    """The words of a product and a symptom together, indexed once per place."""
    p, s = config.products[product], config.symptoms[symptom]
    return Keywords.of({"": p.keywords + p.aliases + s.keywords})


def _category_priors(
    e: Entry, config: Config, product_scores: dict, symptom_scores: dict, problems: list[Problem]
) -> None:
    """The dataset's category as evidence (and a warning for a name the taxonomy lacks)."""
    raw_product = e.category[0] if e.category else ""
    raw_symptom = e.category[1] if len(e.category) > 1 else ""
    by_category, symptom_by_category = _by_category(config)
    where = (e.source.file, e.source.line)
    if raw_product in by_category:
        product_scores[by_category[raw_product]] += PRIOR
    elif raw_product:
        product_scores[config.fallback_product] += PRIOR
        problems.append(
            Problem(
                *where,
                f"unknown product '{raw_product}'; add it to a product's 'categories' "
                f"in taxonomy.yml (filed by its content, else under '{config.fallback_product}')",
            )
        )
    if raw_symptom in symptom_by_category:
        if symptom_by_category[raw_symptom] != config.catch_all:
            symptom_scores[symptom_by_category[raw_symptom]] += SYMPTOM_PRIOR
    elif raw_symptom:
        problems.append(
            Problem(
                *where,
                f"unknown category '{raw_symptom}'; add it to a symptom's 'categories' "
                "in taxonomy.yml (filed by its content for now)",
            )
        )


def page_products(entries: list[Entry], config: Config, product_words: Keywords) -> dict[str, str]:
    """One product per FAQ file, by the product words over the whole page."""
    parts: dict[str, dict[str, list[str]]] = defaultdict(
        lambda: {"title": [], "description": [], "conversation": []}
    )  # (joined once per page: adding to a string per entry would copy the page each time)
    named: dict[str, str] = {}  # file -> the product its page names (parse/product.py)
    for e in entries:
        if e.kind == "faq":
            page = parts[e.source.file]
            page["title"].append("\n" + e.title + "\n" + "\n".join(e.context))
            page["conversation"].append("\n" + _NOT_WORDS.sub(" ", e.description + "\n" + e.body))
            named[e.source.file] = named.get(e.source.file) or e.page_product
    fields = {f: {k: "".join(v) for k, v in p.items()} for f, p in parts.items()}
    chosen = {}
    for file, page in fields.items():
        if named.get(file) in config.products:
            chosen[file] = named[file]
            continue
        found = scores(page, product_words)
        best = max(
            sorted(config.products), key=lambda s: (found.get(s, 0), -config.products[s].order)
        )
        chosen[file] = best if found.get(best, 0) > 0 else config.fallback_product
    return chosen
