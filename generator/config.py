"""Load and validate ``site_config/`` in one pass.

Every problem is collected (unknown keys, wrong types, dangling references,
bad regular expressions) with its ``file:line`` before anything gives up, so a
writer fixing the configuration sees all of it at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .allowlist import Allowlist, load_vendors
from .errors import ConfigError
from .links import load_links
from .model import Problem
from .redactionconfig import RedactionRule, load_redaction
from .sourcesconfig import SourceRule, load_sources
from .wordsconfig import load_search_words, load_words, title_framing
from .yamlfile import YamlFile


@dataclass(frozen=True)
class Symptom:
    slug: str
    name: str
    order: int
    categories: tuple[str, ...]
    keywords: tuple[str, ...]
    home: str = ""  # the product of a topic with this symptom when its content names none
    generic: bool = False  # what every change is (配置): a pending report names it only alone


@dataclass(frozen=True)
class Product:
    slug: str
    name: str
    order: int
    categories: tuple[str, ...]
    keywords: tuple[str, ...]
    symptoms: tuple[str, ...]
    aliases: tuple[str, ...] = ()  # other names and abbreviations (COS, 云存储 …)
    doc_paths: tuple[str, ...] = ()  # documentation URL prefixes about it (host/path)


@dataclass(frozen=True, eq=False)
class Config:
    """Everything in ``site_config/``, validated. Compared and hashed by identity."""

    directory: Path
    products: dict[str, Product]
    symptoms: dict[str, Symptom]
    catch_all: str
    fallback_product: str
    # cleaning
    filler_clauses: re.Pattern
    customer_acks: re.Pattern
    image_markers: re.Pattern
    generic_causes: re.Pattern
    no_knowledge_answers: re.Pattern
    min_answer_chars: int
    chat_clauses: re.Pattern
    weak_clauses: re.Pattern
    non_topic_headings: re.Pattern
    generic_groups: re.Pattern
    doc_link_hosts: tuple[str, ...]
    # redaction
    marker: str
    dataset_placeholders: re.Pattern
    redaction_rules: tuple[RedactionRule, ...]
    host_tlds: tuple[str, ...]
    file_extensions: tuple[str, ...]
    table_headers: dict[str, str]  # a table's header cell -> the category of its column
    # links (links.yml): (host, site name) and (address prefix, title), longest first
    link_sites: tuple[tuple[str, str], ...] = ()
    link_titles: tuple[tuple[str, str], ...] = ()
    # words (synonyms.yml)
    synonyms: dict[str, str] = field(default_factory=dict)  # variant -> the group's first word
    stopwords: frozenset[str] = frozenset()
    # site
    site: dict = field(default_factory=dict)
    # sources.yml (see sourcesconfig.py): products named by pages, per-source products
    page_names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # product -> names
    source_rules: tuple[SourceRule, ...] = ()
    # search.yml: words of the search box only, on top of synonyms.yml's
    search_synonyms: dict[str, str] = field(default_factory=dict)
    search_stopwords: frozenset[str] = frozenset()
    search_intents: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> words
    # titles: the customer's framing (cleaning.yml) and misspellings (synonyms.yml typos)
    title_framing: re.Pattern = re.compile(r"(?!x)x")
    title_prefixes: re.Pattern = re.compile(r"(?!x)x")
    title_inner_prefixes: re.Pattern = re.compile(r"(?!x)x")
    title_particles: re.Pattern = re.compile(r"(?!x)x")
    typos: dict[str, str] = field(default_factory=dict)  # misspelling -> the right spelling
    pending: tuple[str, ...] = ()  # synonyms.yml: words that report a change still pending
    # vendors.yml: the vendors' public facts, never redacted
    allowlist: Allowlist = field(default_factory=Allowlist)

    def product_name(self, slug: str) -> str:
        return self.products[slug].name if slug in self.products else slug

    def symptom_name(self, slug: str) -> str:
        return self.symptoms[slug].name if slug in self.symptoms else slug


def load_config(config_dir: str | Path) -> Config:
    """Load ``taxonomy.yml``, ``cleaning.yml``, ``redaction.yml``, ``vendors.yml``,
    ``synonyms.yml``, ``links.yml``, ``sources.yml`` and ``site.yml``.

    Raises ConfigError listing every problem found, each as ``path:line: message``.
    """
    directory = Path(config_dir)
    problems: list[Problem] = []
    if not directory.is_dir():
        raise ConfigError([Problem(str(directory), 0, "configuration folder not found", "error")])

    def open_file(name: str) -> YamlFile:
        return YamlFile(directory / name, str(directory / name), problems)

    tax = open_file("taxonomy.yml")
    symptoms, products, catch_all, fallback = _load_taxonomy(tax)
    cln = open_file("cleaning.yml")
    cleaning = _load_cleaning(cln)
    red = open_file("redaction.yml")
    redaction = load_redaction(red)
    allowlist = load_vendors(open_file("vendors.yml"))
    words = load_words(open_file("synonyms.yml"))
    links = load_links(open_file("links.yml"))
    vendors = frozenset(v.slug for v in allowlist.named)
    sources = load_sources(open_file("sources.yml"), products, symptoms, catch_all, vendors)
    products = {**products, **sources.pop("declared")}
    search = {}
    if (directory / "search.yml").is_file():
        search = load_search_words(open_file("search.yml"), words["synonyms"])
    site = open_file("site.yml")
    site.known_keys(site.data, {"site_name", "ticket_url", "tagline", "contact"}, "site.yml")
    site_values = {k: str(v) for k, v in site.data.items()}

    if problems:
        raise ConfigError(problems)
    return Config(
        directory=directory,
        products=products,
        symptoms=symptoms,
        catch_all=catch_all,
        fallback_product=fallback,
        site=site_values,
        **sources,
        allowlist=allowlist,
        **words,
        **cleaning,
        **redaction,
        **links,
        **search,
    )


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _load_taxonomy(c: YamlFile):
    data = c.data
    c.known_keys(data, {"catch_all", "symptoms", "fallback_product", "products"}, "taxonomy.yml")
    symptoms = _load_symptoms(c)
    catch_all = c.get(data, "catch_all", str, "taxonomy.yml", "other")
    if symptoms and catch_all not in symptoms:
        c.error(
            c.line_of(data, "catch_all"), f"catch_all '{catch_all}' is not a symptom in 'symptoms'"
        )
    raw_products = c.get(data, "products", dict, "taxonomy.yml", {}) or {}
    products = _load_products(c, raw_products, symptoms, catch_all)
    fallback = c.get(data, "fallback_product", str, "taxonomy.yml", "other")
    if products and fallback not in products:
        c.error(
            c.line_of(data, "fallback_product"),
            f"fallback_product '{fallback}' is not a product in 'products'",
        )
    _no_duplicate_names(c, raw_products, products, "product")
    return symptoms, products, catch_all, fallback


def _load_symptoms(c: YamlFile) -> dict[str, Symptom]:
    data = c.data
    symptoms: dict[str, Symptom] = {}
    for slug, spec in (c.get(data, "symptoms", dict, "taxonomy.yml", {}) or {}).items():
        where = f"symptom '{slug}'"
        if not _SLUG.match(str(slug)):
            c.error(
                c.line_of(data["symptoms"], slug),
                f"{where}: slug must be lowercase ASCII letters, digits and '-'",
            )
        if not isinstance(spec, dict):
            c.error(c.line_of(data["symptoms"], slug), f"{where} must be a mapping")
            continue
        c.known_keys(spec, {"name", "order", "categories", "keywords", "home", "generic"}, where)
        symptoms[str(slug)] = Symptom(
            str(slug),
            c.get(spec, "name", str, where, str(slug)),
            c.get(spec, "order", int, where, 0),
            c.strings(spec, "categories", where, required=False),
            c.strings(spec, "keywords", where, required=False),
            c.get(spec, "home", str, where, "", required=False),
            c.get(spec, "generic", bool, where, False, required=False),
        )
    return symptoms


def _load_products(
    c: YamlFile, raw_products: dict, symptoms: dict, catch_all: str
) -> dict[str, Product]:
    products: dict[str, Product] = {}
    for slug, spec in raw_products.items():
        where = f"product '{slug}'"
        line = c.line_of(raw_products, slug)
        if not _SLUG.match(str(slug)):
            c.error(line, f"{where}: slug must be lowercase ASCII letters, digits and '-'")
        if not isinstance(spec, dict):
            c.error(line, f"{where} must be a mapping")
            continue
        keys = {"name", "order", "categories", "keywords", "aliases", "doc_paths", "symptoms"}
        c.known_keys(spec, keys, where)
        own = c.strings(spec, "symptoms", where)
        for s in own:
            if s not in symptoms:
                c.error(
                    c.line_of(spec, "symptoms"),
                    f"{where}: symptom '{s}' is not defined in 'symptoms'",
                )
        if catch_all not in own:
            c.error(
                c.line_of(spec, "symptoms"),
                f"{where}: must offer the catch_all symptom '{catch_all}'",
            )
        products[str(slug)] = Product(
            str(slug),
            c.get(spec, "name", str, where, str(slug)),
            c.get(spec, "order", int, where, 0),
            c.strings(spec, "categories", where, required=False),
            c.strings(spec, "keywords", where, required=False),
            own,
            c.strings(spec, "aliases", where, required=False),
            tuple(p.lower() for p in c.strings(spec, "doc_paths", where, required=False)),
        )
    for slug, symptom in symptoms.items():
        if symptom.home and (
            symptom.home not in products or slug not in products[symptom.home].symptoms
        ):
            where = f"symptom '{slug}'"
            line = c.line_of(c.data.get("symptoms") or {}, slug)
            c.error(line, f"{where}: home '{symptom.home}' is not a product offering it")
    return products


def _no_duplicate_names(c: YamlFile, raw: dict, items: dict, what: str) -> None:
    seen: dict[str, str] = {}
    for slug, item in items.items():
        for alias in item.categories:
            if alias in seen:
                c.error(
                    c.line_of(raw, slug),
                    f"{what} category '{alias}' is claimed by both '{seen[alias]}' and '{slug}'",
                )
            seen[alias] = slug


def _load_cleaning(c: YamlFile) -> dict:
    data, where = c.data, "cleaning.yml"
    keys = {
        "filler_clauses",
        "customer_acks",
        "image_markers",
        "generic_causes",
        "no_knowledge_answers",
        "min_answer_chars",
        "chat_clauses",
        "weak_clauses",
        "non_topic_headings",
        "generic_groups",
        "doc_link_hosts",
        "title_framing",
        "title_prefixes",
        "title_inner_prefixes",
        "title_particles",
    }
    c.known_keys(data, keys, where)
    images = c.strings(data, "image_markers", where)
    return {
        "filler_clauses": c.regex(data, "filler_clauses", where, repeat=True),
        "customer_acks": c.regex(data, "customer_acks", where, repeat=True),
        "image_markers": re.compile("|".join(images) or r"(?!x)x"),
        "generic_causes": c.regex(data, "generic_causes", where),
        "no_knowledge_answers": c.regex(data, "no_knowledge_answers", where, repeat=True),
        "min_answer_chars": c.get(data, "min_answer_chars", int, where, 8),
        "chat_clauses": c.regex(data, "chat_clauses", where, required=False),
        "weak_clauses": c.regex(data, "weak_clauses", where, required=False),
        "non_topic_headings": c.regex(data, "non_topic_headings", where),
        "generic_groups": c.regex(data, "generic_groups", where),
        "doc_link_hosts": c.strings(data, "doc_link_hosts", where),
        **title_framing(c),
    }
