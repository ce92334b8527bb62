"""How customers frame what they ask, and what a title keeps of it: greetings, politeness,
urgency, thanks and final particles go (``cleaning.yml`` ``title_framing``, ``title_prefixes``,
``title_inner_prefixes``, ``title_particles``), and the misspellings ``synonyms.yml`` knows
are fixed (SLL → SSL)."""

from __future__ import annotations

import functools
import re

from .config import Config

# Titles longer than this are left as they are: no customer's question is that long, and the
# framing patterns then never read more than this much.
TITLE_CHARS = 200


def clean_title(title: str, config: Config) -> str:
    """A title without the customer's framing (greetings, politeness, urgency, thanks:
    cleaning.yml) and with the misspellings synonyms.yml knows fixed. What is left must still
    say something (four letters or more), else the title stays as it was.

    >>> from generator.config import load_config
    >>> clean_title("您好，请问SLL证书怎么续期？谢谢", load_config("site_config"))
    'SSL证书怎么续期？'
    """
    title = unframed(title, config)
    if not config.typos:
        return title
    pattern, fixes = known_typos(config)
    return pattern.sub(lambda m: fixes[m.group(0).lower()], title)


def unframed(text: str, config: Config) -> str:
    """``text`` without the customer's framing at its start and end (cleaning.yml
    ``title_framing``, ``title_prefixes``, ``title_inner_prefixes``, ``title_particles``);
    unchanged when less than four letters would be left, or when it is longer than TITLE_CHARS.

    >>> from generator.config import load_config
    >>> config = load_config("site_config")
    >>> unframed("账户无法充值哦", config), unframed("能开专票吗，请问是哪家的规定呢？", config)
    ('账户无法充值', '能开专票吗，是哪家的规定？')
    >>> unframed("CDN回源失败，你好像没说原因", config), unframed("域名解析记录是干嘛", config)
    ('CDN回源失败，你好像没说原因', '域名解析记录是干嘛')
    """
    if len(text) > TITLE_CHARS:
        return text.strip()
    # (a question mark before framing at the end stays: "怎么续期？谢谢" -> "怎么续期？")
    stripped = config.title_framing.sub(
        lambda m: m.group(0)[0] if m.group(0)[0] in "？?" else "", text.strip()
    )
    stripped = config.title_prefixes.sub("", stripped).strip()
    stripped = config.title_inner_prefixes.sub("", stripped)
    stripped = config.title_particles.sub("", stripped)
    return stripped if len(re.sub(r"\W", "", stripped)) >= 4 else text.strip()


@functools.lru_cache(maxsize=8)
def known_typos(config: Config) -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for every misspelling (Latin ones as whole words, any case)."""
    words = sorted(config.typos, key=lambda w: (-len(w), w))
    one = [
        rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])" if w.isascii() else re.escape(w) for w in words
    ]
    return re.compile("|".join(one), re.I), {w.lower(): config.typos[w] for w in words}
