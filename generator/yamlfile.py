"""A YAML file read with the line of every key, collecting problems as ``path:line`` values.

Configuration and front matter are validated in one pass: each problem found is added to
a list, with its line, before anything gives up.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

import yaml

from .model import Problem


class LineDict(dict):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    lines: dict
    line: int


class LineList(list):
    """A sequence that remembers its own line and the line of each item (1-based)."""

    lines: list
    line: int


class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML's safe loader (libyaml's when there is one) that keeps lines: LineDict, LineList."""

    def construct_mapping(self, node, deep=False):
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.lines = {
            k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")
        }
        return mapping

    def construct_sequence(self, node, deep=False):
        sequence = LineList(super().construct_sequence(node, deep=True))
        sequence.line = node.start_mark.line + 1
        sequence.lines = [item.start_mark.line + 1 for item in node.value]
        return sequence


LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, LineLoader.construct_mapping
)
LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, LineLoader.construct_sequence
)


def plain(value):
    """A loaded value with LineDict and LineList turned back into dict and list."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def line_of(value, path) -> int | None:
    """The line of the item at ``path`` (keys and indexes) inside a loaded value, or None."""
    line = getattr(value, "line", None)
    for step in path:
        if isinstance(value, LineDict) and step in value:
            line, value = value.lines.get(step, line), value[step]
        elif isinstance(value, LineList) and isinstance(step, int) and step < len(value):
            line, value = value.lines[step], value[step]
        else:
            break
    return line


KIND_NAMES = MappingProxyType(
    {
        str: "text",
        int: "an integer",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "a mapping",
        type(None): "nothing",
    }
)


class YamlFile:
    """Reads one YAML file and collects problems with their lines."""

    def __init__(self, path: Path, shown: str, problems: list[Problem]):
        self.path, self.shown, self.problems = path, shown, problems
        self.data: LineDict = LineDict()
        self.data.lines, self.data.line = {}, 1
        try:
            loaded = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=LineLoader)
        except FileNotFoundError:
            self.error(0, "file not found")
            return
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.error(
                mark.line + 1 if mark else 0, f"not valid YAML: {getattr(exc, 'problem', exc)}"
            )
            return
        if loaded is None:
            loaded = LineDict()
            loaded.lines, loaded.line = {}, 1
        if not isinstance(loaded, dict):
            self.error(1, f"expected a mapping at the top level, found {type(loaded).__name__}")
            return
        self.data = loaded

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message, "error"))

    def line_of(self, mapping, key) -> int:
        return getattr(mapping, "lines", {}).get(key, getattr(mapping, "line", 0))

    def known_keys(self, mapping, allowed: set[str], where: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.error(
                    self.line_of(mapping, key),
                    f"unknown key '{key}' in {where}; expected one of: "
                    + ", ".join(sorted(allowed)),
                )

    def get(self, mapping, key, kind, where: str, default=None, required=True):
        if key not in mapping:
            if required:
                self.error(getattr(mapping, "line", 0), f"missing key '{key}' in {where}")
            return default
        value = mapping[key]
        if kind is list and value is None:
            value = []
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            self.error(
                self.line_of(mapping, key),
                f"'{key}' in {where} must be {KIND_NAMES[kind]}, "
                f"found {KIND_NAMES.get(type(value), type(value).__name__)}",
            )
            return default
        return value

    def strings(self, mapping, key, where: str, required=True) -> tuple[str, ...]:
        values = self.get(mapping, key, list, where, [], required)
        out = []
        for value in values:
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                out.append(str(value))
            else:
                self.error(self.line_of(mapping, key), f"'{key}' in {where} must list strings")
        return tuple(out)

    def regex(self, mapping, key, where: str, required=True, repeat=False) -> re.Pattern:
        """Join a list of patterns into one anchored alternative (repeated: a run of them)."""
        patterns = self.strings(mapping, key, where, required)
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                self.error(self.line_of(mapping, key), f"bad pattern {pattern!r} in '{key}': {exc}")
                return re.compile(r"(?!x)x")
        if not patterns:
            return re.compile(r"(?!x)x")  # matches nothing
        return re.compile(
            "^(?:" + "|".join(f"(?:{p})" for p in patterns) + (")+$" if repeat else ")$")
        )
