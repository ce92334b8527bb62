"""The redaction rules of ``site_config/redaction.yml``, loaded and checked (see config.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .linear import unbounded
from .yamlfile import YamlFile


@dataclass(frozen=True)
class RedactionRule:
    category: str
    pattern: re.Pattern
    replace: str
    group: int = 0
    requires: tuple[str, ...] = ()  # one of these must be in a text for the rule to be tried
    check: str = ""  # a check in code (personal.CHECKS) the value must pass ...
    cues: tuple[str, ...] = ()  # ... unless one of these words introduces it (no check: needed)
    window: int = 16  # characters between a cue and the value
    require_cue: bool = False  # the check and a cue, both

    @cached_property
    def trigger(self) -> re.Pattern | None:
        """Finds any of ``requires`` in one pass (None: the rule is always tried)."""
        if not self.requires:
            return None
        return re.compile(
            "|".join(re.escape(r) for r in sorted(self.requires, key=len, reverse=True))
        )


def load_redaction(c: YamlFile) -> dict:
    """redaction.yml: the marker, the dataset's placeholders, the rules (each checked: a valid
    pattern, no \\b, bounded repetition, a known check), top-level domains, file extensions
    and table headers."""
    data, where = c.data, "redaction.yml"
    keys = {
        "marker",
        "dataset_placeholders",
        "rules",
        "host_tlds",
        "file_extensions",
        "surnames",
        "table_headers",
    }
    c.known_keys(data, keys, where)
    surnames = c.get(data, "surnames", str, where, "王李张", required=False)
    rules = [
        _load_rule(c, i, spec, surnames)
        for i, spec in enumerate(c.get(data, "rules", list, where, []) or [])
    ]
    headers = c.get(data, "table_headers", dict, where, {}, required=False) or {}
    placeholder = c.get(data, "dataset_placeholders", str, where, r"\[REDACTED_[A-Z_]+\]")
    try:
        placeholders = re.compile(placeholder)
    except re.error as exc:
        c.error(c.line_of(data, "dataset_placeholders"), f"bad pattern: {exc}")
        placeholders = re.compile(r"(?!x)x")
    return {
        "marker": c.get(data, "marker", str, where, "‹已隐藏›"),
        "dataset_placeholders": placeholders,
        "redaction_rules": tuple(r for r in rules if r is not None),
        "host_tlds": c.strings(data, "host_tlds", where),
        "file_extensions": c.strings(data, "file_extensions", where, required=False),
        "table_headers": {str(k): str(v) for k, v in headers.items()},
    }


def _load_rule(c: YamlFile, i: int, spec, surnames: str) -> RedactionRule | None:
    from .personal import CHECKS

    rwhere = f"redaction rule {i + 1}"
    if not isinstance(spec, dict):
        c.error(c.line_of(c.data, "rules"), f"{rwhere} must be a mapping")
        return None
    keys = {"category", "pattern", "replace", "group", "requires", "check", "cues", "window"}
    c.known_keys(spec, keys | {"require_cue"}, rwhere)
    pattern = c.get(spec, "pattern", str, rwhere, "").replace("SURNAMES", f"[{surnames}]")
    try:
        compiled = re.compile(pattern, re.MULTILINE)
    except re.error as exc:
        c.error(c.line_of(spec, "pattern"), f"{rwhere}: bad pattern: {exc}")
        return None
    if re.search(r"(?<!\\)\\b", pattern):
        # Python counts Chinese characters as word characters: 回调z0.01… has no \b before z.
        c.error(
            c.line_of(spec, "pattern"),
            f"{rwhere}: \\b does not separate Latin letters from Chinese; "
            "write the boundary as a lookaround, e.g. (?<![A-Za-z0-9])…(?![A-Za-z0-9])",
        )
    if unbounded(pattern):
        # Unbounded repetition lets a pattern try every start of a long line: quadratic time.
        c.error(
            c.line_of(spec, "pattern"),
            f"{rwhere}: repetition without an upper bound ({unbounded(pattern)}); "
            "write {m,n} so that every line is read in linear time",
        )
    group = c.get(spec, "group", int, rwhere, 0, required=False)
    if group > compiled.groups:
        c.error(
            c.line_of(spec, "group"),
            f"{rwhere}: group {group} but the pattern has {compiled.groups}",
        )
        group = 0
    check = c.get(spec, "check", str, rwhere, "", required=False)
    if check and check not in CHECKS:
        known = ", ".join(sorted(CHECKS))
        c.error(c.line_of(spec, "check"), f"{rwhere}: unknown check '{check}'; known: {known}")
        check = ""
    return RedactionRule(
        c.get(spec, "category", str, rwhere, "secret"),
        compiled,
        c.get(spec, "replace", str, rwhere, "‹已隐藏›"),
        group,
        c.strings(spec, "requires", rwhere, required=False),
        check,
        c.strings(spec, "cues", rwhere, required=False),
        c.get(spec, "window", int, rwhere, 16, required=False),
        c.get(spec, "require_cue", bool, rwhere, False, required=False),
    )
