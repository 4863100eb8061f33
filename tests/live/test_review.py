"""Reviewing a run before it happens: dry runs, reports and an on-wiki preview."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runs import sync
from harness import ROOT, Editor, LiveWiki

pytestmark = pytest.mark.live

SOURCE_TEXT = """== Advocacy ==
* Create an advocacy hub
* Protect advocates
* Enable advocates to collaborate
* Articulate advocacy priorities
* Empower advocates
"""


@pytest.fixture
def source(request: pytest.FixtureRequest, editor: Editor) -> str:
    name = request.node.name.replace("_", " ").replace("[", " (").replace("]", ")")
    title = f"User:Editor/{name}"
    editor.save(title, SOURCE_TEXT, "source page for a test")
    return title


def anonymous_config(tmp_path: Path) -> Path:
    """A pywikibot config dir for the test wiki with no account at all."""
    config_dir = tmp_path / "anonymous"
    config_dir.mkdir()
    lines = (Path(os.environ["PYWIKIBOT_DIR"]) / "user-config.py").read_text().splitlines()
    kept = [line for line in lines if not line.startswith(("usernames", "password_file"))]
    (config_dir / "user-config.py").write_text("\n".join(kept) + "\n")
    (config_dir / "user-config.py").chmod(0o600)
    return config_dir


def test_dry_run_needs_no_account_and_makes_no_edit(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    last = editor.last_rcid()

    result = subprocess.run(
        [sys.executable, "-m", "recsync", "sync", "--source", source, "--dry-run"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, stdin=subprocess.DEVNULL,
        env={**os.environ, "PYWIKIBOT_DIR": str(anonymous_config(tmp_path))},
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert f"would create [[{source}/Advocacy/1]]: edit summary " in result.stdout
    assert "+| text = Create an advocacy hub" in result.stdout
    assert "  create         6" in result.stdout  # the summary table
    assert editor.recent_changes(since_id=last) == []
    assert editor.titles_under(source) == []


def test_dry_run_plan_is_what_the_real_run_then_does(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    sync(source, tmp_path)
    editor.save(
        source,
        SOURCE_TEXT.replace("* Protect advocates\n", "* Protect advocates everywhere\n")
        + "* A new one\n",
    )
    report = tmp_path / "plan.json"

    dry = sync(source, tmp_path, "--dry-run", "--report", str(report))
    planned = {
        (change["action"], change["title"])
        for change in json.loads(report.read_text())["changes"]
        if change["action"] != "unchanged"
    }
    real = sync(source, tmp_path)
    done = {
        (line.split()[1], line.split("[[")[1].split("]]")[0])
        for line in real.output.splitlines()  # [3/4] updated   [[title]]
        if line.split()[1:2] in (["created"], ["updated"], ["retired"])
    }

    assert dry.exit_code == 0 and real.exit_code == 0
    verbs = {"created": "create", "updated": "update", "retired": "retire"}
    assert {(verbs[verb], title) for verb, title in done} == planned
    assert planned == {
        ("update", f"{source}/Advocacy/2"),
        ("create", f"{source}/Advocacy/6"),
        ("update", f"{source}/Index"),
    }


@pytest.mark.parametrize("suffix", [".md", ".html", ".json", ".wiki"])
def test_each_report_format_holds_the_diffs(
    editor: Editor, source: str, tmp_path: Path, suffix: str
) -> None:
    sync(source, tmp_path)
    editor.save(source, SOURCE_TEXT.replace("an advocacy hub", "a global advocacy hub"))
    report = tmp_path / f"plan{suffix}"

    run = sync(source, tmp_path, "--dry-run", "--report", str(report))

    assert run.exit_code == 0
    text = report.read_text()
    assert f"{source}/Advocacy/1" in text
    removed, added = "| text = Create an advocacy hub", "| text = Create a global advocacy hub"
    if suffix == ".html":
        assert "global" in text and "advocacy hub" in text
    elif suffix == ".json":
        diff = next(c["diff"] for c in json.loads(text)["changes"] if c["action"] == "update")
        assert f"-{removed}" in diff and f"+{added}" in diff
    else:
        assert f"-{removed}" in text and f"+{added}" in text


def test_preview_page_is_the_only_edit(
    editor: Editor, source: str, tmp_path: Path, live_wiki: LiveWiki
) -> None:
    last = editor.last_rcid()
    preview = "User:RecsyncBot/Preview"

    run = sync(source, tmp_path, "--preview-page", preview)

    assert run.exit_code == 0, run.output + run.errors
    changes = editor.recent_changes(since_id=last)
    assert [rc["title"] for rc in changes] == [preview]
    text = editor.text(preview) or ""
    assert '<syntaxhighlight lang="diff">' in text
    assert "+| text = Create an advocacy hub" in text
    assert editor.titles_under(source) == []


def test_preview_outside_the_bots_user_space_is_refused(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    last = editor.last_rcid()

    run = sync(source, tmp_path, "--preview-page", "Main Page")

    assert run.exit_code == 3
    assert "a preview goes to [[User:RecsyncBot/...]], not [[Main Page]]" in run.errors
    assert editor.recent_changes(since_id=last) == []


def test_preview_in_a_configured_place(editor: Editor, source: str, tmp_path: Path) -> None:
    config = tmp_path / "job.toml"
    config.write_text(f'source = "{source}"\npreview_prefix = "Project:Bot previews"\n')

    run = sync(None, tmp_path, "--config", str(config), "--preview-page",
               "Project:Bot previews/recsync")  # fmt: skip

    assert run.exit_code == 0, run.errors
    assert editor.text("Project:Bot previews/recsync") is not None
