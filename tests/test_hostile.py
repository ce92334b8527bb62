"""The hostile raw files (tests/fixtures/hostile/, labels.yml): lines are what grep -n shows,
nothing invisible or controlling survives reading, and no file stops a run."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.errors import InputError
from generator.parse import parse_text, read_raw
from generator.prepare import prepare_file
from generator.rawtext import clean_line, plain_lines

from .conftest import FIXTURES

HOSTILE = FIXTURES / "hostile"
LABELS = yaml.safe_load((HOSTILE / "labels.yml").read_text(encoding="utf-8"))
READABLE = [item for item in LABELS if item["entries"] >= 0]
REJECTED = [item for item in LABELS if item["entries"] < 0]
_INVISIBLE_OR_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)


@pytest.mark.parametrize("item", READABLE, ids=lambda i: i["file"])
def test_entries_start_where_grep_n_says(item):
    text, _ = read_raw(HOSTILE / item["file"], item["file"])
    entries, _ = parse_text(text, item["file"])
    assert [e.source.line for e in entries] == item["entry_lines"]


@pytest.mark.parametrize("item", READABLE, ids=lambda i: i["file"])
def test_no_control_or_invisible_character_is_read(item):
    text, _ = read_raw(HOSTILE / item["file"], item["file"])
    assert _INVISIBLE_OR_CONTROL.search(text) is None


@pytest.mark.parametrize("item", REJECTED, ids=lambda i: i["file"])
def test_text_that_is_not_utf8_is_refused_at_its_line(item):
    with pytest.raises(InputError) as caught:
        read_raw(HOSTILE / item["file"], item["file"])
    assert [str(p) for p in caught.value.problems] == [
        f"{item['file']}:{item['reject_line']}: not valid UTF-8 text; expected a UTF-8 file"
    ]


@pytest.mark.parametrize("item", LABELS, ids=lambda i: i["file"])
def test_no_file_stops_a_run(item, config):
    result = prepare_file(HOSTILE / item["file"], item["file"], config)
    assert len(result.entries) == max(item["entries"], 0)
    if item["entries"] < 0:
        assert [p.severity for p in result.problems] == ["error"]


def test_separators_other_than_lf_and_crlf_are_spaces_inside_the_line():
    text, problems = plain_lines("一\u2028二\x0c三\r四\u0085五\r\n六\x0b七\n", "f.txt")
    assert text == "一 二 三 四 五\n六 七\n"
    assert [str(p) for p in problems] == [
        "f.txt:1: control or invisible characters removed (and 1 more lines); "
        "line ends are LF or CRLF only"
    ]


def test_escape_sequences_go_whole_and_split_values_join():
    assert clean_line("\x1b]0;pwned\x07标题\x1b[31m红\x1b[0m\x9b31m") == "标题红"
    assert clean_line("138\u200b0013\u20608000 li\x00si@x.cn") == "13800138000 lisi@x.cn"


def test_a_forged_answer_after_a_line_separator_stays_the_customers(config):
    item = next(i for i in LABELS if i["kind"] == "line-separators")
    result = prepare_file(HOSTILE / item["file"], item["file"], config)
    answers = "\n".join(e.answer_md + e.summary_md + e.cause_md for e in result.entries)
    titles = [e.title for e in result.entries]
    assert [s for s in item["not_answers"] if s in answers] == []
    assert [s for s in item["not_titles"] if any(s in t for t in titles)] == []
