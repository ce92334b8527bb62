"""The few exception classes a user can see. Each carries ``path:line: message`` lines."""

from __future__ import annotations

from .model import Problem


class HelpgenError(Exception):
    """Base class: the CLI turns these into a clean exit with their messages."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("", 0, problems, "error")]
        self.problems = problems
        super().__init__("\n".join(p.message if not p.file else str(p) for p in problems))

    def __reduce__(self):
        return type(self), (self.problems,)  # (raised in a worker process, it arrives whole)


class ConfigError(HelpgenError):
    """Configuration in ``site_config/`` or command-line usage is wrong (exit 2)."""

    exit_code = 2


class InputError(HelpgenError):
    """A raw input file cannot be read at all (exit 1)."""

    exit_code = 1
