"""Raw text as an editor shows it: lines end at LF or CRLF only, and nothing invisible remains.

Every raw file passes through ``plain_lines`` right after decoding, before parsing, so no
later stage (redaction included) ever sees a control character, an escape sequence or a
character that splits a value without showing (138\\u200b0013\\u200b8000):

* U+2028, U+2029, U+0085 (NEL), form feed, vertical tab and a lone CR are not line ends
  (``grep -n`` and editors agree): they become a space inside their line, so they can
  neither start a record nor shift line numbers;
* terminal escape sequences (CSI, OSC, DCS, C1 CSI) are removed whole, then every other
  C0/C1 control character and DEL;
* zero-width and other invisible format characters (U+200B, U+2060, U+FEFF …) are removed.

Every pattern here is linear: a character class, or a sequence with bounded repetition.
"""

from __future__ import annotations

import re

from .model import Problem

# Escape sequences: CSI (ESC [ or the C1 CSI), OSC and DCS/APC/PM (ended by BEL or ESC \),
# and two-character escapes. Lengths are bounded, so a stray ESC costs nothing.
_ESCAPE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]{0,32}[ -/]{0,8}[@-~]?"
    r"|\x1b[\]P_^X][^\x07\x1b\n]{0,2048}(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]{0,4}[0-~]?"
)
_SPACE_LIKE = re.compile(r"[\u2028\u2029\u0085\x0b\x0c\r]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\x1b]")
# Invisible format characters: zero-width spaces and joiners, word joiner, invisible
# operators, bidirectional controls, BOM, soft hyphen, Mongolian vowel separator.
INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def plain_lines(text: str, shown: str) -> tuple[str, list[Problem]]:
    """``text`` with LF line ends and no control or invisible characters, and one warning per
    file naming the first line that had some (the values are never repeated)."""
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    bad = [n for n, line in enumerate(lines, 1) if _needs_cleaning(line)]
    if not bad:
        return text, []
    for n in bad:
        lines[n - 1] = clean_line(lines[n - 1])
    more = f" (and {len(bad) - 1} more lines)" if len(bad) > 1 else ""
    why = f"control or invisible characters removed{more}; line ends are LF or CRLF only"
    return "\n".join(lines), [Problem(shown, bad[0], why)]


_NEEDS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)


def _needs_cleaning(line: str) -> bool:
    return _NEEDS.search(line) is not None


def clean_line(line: str) -> str:
    """One line without escape sequences, control or invisible characters; characters that
    other programs take for line ends become spaces."""
    line = _ESCAPE.sub("", line)
    line = _SPACE_LIKE.sub(" ", line)
    line = _CONTROL.sub("", line)
    return INVISIBLE.sub("", line)
