"""The command line behaves as the field expects: version, quiet and verbose, few warnings on
screen, usage errors exit 2, a busy port is one line."""

from __future__ import annotations

import socket

import pytest

from generator.cli import MAX_SHOWN, main

from .conftest import ROOT
from .test_cluster import ticket


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith("helpgen ")


def test_many_warnings_show_twenty_and_point_to_the_report(tmp_path, capsys):
    raw = tmp_path / "many.txt"
    raw.write_text(
        "".join(
            f"## 没有答复的问题{n}\n\n**问题分类**: CDN｜配置问题\n\n"
            f"### 问题描述\n\n第{n}个\n\n---\n\n"
            for n in range(30)
        ),
        encoding="utf-8",
    )
    args = [
        "generate",
        str(raw),
        "--docs-dir",
        str(tmp_path / "d"),
        "--report",
        str(tmp_path / "r.json"),
        "--config-dir",
        str(ROOT / "site_config"),
    ]
    assert main(args) == 0
    err = capsys.readouterr().err.splitlines()
    assert (
        len(err) == MAX_SHOWN + 1 and "30 in all" in err[-1] and str(tmp_path / "r.json") in err[-1]
    )
    assert main([*args, "-q"]) == 0
    assert capsys.readouterr().out == ""


def test_verbose_says_how_long_each_stage_took(tmp_path, capsys):
    raw = tmp_path / "a.txt"
    raw.write_text(
        ticket("证书怎么续期", "证书怎么续期", "在控制台重新申请免费证书即可。"), encoding="utf-8"
    )
    assert (
        main(
            [
                "generate",
                str(raw),
                "--docs-dir",
                str(tmp_path / "d"),
                "--report",
                str(tmp_path / "r.json"),
                "--config-dir",
                str(ROOT / "site_config"),
                "-v",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    for stage in ("read", "prepare", "group", "merge", "write"):
        assert f"helpgen: {stage}: " in err


def test_serving_on_a_busy_port_is_one_line_and_exit_2(tmp_path, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert (
            main(["serve", "--port", str(port), "--mkdocs-config", str(ROOT / "mkdocs.yml")]) == 2
        )
    [line] = capsys.readouterr().err.splitlines()
    assert f"port {port} is in use" in line


def test_search_without_a_result_exits_1(capsys):
    args = [
        "search",
        "zzzzzzqqqqxx",
        "--site-dir",
        "/nonexistent",
        "--docs-dir",
        str(ROOT / "docs_src"),
        "--config-dir",
        str(ROOT / "site_config"),
    ]
    assert main(args) == 1
    assert "没有找到符合条件的结果" in capsys.readouterr().out
