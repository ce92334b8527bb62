"""The word lists of ``site_config/``: ``synonyms.yml`` (grouping and search) and
``search.yml`` (the search box only), validated with file and line."""

from __future__ import annotations

import re

from .yamlfile import YamlFile


def load_words(c: YamlFile, typos: bool = True, extra: tuple[str, ...] = ()) -> dict:
    """Synonym groups and stop-words (and, in synonyms.yml, the typos titles are fixed of and
    the words that report a change still pending)."""
    data, where = c.data, c.path.name
    own = ["typos", "pending"] if typos else []
    c.known_keys(data, {"groups", "stopwords", *own, *extra}, where)
    synonyms: dict[str, str] = {}
    for group in c.get(data, "groups", list, where, []) or []:
        if not isinstance(group, list) or not group or not all(isinstance(w, str) for w in group):
            c.error(c.line_of(data, "groups"), "each synonym group must be a list of words")
            continue
        for word in group:
            key = word.lower()
            if key in synonyms and synonyms[key] != group[0].lower():
                c.error(
                    c.line_of(data, "groups"),
                    f"'{word}' is in two synonym groups ('{synonyms[key]}' and '{group[0]}')",
                )
            synonyms[key] = group[0].lower()
    out = {
        "synonyms": synonyms,
        "stopwords": frozenset(c.strings(data, "stopwords", where, required=False)),
    }
    if typos:
        out["typos"] = _typos(c)
        out["pending"] = tuple(c.strings(data, "pending", where, required=False))
    return out


def _typos(c: YamlFile) -> dict[str, str]:
    fixes = c.get(c.data, "typos", dict, c.path.name, {}) or {}
    for wrong, right in fixes.items():
        if not isinstance(wrong, str) or not isinstance(right, str) or not wrong or not right:
            c.error(c.line_of(c.data, "typos"), "each typo maps a misspelling to a spelling")
            return {}
    return dict(fixes)


def title_framing(c: YamlFile) -> dict:
    """cleaning.yml's title_framing, title_prefixes, title_inner_prefixes and title_particles
    as the patterns that strip them: whole clauses at the start or the end of a title,
    prefixes glued to what follows (at the start; the inner ones after a comma too), and modal
    particles at the end."""
    gap = r"[，,、！!？?。.~～…\s]"
    shapes = {
        "title_framing": lambda w: rf"^(?:(?:{w}){gap}+)+|(?:{gap}+(?:{w}))+{gap}*$",
        "title_prefixes": lambda w: rf"^(?:{w}){gap}*",
        "title_inner_prefixes": lambda w: rf"(?<=[，,；;])(?:{w}){gap}*",
        "title_particles": lambda w: rf"(?:{w})+(?={gap}*$)",
    }
    out = {}
    for key, shape in shapes.items():
        words = "|".join(f"(?:{p})" for p in c.strings(c.data, key, "cleaning.yml", False))
        if not words:
            continue
        try:
            out[key] = re.compile(shape(words), re.I)
        except re.error as exc:
            c.error(c.line_of(c.data, key), f"bad pattern in {key}: {exc}")
    return out


def load_search_words(c: YamlFile, synonyms: dict[str, str]) -> dict:
    """search.yml: synonym groups and stop-words for the search box alone (synonyms.yml's serve
    grouping too). A group's first word may be one of synonyms.yml's; its other words may not."""
    words = load_words(c, typos=False, extra=("intents",))
    groups = c.data.get("groups") if isinstance(c.data.get("groups"), list) else []
    lines = getattr(groups, "lines", [])
    folded: dict[str, str] = {}
    for word, head in words["synonyms"].items():
        target = synonyms.get(head, head)
        if word != head and synonyms.get(word, target) != target:
            at = next((n for n, g in enumerate(groups) if word in map(str.lower, g)), None)
            line = lines[at] if at is not None and at < len(lines) else c.line_of(c.data, "groups")
            c.error(line, f"'{word}' is already in synonyms.yml's group of '{synonyms[word]}'")
        folded[word] = target
    return {
        "search_synonyms": folded,
        "search_stopwords": words["stopwords"],
        "search_intents": _intents(c),
    }


def _intents(c: YamlFile) -> dict[str, tuple[str, ...]]:
    """search.yml's intents: what a question asks (how, a limit, …) -> the words that ask it."""
    intents = c.get(c.data, "intents", dict, c.path.name, {}, required=False) or {}
    out = {}
    for name, words in intents.items():
        if (
            not isinstance(words, list)
            or not words
            or not all(isinstance(w, str) and w for w in words)
        ):
            c.error(c.line_of(intents, name), f"intent '{name}' must list its words")
            continue
        out[str(name)] = tuple(words)
    return out
