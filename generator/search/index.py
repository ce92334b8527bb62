"""The prebuilt search index: topic pages -> one JSON file the browser loads as is.

The file holds the lunr index (built with the lunr Python package, in the
lunr.js 2.3.9 serialisation), the documents shown as results with the product of
each, and the lexicon the query analyzer needs (the site's words, stop-words,
synonyms, traditional -> simplified characters, the syllable table for homophones,
the products' names and aliases, the words of the questions' intents). The site's
words are jieba's dictionary words found in the pages, the taxonomy's words and the
words the pages bring that no dictionary has (``vocabulary.py``). The search worker
fetches it as soon as it starts; ``search_index.json``, which Material's page script
fetches for the worker, is an empty stub.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lunr.builder import Builder

from ..config import Config
from ..vendor import vendor_names
from .analyzer import CJK, MAX_WORD, PIECE, Analyzer
from .sounds import COMMON, sound_table
from .vocabulary import page_codes, site_words

FORMAT = 1
# Field, boost, and whether character bigrams are indexed too (short fields only:
# bigrams of long text would multiply the index).
FIELDS = (
    ("title", 10, True),
    ("questions", 5, True),
    ("terms", 3, True),
    ("codes", 3, False),
    ("body", 1, False),
)
# The parts of the Latin compounds of every field (login of ERR_SSO_INVALID_LOGIN): a query
# word found only here counts for half of itself (query.PART_SHARE).
PARTS = ("parts", 3)
BODY_LIMIT = 500  # characters of a page's text indexed: its question and answer, not the chat log
TEXT_LIMIT = 120  # characters of summary shown under a result
LEARNED_FREQ = 1000  # the weight of a word learned from the pages, in jieba's frequencies
STUB = "search_index.json"
INDEX = "helpgen_index.json"  # the worker's name for it too

# Markup of the page (escapes, emphasis, link targets, redaction markers, fences); not underscores,
# which belong to error codes.
_NOISE = re.compile(r"```[^\n]*|https?://\S*|<[^>]*>|\]\([^)]*\)|[*`#>|\[\]]|‹[^›]*›|\\(?=\S)")
# Before error codes are looked for: link targets and URLs go, and tags become cell borders
# (a code alone in an HTML table cell is one in a Markdown cell).
_LINKS = re.compile(r"https?://\S*|\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")
_CUT = re.compile(r"^(\?\?\?|<details)", re.M)
_OTHERS = re.compile(r"^## 其他问法\n.*?(?=^#|\Z)", re.M | re.S)


@dataclass
class SearchDoc:
    location: str
    title: str
    questions: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    description: str = ""
    body: str = ""
    crumbs: list[str] = field(default_factory=list)
    product: str = ""
    vendor: str = ""  # whose answer the page shows (vendors.yml key; "": unknown)


def search_doc(location: str, meta: dict, markdown: str, config: Config) -> SearchDoc | None:
    """What search knows of a topic page; None for index pages and pages without a topic."""
    if "index" in meta or not meta.get("product") or not meta.get("symptom"):
        return None
    product, symptom = str(meta["product"]), str(meta["symptom"])
    crumbs = [config.product_name(product), config.symptom_name(symptom)]
    title = str(meta.get("title", ""))
    questions = [str(q) for q in meta.get("questions") or [] if str(q) != title]
    codes = page_codes(_TAG.sub("|", _LINKS.sub(" ", markdown)))
    body = answer_text(markdown)
    return SearchDoc(
        location=location,
        title=title,
        questions=questions,
        terms=crumbs + [str(t) for t in meta.get("tags") or []],
        codes=codes,
        description=str(meta.get("description", "")),
        body=body[:BODY_LIMIT],
        crumbs=crumbs,
        product=product,
        vendor=str(meta.get("vendor") or ""),
    )


def answer_text(markdown: str) -> str:
    """A topic page's question and answer as plain text: without its title, the other phrasings,
    the collapsed conversation and the markup."""
    body = _OTHERS.sub("", markdown)
    cut = _CUT.search(body)
    body = body[: cut.start()] if cut else body
    body = re.sub(r"^# .*$", "", body, count=1, flags=re.M)
    return " ".join(_NOISE.sub(" ", body).split())


def traditional_map() -> dict[str, str]:
    """Traditional -> simplified, one character for one, from OpenCC's table."""
    import opencc

    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    pairs = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split()[0] if targets.split() else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            pairs[source] = target
    return pairs


def taxonomy_words(config: Config) -> list[str]:
    """Chinese words of the taxonomy (names, categories, keywords), for the search dictionary."""
    found = set()
    for item in [*config.products.values(), *config.symptoms.values()]:
        texts = [
            item.name,
            *item.categories,
            *getattr(item, "keywords", ()),
            *getattr(item, "aliases", ()),
        ]
        for text in texts:
            runs = re.findall(f"[{CJK}]{{2,}}", unicodedata.normalize("NFKC", text).lower())
            found.update(run for run in runs if len(run) <= MAX_WORD)
    return sorted(found)


def build_index(docs: list[SearchDoc], config: Config) -> dict:
    """The search index file's content for these pages (deterministic: sorted by location)."""
    from ..words import dictionary_words, load_tokenizer

    jieba = load_tokenizer(*dictionary_words(config))
    jieba.check_initialized()
    docs = sorted(docs, key=lambda d: d.location)
    t2s = traditional_map()
    analyzer = index_analyzer(config, jieba.total, t2s)
    pages = ([analyzer.normalize(t) for t in (d.title, *d.questions, d.body)] for d in docs)
    variants = [w for w in analyzer.synonyms if len(w) >= 2 and re.fullmatch(f"[{CJK}]+", w)]
    freq = site_dictionary(
        jieba.FREQ, taxonomy_words(config) + variants, site_words(pages, jieba, analyzer.stopwords)
    )
    found: set[str] = set()
    cache: dict[tuple[str, bool], list[str]] = {}

    def known(s: str):
        value = freq.get(s)
        if value:
            found.add(s)
        return value

    def tokens(text: str, bigrams: bool) -> list[str]:
        key = (text, bigrams)
        if key not in cache:
            cache[key] = analyzer.index_tokens(text, known, bigrams)
        return cache[key]

    index = _lunr_index(docs, tokens, analyzer.part_tokens)
    vocabulary = "".join(term for term, _ in index["invertedIndex"])
    # The query side segments with these: words found in the pages, multi-character
    # stop-words (so they are cut out whole), synonyms of words found and the characters of the
    # vocabulary.
    words = found | {w for w in analyzer.stopwords if len(w) >= 2}
    words |= {w for w in variants if w not in found and analyzer.fold(w) in found}
    chars = {c for c in vocabulary if PIECE.fullmatch(c) and c >= "\u0080"}
    common = (w for w, f in jieba.FREQ.items() if len(w) == 1 and (f or 0) >= COMMON)
    lexicon = {
        "total": jieba.total,
        "freq": {w: lexicon_weight(w, freq, analyzer.stopwords) for w in sorted(words | chars)},
        "stopwords": sorted(analyzer.stopwords),
        "synonyms": dict(sorted(analyzer.synonyms.items())),
        "t2s": "".join(t + s for t, s in sorted(t2s.items()) if s in vocabulary),
        "sounds": sound_table(common, {c for w in found if len(w) >= 2 for c in w}),
        "products": product_names(config),
        "vendors": vendor_names(config),
        "intents": [
            [name, [analyzer.normalize(w) for w in words]]
            for name, words in sorted(config.search_intents.items())
        ],
    }
    return {
        "format": FORMAT,
        "lexicon": lexicon,
        "docs": [[d.location, d.title, _summary(d.description), d.crumbs] for d in docs],
        "products": doc_keys([d.product for d in docs]),
        "vendors": doc_keys([d.vendor for d in docs]),
        "index": pack(index),
    }


def index_analyzer(config: Config, total: int, t2s: dict[str, str]) -> Analyzer:
    """The analyzer for the index side: synonyms.yml's and search.yml's words, normalised."""
    synonyms = {**config.synonyms, **config.search_synonyms}
    stopwords = config.stopwords | config.search_stopwords
    return Analyzer(
        {},
        total,
        [unicodedata.normalize("NFKC", w).lower() for w in stopwords],
        {unicodedata.normalize("NFKC", k).lower(): v for k, v in synonyms.items()},
        t2s,
    )


def lexicon_weight(word: str, freq: dict, stopwords: frozenset[str]) -> int:
    """A word's weight for the query side's segmenter: jieba's, but a stop-word of two characters
    or more weighs at least as much as a domain word, so that it is cut out whole (能不能 before
    不能, which would otherwise be kept as a word of the query)."""
    from ..words import USER_FREQ

    weight = int(freq.get(word) or 1)
    return max(weight, USER_FREQ) if len(word) >= 2 and word in stopwords else weight


def doc_keys(values: list[str]) -> dict:
    """One key of each page (its product, its vendor), as numbers into the sorted keys (short to
    ship)."""
    keys = sorted(set(values))
    number = {k: n for n, k in enumerate(keys)}
    return {"keys": keys, "of": [number[v] for v in values]}


def site_dictionary(base: dict, taxonomy: list[str], learned: list[str]) -> dict:
    """jieba's word frequencies with the taxonomy's words and the synonyms (as strong as the user
    dictionary's, so product and symptom names stay whole) and the words learned from the pages
    (weaker: a dictionary word wins where both fit). Every prefix of a word is known as one (0)."""
    from ..words import USER_FREQ

    freq = dict(base)
    for word, weight in [
        *((w, LEARNED_FREQ) for w in learned),
        *((w, USER_FREQ) for w in taxonomy),
    ]:
        freq[word] = max(freq.get(word) or 0, weight)
        for end in range(1, len(word)):
            freq.setdefault(word[:end], 0)
    return freq


def product_names(config: Config) -> list[list[str]]:
    """[name or alias, normalised, product key] for every product but the fallback; a name two
    products share names neither. The names pages use for a product (``sources.yml``, where the
    configuration has it) count as aliases."""
    named: dict[str, set[str]] = {}
    page_names = getattr(config, "page_names", {})
    for key, product in config.products.items():
        if key != config.fallback_product:
            for name in (product.name, *product.aliases, *page_names.get(key, ())):
                named.setdefault(unicodedata.normalize("NFKC", name).lower(), set()).add(key)
    return [[name, min(keys)] for name, keys in sorted(named.items()) if len(keys) == 1]


def pack(index: dict) -> dict:
    """lunr's serialisation, shorter, for the wire and for JSON.parse.

    Postings: per field, the sorted document numbers as differences from the previous one (lunr
    keeps an object per field and an empty metadata object per posting). Field vectors: field
    number, document number, then term numbers as differences and scores in thousandths (lunr
    rounds them to three decimals, so nothing is lost). ``df``: for each term, the number of
    pages that have it in any field. ``unpack`` here and in the worker restore lunr's form exactly.
    """
    fields = index["fields"]
    terms = [
        [
            term,
            posting["_index"],
            *[_deltas(sorted(int(ref) for ref in posting[f])) for f in fields],
        ]
        for term, posting in index["invertedIndex"]
    ]
    df = [len({ref for f in fields for ref in posting[f]}) for _, posting in index["invertedIndex"]]
    vectors = []
    for ref, elements in index["fieldVectors"]:
        field_name, _, doc = ref.partition("/")
        flat = [fields.index(field_name), int(doc)]
        previous = 0
        for k in range(0, len(elements), 2):
            flat += [elements[k] - previous, int(round(elements[k + 1] * 1000))]
            previous = elements[k]
        vectors.append(flat)
    return {
        "version": index["version"],
        "fields": fields,
        "terms": terms,
        "vectors": vectors,
        "df": df,
    }


def _deltas(numbers: list[int]) -> list[int]:
    return [n - (numbers[k - 1] if k else 0) for k, n in enumerate(numbers)]


def unpack(packed: dict) -> dict:
    fields = packed["fields"]
    inverted = []
    for term, number, *refs in packed["terms"]:
        posting: dict = {"_index": number}
        for name, deltas in zip(fields, refs):
            doc, docs = 0, {}
            for d in deltas:
                doc += d
                docs[str(doc)] = {}
            posting[name] = docs
        inverted.append([term, posting])
    vectors = []
    for flat in packed["vectors"]:
        elements, term = [], 0
        for k in range(2, len(flat), 2):
            term += flat[k]
            elements += [term, flat[k + 1] / 1000]
        vectors.append([f"{fields[flat[0]]}/{flat[1]}", elements])
    return {
        "version": packed["version"],
        "fields": fields,
        "fieldVectors": vectors,
        "invertedIndex": inverted,
        "pipeline": [],
    }


def _lunr_index(docs: list[SearchDoc], tokens, parts) -> dict:
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.metadata_whitelist = []
    builder.ref("id")
    for name, boost, _ in FIELDS:
        builder.field(name, boost=boost)
    builder.field(PARTS[0], boost=PARTS[1])
    for n, doc in enumerate(docs):
        record = {"id": str(n)}
        everything = []
        for name, _, bigrams in FIELDS:
            value = getattr(doc, name)
            texts = value if isinstance(value, list) else [value]
            record[name] = [t for text in texts for t in tokens(text, bigrams)]
            everything += texts
        record[PARTS[0]] = [t for text in everything for t in parts(text)]
        builder.add(record)
    return builder.build().serialize()


def _summary(text: str) -> str:
    text = " ".join(_NOISE.sub(" ", text).split())
    return text if len(text) <= TEXT_LIMIT else text[:TEXT_LIMIT].rstrip() + "…"


def write_index(payload: dict, site_dir: str | Path) -> Path:
    """Write the index and the stub Material's page script fetches."""
    folder = Path(site_dir) / "search"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / INDEX
    path.write_text(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    stub = {"config": {"lang": ["zh"], "separator": r"[\s]+", "pipeline": []}, "docs": []}
    (folder / STUB).write_text(json.dumps(stub), encoding="utf-8")
    return path


def load_index(site_dir: str | Path) -> dict:
    """The index a built site ships (raises OSError when the site has none)."""
    return json.loads((Path(site_dir) / "search" / INDEX).read_text(encoding="utf-8"))


def docs_from_folder(docs_dir: str | Path, config: Config) -> list[SearchDoc]:
    """Search documents straight from the topic pages (for ``helpgen search`` without a built site).

    Locations are what MkDocs gives with ``use_directory_urls``; retired pages and drafts are
    left out (customers never see them).
    """
    import frontmatter

    docs = []
    root = Path(docs_dir)
    for path in sorted(root.rglob("*.md")):
        post = frontmatter.load(str(path))
        if str(post.metadata.get("status", "")) in ("retired", "draft") or (
            post.metadata.get("search") or {}
        ).get("exclude"):
            continue
        rel = path.relative_to(root).as_posix()
        location = rel[: -len("index.md")] if rel.endswith("index.md") else rel[:-3] + "/"
        doc = search_doc(location, post.metadata, post.content, config)
        if doc is not None:
            docs.append(doc)
    return docs
