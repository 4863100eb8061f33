"""Running unattended: jobs from a file, the kill switch, guard rails, one run at a time,
logs, the status page, and failing fast where a person would be asked something."""

from __future__ import annotations

import os
import random
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_runs import install_templates, status_call_params, sync
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
    status = f"{source}/Bot status"
    config = job_file(
        tmp_path,
        f'source = "{source}"\nrun_page = "User:Editor/Run"\nstatus_page = "{status}"\n'
        'preview_prefix = "User:Editor"\n',
    )
    last = editor.last_rcid()

    stopped = sync(None, tmp_path, "--config", str(config))
    preview = sync(None, tmp_path, "--config", str(config), "--preview-page", f"{source}/Preview")
    dry = sync(None, tmp_path, "--config", str(config), "--dry-run")
    installed, said = install_templates("--config", str(config))

    assert stopped.exit_code == 3
    assert "the run page [[User:Editor/Run]] reads 'false', not 'true': no edit made, not " \
        "even the status page" in stopped.errors  # fmt: skip
    assert f"would create [[{source}/Advocacy/1]]" in stopped.output
    assert "default (refused): would create 6," in stopped.output
    assert (stopped.counts["dry_run"], stopped.counts["mode"]) == (True, "refused")
    assert stopped.counts["recorded_on_status_page"] is False  # run-sync passes it on
    assert preview.exit_code == 3
    assert dry.exit_code == 3  # what a real run would meet
    assert "a real run would be refused: the run page [[User:Editor/Run]]" in dry.errors
    assert installed == 3 and "[[Template:Recommendation status]]" in said  # shown, not saved
    assert editor.recent_changes(since_id=last) == []  # no page, status page, preview, template

    editor.save("User:Editor/Run", "true")
    running = sync(None, tmp_path, "--config", str(config))

    assert running.exit_code == 0
    assert running.counts["created"] == 6


def test_an_empty_source_on_a_first_sync_fails_so_that_it_alerts(
    editor: Editor, tmp_path: Path, live_wiki: LiveWiki
) -> None:
    source = "User:Editor/Not written yet"
    editor.save(source, "We will list the recommendations here.\n")

    run = sync(source, tmp_path)

    assert run.exit_code == 1  # failed: the job points at the wrong page, or a page to come
    assert f"[[{source}]] holds no recommendation" in run.errors
    assert "at the last sync" not in run.errors
    assert editor.titles_under(source) == []


def test_a_source_that_is_not_a_list_is_refused_with_its_counts(
    editor: Editor, tmp_path: Path, live_wiki: LiveWiki
) -> None:
    source = "User:Editor/Random text"
    rnd = random.Random(0)
    alphabet = string.ascii_letters + string.digits + string.punctuation + " "
    editor.save(source, "\n".join(
        "".join(rnd.choice(alphabet) for _ in range(rnd.randint(5, 80))) for _ in range(2000)
    ))  # fmt: skip
    status = "User:Editor/Random text status"
    config = job_file(tmp_path, f'source = "{source}"\nstatus_page = "{status}"\n')

    refused = sync(None, tmp_path, "--config", str(config))

    assert refused.exit_code == 3
    assert f"[[{source}]] does not look like a list of recommendations: " in refused.errors
    assert "on 2,000 non-blank lines (" in refused.errors
    assert editor.titles_under(source) == []
    assert "does not look like a list" in (editor.text(status) or "")  # it says why
    assert refused.counts["recorded_on_status_page"] is True

    lowered = job_file(tmp_path, f'source = "{source}"\nmin_item_share = 0.01\n')
    dry = sync(None, tmp_path, "--config", str(lowered), "--dry-run")

    assert dry.exit_code == 0  # the maintainer's threshold lets it through


WARNED = SOURCE_TEXT.replace("* Protect advocates\n", "* Protect advocates {{citation needed}}\n")
WARNING = "line 3: template {{Citation needed}} left out of the item's text"


def test_the_parsers_warnings_reach_the_run_the_json_and_the_status_page(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    editor.save(source, WARNED)
    status = f"{source}/Bot status"
    config = job_file(tmp_path, f'source = "{source}"\nstatus_page = "{status}"\n')

    dry = sync(None, tmp_path, "--config", str(config), "--dry-run")
    run = sync(None, tmp_path, "--config", str(config))

    for each in (dry, run):
        assert each.output.count("left out of the item's text") == 1, each.output
        assert f"warning   [[{source}]] {WARNING}" in each.output
        assert each.counts["warnings"] == [
            {"line": 3, "message": "template {{Citation needed}} left out of the item's text"}
        ]
    assert run.exit_code == 0  # a warning alone does not fail the run
    assert "== Source warnings ==" in (editor.text(status) or "")

    editor.save(source, WARNED.replace("* Enable", "* Enable {{citation needed}}"))
    strict = sync(None, tmp_path, "--config", str(config), "--strict")

    assert strict.exit_code == 1
    assert "2 parser warnings on [[" in strict.errors
    assert strict.edits == 0
    assert status_call_params(editor.text(f"{source}/Advocacy/3") or "")["text"] == (
        "Enable advocates to collaborate"
    )


def test_a_summary_file_that_cannot_be_written_is_one_line_not_a_request(
    editor: Editor, source: str, tmp_path: Path, live_wiki: LiveWiki
) -> None:
    full = tmp_path / "full.json"
    full.symlink_to("/dev/full")  # passes every check, then the disk is full

    result = _subprocess_sync(
        os.environ["PYWIKIBOT_DIR"], "--source", source, "-always", "--summary-json", str(full)
    )

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"recsync: cannot write {full}: No space left on device"
    )
    assert "request" not in result.stderr and "Traceback" not in result.stderr


def test_an_output_folder_that_does_not_exist_stops_the_run_before_any_edit(
    editor: Editor, source: str, tmp_path: Path, live_wiki: LiveWiki
) -> None:
    last = editor.last_rcid()

    run = sync(source, tmp_path, "--report", "/nonexistent/plan.html")

    assert run.exit_code == 2
    assert run.errors.strip() == (
        "recsync: --report /nonexistent/plan.html: no folder /nonexistent: make it, or name a "
        "file elsewhere"
    )
    assert editor.recent_changes(since_id=last) == []


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
