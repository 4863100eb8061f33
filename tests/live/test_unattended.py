"""Running unattended: jobs from a file, the kill switch, guard rails, one run at a time,
logs, the status page, and failing fast where a person would be asked something."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_runs import status_call_params, sync
from harness import ROOT, Editor, LiveWiki

from recsync.unattended import job_lock, lock_path

pytestmark = pytest.mark.live

SOURCE_TEXT = """== Advocacy ==
* Create an advocacy hub
* Protect advocates
* Enable advocates to collaborate
== Diversity ==
* Planned community diversification
* Reflective policies for participation
"""


@pytest.fixture
def source(request: pytest.FixtureRequest, editor: Editor) -> str:
    title = f"User:Editor/{request.node.name.replace('_', ' ')}"
    editor.save(title, SOURCE_TEXT, "source page for a test")
    return title


def job_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "recsync.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_kill_switch_stops_the_run_before_any_edit(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    editor.save("User:Editor/Run", "false")
    config = job_file(tmp_path, f'source = "{source}"\nrun_page = "User:Editor/Run"\n')

    stopped = sync(None, tmp_path, "--config", str(config))

    assert stopped.exit_code == 3
    assert "the run page [[User:Editor/Run]] reads 'false'" in stopped.errors
    assert editor.titles_under(source) == []

    editor.save("User:Editor/Run", "true")
    running = sync(None, tmp_path, "--config", str(config))

    assert running.exit_code == 0
    assert running.counts["created"] == 6


def test_losing_many_items_at_once_is_refused_unless_forced(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    sync(source, tmp_path)
    editor.save(source, SOURCE_TEXT.replace("* Protect advocates\n", "").replace(
        "* Planned community diversification\n", ""
    ))  # fmt: skip

    refused = sync(source, tmp_path)

    assert refused.exit_code == 3
    assert "2 of the 5 recommendations would leave" in refused.errors
    assert refused.edits == 0
    assert status_call_params(editor.text(f"{source}/Advocacy/2") or "")["in_source"] == "yes"

    forced = sync(source, tmp_path, "--force")

    assert forced.exit_code == 0
    assert forced.counts["retired"] == 2


def test_blanked_source_is_refused(editor: Editor, source: str, tmp_path: Path) -> None:
    sync(source, tmp_path)
    editor.save(source, "")

    run = sync(source, tmp_path)

    assert run.exit_code == 3
    assert "has no recommendation now (5 at the last sync)" in run.errors
    assert run.edits == 0


def test_edit_limit_leaves_the_rest_for_the_next_run(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    config = job_file(tmp_path, f'source = "{source}"\nedit_limit = 4\n')

    first = sync(None, tmp_path, "--config", str(config))

    assert first.exit_code == 4  # needs attention: the rest waits for the next run
    assert first.counts["created"] == 4
    assert "edit limit of 4 reached: 2 pages left for the next run" in first.errors

    second = sync(None, tmp_path, "--config", str(config))

    assert second.exit_code == 0
    assert second.counts["created"] == 2  # the last subpage and the index
    assert len(editor.titles_under(source)) == 6


def test_a_second_run_of_the_same_job_exits_at_once(
    source: str, tmp_path: Path, live_wiki: LiveWiki
) -> None:
    base = Path(os.environ["PYWIKIBOT_DIR"])
    with job_lock(lock_path(base, "default", source.replace("_", " "))):
        started = time.monotonic()
        run = sync(source, tmp_path)

    assert run.exit_code == 3
    assert "the job is already running (pid" in run.errors
    assert time.monotonic() - started < 10


def test_each_run_writes_a_log_without_secrets(
    source: str, tmp_path: Path, live_wiki: LiveWiki
) -> None:
    logs = tmp_path / "logs"
    config = job_file(tmp_path, f'source = "{source}"\nlog_dir = "{logs}"\n')

    sync(None, tmp_path, "--config", str(config))

    [log] = list(logs.glob("recsync-default-*.log"))
    text = log.read_text()
    assert f"created   [[{source}/Advocacy/1]]" in text
    assert "default: 6 created" in text
    assert all(line[:4].isdigit() and "Z " in line[:21] for line in text.splitlines())
    assert live_wiki.bot_secret not in text


def test_status_page_reports_runs_that_changed_something(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    status = f"{source}/Bot status"
    config = job_file(tmp_path, f'source = "{source}"\nstatus_page = "{status}"\n')

    sync(None, tmp_path, "--config", str(config))
    report = editor.text(status) or ""
    revision = editor.revision(status)
    sync(None, tmp_path, "--config", str(config))

    assert "! Created\n| 6" in report
    assert f"[[Special:PermanentLink/{editor.revision(source)}|" in report
    assert editor.revision(status) == revision  # a run with nothing to do leaves it alone


def test_jobs_from_one_file(editor: Editor, tmp_path: Path) -> None:
    editor.save("User:Editor/Job A", SOURCE_TEXT)
    editor.save("User:Editor/Job B", SOURCE_TEXT)
    config = job_file(
        tmp_path,
        'summary_prefix = "recsync (test)"\n'
        '[jobs.a]\nsource = "User:Editor/Job A"\n'
        '[jobs.b]\nsource = "User:Editor/Job B"\n',
    )

    only_a = sync(None, tmp_path, "--config", str(config), "--job", "a")
    both = sync(None, tmp_path, "--config", str(config))

    assert only_a.counts["created"] == 6
    assert editor.titles_under("User:Editor/Job B") != []
    assert both.counts["created"] == 6 and both.counts["unchanged"] == 6


def test_bad_job_file_names_the_key(tmp_path: Path, live_wiki: LiveWiki) -> None:
    config = job_file(tmp_path, 'source = "User:Editor/X"\nedit_limt = 3\n')

    run = sync(None, tmp_path, "--config", str(config))

    assert run.exit_code == 2
    assert f"{config}: unknown key 'edit_limt'" in run.errors


def _subprocess_sync(env_dir: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYWIKIBOT_DIR": env_dir}
    return subprocess.run(
        [sys.executable, "-m", "recsync", "sync", *args],
        capture_output=True, text=True, timeout=60, cwd=ROOT, env=env,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_without_a_terminal_or_always_it_stops_instead_of_asking(
    source: str, live_wiki: LiveWiki
) -> None:
    result = _subprocess_sync(os.environ["PYWIKIBOT_DIR"], "--source", source)

    assert result.returncode == 2
    assert "no terminal to ask on: pass -always" in result.stderr


def test_without_a_password_it_fails_at_once(
    source: str, tmp_path: Path, live_wiki: LiveWiki
) -> None:
    config_dir = tmp_path / "pywikibot"
    config_dir.mkdir()
    original = Path(os.environ["PYWIKIBOT_DIR"]) / "user-config.py"
    (config_dir / "user-config.py").write_text(original.read_text().replace(
        "password_file", "password_file = None  #"
    ))  # fmt: skip
    (config_dir / "user-config.py").chmod(0o600)

    started = time.monotonic()
    result = _subprocess_sync(str(config_dir), "--source", source, "-always")

    assert result.returncode == 2
    assert "no password for RecsyncBot" in result.stderr
    assert "recsync never prompts" in result.stderr
    assert time.monotonic() - started < 30
