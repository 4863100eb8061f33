"""Without -always the bot asks before each edit, with pywikibot's usual choice.

The bot runs in a pseudo-terminal, as a maintainer would run it by hand.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
from harness import ROOT, Editor

pytestmark = pytest.mark.live

SOURCE_TEXT = "== Advocacy ==\n* First\n* Second\n* Third\n"
QUESTION = r"\(\[y\]es, \[N\]o, \[a\]ll,\s+\[q\]uit\): "  # pywikibot may wrap it
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def start(source: str, summary: Path) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "recsync", "sync", "--source", source, "--summary-json", str(summary)],
        cwd=str(ROOT), env={**os.environ, "TERM": "dumb"}, encoding="utf-8", timeout=60,
        dimensions=(50, 250),
    )  # fmt: skip
    return child


def test_yes_no_all(editor: Editor, tmp_path: Path) -> None:
    source = "User:Editor/Interactive yes no all"
    editor.save(source, SOURCE_TEXT)
    child = start(source, tmp_path / "run.json")

    child.expect(f"Save \\[\\[{source}/Advocacy/1\\]\\]\\? {QUESTION}")
    shown = ANSI.sub("", child.before)
    assert "create    [[" + source + "/Advocacy/1]]" in shown
    assert "| text = First" in shown
    child.sendline("y")
    child.expect(f"Save \\[\\[{source}/Advocacy/2\\]\\]\\? {QUESTION}")
    child.sendline("n")
    child.expect(f"Save \\[\\[{source}/Advocacy/3\\]\\]\\? {QUESTION}")
    child.sendline("a")
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 4  # one page was declined: it needs attention, nothing failed
    counts = json.loads((tmp_path / "run.json").read_text())
    assert (counts["created"], counts["declined"]) == (3, 1)
    assert editor.titles_under(source) == [
        f"{source}/Advocacy/1",
        f"{source}/Advocacy/3",
        f"{source}/Index",
    ]


def test_quit_stops_before_the_next_edit(editor: Editor, tmp_path: Path) -> None:
    source = "User:Editor/Interactive quit"
    editor.save(source, SOURCE_TEXT)
    child = start(source, tmp_path / "run.json")

    child.expect(QUESTION)
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 4  # declined by the operator: needs attention
    assert editor.titles_under(source) == []
    assert (
        ANSI.sub("", child.before).strip().splitlines()[-2].endswith("4 pages declined, not saved")
    )  # the three subpages and the index: none was saved
    counts = json.loads((tmp_path / "run.json").read_text())
    assert (counts["created"], counts["declined"]) == (0, 4)
