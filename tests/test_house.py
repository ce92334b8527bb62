"""The house rules of the generator's code (README: Layout): small files, small functions,
no hidden state, ruff-clean."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

SOURCES = sorted((ROOT / "generator").rglob("*.py"))
MUTABLE_CALLS = {
    "dict",
    "list",
    "set",
    "defaultdict",
    "Counter",
    "OrderedDict",
    "deque",
    "bytearray",
}


def _trees():
    return [
        (path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in SOURCES
    ]


def test_no_file_over_400_lines():
    long = {
        p.name: n for p in SOURCES if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long


def test_no_function_over_60_lines():
    long = [
        f"{path}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path, tree in _trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > 60
    ]
    assert not long


def test_no_global_statements_and_no_module_level_mutable_objects():
    """Run state is passed explicitly: no module keeps a cache or a registry of its own
    (functools.lru_cache on a pure function is the one way to remember)."""
    found = []
    for path, tree in _trees():
        found += [f"{path}:{n.lineno} global" for n in ast.walk(tree) if isinstance(n, ast.Global)]
        for node in tree.body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if value is None:
                continue
            literal = isinstance(
                value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp
            )
            call = isinstance(value, ast.Call) and (
                getattr(value.func, "id", None) in MUTABLE_CALLS
                or getattr(value.func, "attr", None) in MUTABLE_CALLS
            )
            if literal or call:
                found.append(f"{path}:{node.lineno} {ast.unparse(value)[:40]}")
    assert not found


@pytest.mark.skipif(
    shutil.which("ruff", path=str(ROOT / ".venv" / "bin")) is None and not shutil.which("ruff"),
    reason="ruff is not installed",
)
@pytest.mark.parametrize(
    "command", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"]
)
def test_ruff(command):
    out = subprocess.run(
        [sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr
