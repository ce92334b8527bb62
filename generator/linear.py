"""Regular expressions that run in linear time on any line.

Python's engine backtracks: a pattern with unbounded repetition (``+``, ``*``, ``{m,}``) may try
every start of a long line and read the rest of it from each, so one hostile line of a
megabyte takes minutes. The configuration's patterns are therefore written with bounded
repetition only (``{m,n}``), which ``unbounded`` checks when the configuration is loaded.
"""

from __future__ import annotations

import re
import re._parser as sre_parse


def unbounded(pattern: str) -> str:
    """The first repetition of ``pattern`` without an upper bound (``+``, ``*``, ``{m,}``), as
    written; "" when there is none."""

    def walk(items) -> bool:
        for op, arg in items:
            if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
                if arg[1] == sre_parse.MAXREPEAT:
                    return True
                if walk(arg[2]):
                    return True
            elif op in (sre_parse.SUBPATTERN,):
                if walk(arg[-1]):
                    return True
            elif op == sre_parse.BRANCH:
                if any(walk(b) for b in arg[1]):
                    return True
            elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT) and walk(arg[1]):
                return True
        return False

    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return ""
    if not walk(parsed):
        return ""
    found = re.search(r"(?<!\\)(?:[+*]|\{\d+,\})", pattern)
    return found.group(0) if found else "+"
