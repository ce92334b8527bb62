"""The documents people start from say what the code does."""

from __future__ import annotations

import json
import re

from generator.cli import parser

from .conftest import ROOT


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1).strip().split("\n")
    commands = [line.split("#")[0].strip() for line in block]
    assert commands == ["make site", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_every_command_has_help_text():
    sub = next(a for a in parser()._actions if a.dest == "command")
    assert set(sub.choices) == {"generate", "build", "check", "search", "serve"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in sub.choices:
        assert f"| `helpgen {name}" in readme, f"README's command table lacks {name}"
    for name, command in sub.choices.items():
        assert command.description, name
        for action in command._actions:
            assert action.help, f"{name} {action.dest}"


def test_contributing_documents_every_front_matter_field_of_the_schema():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    schema = json.loads(
        (ROOT / "site_config" / "topic-page.schema.json").read_text(encoding="utf-8")
    )
    for field in schema["properties"]:
        assert f"| `{field}` |" in text, field
    assert set(schema["required"]) == {"id", "title", "product", "symptom"}
    assert "topic-page.schema.json" in text
