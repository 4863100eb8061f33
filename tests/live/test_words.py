"""Words match what happened, on a real MediaWiki: -simulate saves nothing and says
"would"; --recreate names only a page an admin deleted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runs import sync
from harness import ROOT, Editor

pytestmark = pytest.mark.live

SOURCE_TEXT = "== Advocacy ==\n* Create an advocacy hub\n* Protect advocates\n"


@pytest.fixture
def source(request: pytest.FixtureRequest, editor: Editor) -> str:
    title = f"User:Editor/{request.node.name.replace('_', ' ')}"
    editor.save(title, SOURCE_TEXT, "source page for a test")
    return title


def recsync(*words: str) -> subprocess.CompletedProcess[str]:
    """A process of its own: -simulate is pywikibot's setting for the whole process."""
    return subprocess.run(
        [sys.executable, "-m", "recsync", *words], capture_output=True, text=True, timeout=120,
        cwd=ROOT, env=dict(os.environ), stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_simulate_says_what_it_would_save_and_saves_nothing(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    summary = tmp_path / "run.json"
    last = editor.last_rcid()

    result = recsync("sync", "--source", source, "-always", "-simulate", "--summary-json",
                     str(summary))  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert f"would create [[{source}/Advocacy/1]]" in result.stdout
    assert "created" not in result.stdout.replace("recsync: created", "")  # only summaries
    assert "default (simulate): would create 3, " in result.stdout
    data = json.loads(summary.read_text())
    assert (data["dry_run"], data["mode"], data["created"]) == (True, "simulate", 3)
    assert editor.recent_changes(since_id=last) == []


def test_recreate_of_a_page_no_admin_deleted_is_an_error_and_writes_nothing(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    sync(source, tmp_path)
    editor.save(source, SOURCE_TEXT.replace("hub", "hub and a forum"))
    last = editor.last_rcid()

    for title in (f"{source}/Advocacy/1", f"{source}/Advocacy/9", "User:Editor/Elsewhere"):
        run = sync(source, tmp_path, "--recreate", title)

        assert run.exit_code == 2, run.errors
        assert f"--recreate [[{title}]]: not a page of this job that an admin deleted" in run.errors
    assert editor.recent_changes(since_id=last) == []
