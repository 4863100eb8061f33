"""Each scheduling recipe in deploy/ is tried: its files are checked by the tools that
read them, the command it runs syncs the local wiki, and it alerts only on failure.

The recipes name /srv/recsync (cron, systemd) or $HOME (Toolforge); here those become
this checkout (whose .venv holds the installed entry point), the test session's
pywikibot dir and a job file of the test's own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from harness import ROOT, Editor

pytestmark = pytest.mark.live

DEPLOY = ROOT / "deploy"
RECSYNC = Path(sys.executable).parent / "recsync"
CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")
CRON_MACROS = {"@hourly", "@daily", "@weekly", "@monthly", "@yearly"}
SOURCE_TEXT = "== Advocacy ==\n* Create an advocacy hub\n* Protect advocates\n"
PYWIKIBOT_DIR = Path(os.environ["PYWIKIBOT_DIR"])


@pytest.fixture
def job(request: pytest.FixtureRequest, editor: Editor, tmp_path: Path) -> dict[str, str]:
    """A source page and a job file for one schedule, and the environment to run it."""
    source = f"User:Editor/Scheduled by {request.node.name.removeprefix('test_').replace('_', ' ')}"
    editor.save(source, SOURCE_TEXT)
    config = tmp_path / "job.toml"
    config.write_text(f'source = "{source}"\n')
    return {
        "source": source,
        "RECSYNC": str(RECSYNC),
        "RECSYNC_CONFIG": str(config),
        "RECSYNC_PYWIKIBOT_DIR": str(PYWIKIBOT_DIR),
    }


def here(text: str) -> str:
    """A recipe's paths, made this machine's."""
    return text.replace("/srv/recsync/pywikibot", str(PYWIKIBOT_DIR)).replace(
        "/srv/recsync", str(ROOT)
    )


def unit_settings(path: Path) -> dict[str, list[str]]:
    """A systemd unit's settings (a key may repeat, as Environment= does)."""
    settings: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def crontab() -> tuple[dict[str, str], str]:
    """The crontab's variables and its one entry."""
    lines = [
        line for line in (DEPLOY / "crontab").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]  # fmt: skip
    env = dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z_]+=", line))
    [entry] = [line for line in lines if not re.match(r"^[A-Z_]+=", line)]
    return env, entry


def run(command: str, env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", "-c", command], env={**os.environ, **env}, capture_output=True, text=True,
        timeout=120, stdin=subprocess.DEVNULL, cwd=cwd,
    )  # fmt: skip


def run_log(source: str) -> str:
    """The newest per-run log that names the source page."""
    logs = sorted((PYWIKIBOT_DIR / "logs" / "recsync").glob("*.log"), key=os.path.getmtime)
    texts = [path.read_text() for path in logs]
    return next(text for text in reversed(texts) if f"[[{source}]]" in text)


def assert_synced(result: subprocess.CompletedProcess[str], editor: Editor, source: str) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "default: 3 created" in run_log(source)
    assert editor.titles_under(source) == [f"{source}/Advocacy/1", f"{source}/Advocacy/2",
                                           f"{source}/Index"]  # fmt: skip


def test_crontab_line_syncs_and_says_nothing(job: dict[str, str], editor: Editor) -> None:
    env, entry = crontab()
    fields = entry.split(None, 5)
    assert all(CRON_FIELD.match(field) for field in fields[:5]), fields[:5]
    assert set(env) == {"RECSYNC", "RECSYNC_CONFIG", "RECSYNC_PYWIKIBOT_DIR"}
    assert Path(here(env["RECSYNC"])) == RECSYNC

    result = run(here(fields[5]), job, cwd=Path("/"))

    assert_synced(result, editor, job["source"])
    assert result.stdout + result.stderr == ""  # cron mails any output


def test_crontab_line_keeps_quiet_about_a_page_the_status_page_lists(
    job: dict[str, str], editor: Editor
) -> None:
    _, entry = crontab()
    command = here(entry.split(None, 5)[5])
    status = f"{job['source']}/Bot status"
    Path(job["RECSYNC_CONFIG"]).write_text(
        f'source = "{job["source"]}"\nstatus_page = "{status}"\n'
    )
    run(command, job)
    page = f"{job['source']}/Advocacy/1"
    editor.save(page, "{{nobots}}\n" + (editor.text(page) or ""))
    editor.save(job["source"], SOURCE_TEXT.replace("hub", "hub and a forum"))

    result = run(command, job)

    assert result.returncode == 0  # needs attention, and the status page says so
    assert result.stdout + result.stderr == ""
    assert f"skipped   [[{page}]]" in run_log(job["source"])
    assert "the page keeps bots out" in (editor.text(status) or "")


def test_crontab_line_mails_what_no_status_page_records(
    job: dict[str, str], editor: Editor
) -> None:
    _, entry = crontab()
    command = here(entry.split(None, 5)[5])
    run(command, job)  # the job has no status page
    page = f"{job['source']}/Advocacy/1"
    editor.save(page, "{{nobots}}\n" + (editor.text(page) or ""))
    editor.save(job["source"], SOURCE_TEXT.replace("hub", "hub and a forum"))

    result = run(command, job)

    assert result.returncode == 4  # nobody would ever hear of it otherwise
    assert f"skipped   [[{page}]]" in result.stderr  # cron mails what recsync said
    assert result.stderr.splitlines()[-1] == (
        "run-sync: recsync exited 4 (needs attention), and no status page says so"
    )


def test_crontab_line_mails_a_run_the_run_page_stopped(job: dict[str, str], editor: Editor) -> None:
    _, entry = crontab()
    status = f"{job['source']}/Bot status"
    editor.save("User:Editor/Scheduled run page", "false")
    Path(job["RECSYNC_CONFIG"]).write_text(
        f'source = "{job["source"]}"\nstatus_page = "{status}"\n'
        'run_page = "User:Editor/Scheduled run page"\n'
    )

    result = run(here(entry.split(None, 5)[5]), job)

    assert result.returncode == 3  # a stopped bot writes no status page: only mail tells
    assert "the run page [[User:Editor/Scheduled run page]] reads 'false'" in result.stderr
    assert editor.text(status) is None


def test_crontab_line_keeps_quiet_about_a_refusal_the_status_page_records(
    job: dict[str, str], editor: Editor
) -> None:
    _, entry = crontab()
    command = here(entry.split(None, 5)[5])
    status = f"{job['source']}/Bot status"
    Path(job["RECSYNC_CONFIG"]).write_text(
        f'source = "{job["source"]}"\nstatus_page = "{status}"\n'
    )
    run(command, job)
    editor.save(job["source"], "== Advocacy ==\n")  # blanked: the mass-change guard

    result = run(command, job)

    assert result.returncode == 0
    assert result.stdout + result.stderr == ""
    assert "has no recommendation now (2 at the last sync)" in (editor.text(status) or "")


def test_an_empty_source_on_a_first_run_mails(job: dict[str, str], editor: Editor) -> None:
    _, entry = crontab()
    editor.save(job["source"], "The list is to come.\n")

    result = run(here(entry.split(None, 5)[5]), job)

    assert result.returncode == 1  # failed: a job pointed at the wrong page must alert
    assert "holds no recommendation" in result.stderr


def test_crontab_line_mails_a_failure_with_what_recsync_said(job: dict[str, str]) -> None:
    _, entry = crontab()
    missing = str(Path(job["RECSYNC_CONFIG"]).with_name("missing.toml"))

    result = run(here(entry.split(None, 5)[5]), {**job, "RECSYNC_CONFIG": missing})

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"recsync: cannot read {missing}")


def test_systemd_service_and_timer(job: dict[str, str], editor: Editor, tmp_path: Path) -> None:
    units = tmp_path / "units"
    units.mkdir()
    for name in ("recsync.service", "recsync.timer"):
        text = here((DEPLOY / name).read_text())
        (units / name).write_text(text.replace("User=recsync", f"User={os.getuid()}"))
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing (Debian package systemd)"
    verify = subprocess.run(
        [analyze, "verify", str(units / "recsync.service"), str(units / "recsync.timer")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert verify.returncode == 0, verify.stderr

    service = unit_settings(units / "recsync.service")
    timer = unit_settings(units / "recsync.timer")
    [on_calendar] = timer["OnCalendar"]
    calendar = subprocess.run(
        [analyze, "calendar", on_calendar], capture_output=True, text=True, timeout=60
    )
    assert calendar.returncode == 0, calendar.stderr
    environment = dict(line.split("=", 1) for line in service["Environment"])
    assert Path(environment["RECSYNC"]) == RECSYNC
    assert "SuccessExitStatus" not in service  # run-sync exits 0 unless the run failed
    [exec_start] = service["ExecStart"]
    [workdir] = service["WorkingDirectory"]

    result = run(
        exec_start, {**environment, "RECSYNC_CONFIG": job["RECSYNC_CONFIG"]}, Path(workdir)
    )

    assert_synced(result, editor, job["source"])


#: The keys `toolforge jobs load` knows (those of `toolforge jobs run`, as the jobs
#: framework documents them); any other is warned about and ignored.
TOOLFORGE_JOB_KEYS = {
    "name", "command", "image", "schedule", "continuous", "wait", "emails", "retry", "mem",
    "cpu", "no-filelog", "filelog-stdout", "filelog-stderr",
}  # fmt: skip


def test_toolforge_jobs_yaml(job: dict[str, str], editor: Editor, tmp_path: Path) -> None:
    setup, hourly = yaml.safe_load((DEPLOY / "jobs.yaml").read_text())
    for entry in (setup, hourly):
        assert set(entry) <= TOOLFORGE_JOB_KEYS, set(entry) - TOOLFORGE_JOB_KEYS
        assert entry["image"] == "python3.11"
        assert entry["emails"] == "onfailure"
        assert entry["command"].startswith("cd $HOME && ")  # not where `load` was typed
    assert setup["wait"] is True and "schedule" not in setup
    assert "python3 -m venv recsync-venv" in setup["command"]
    assert "recsync-venv/bin/pip install --upgrade ./recsync" in setup["command"]
    schedule = hourly["schedule"]
    assert schedule in CRON_MACROS or all(CRON_FIELD.match(f) for f in schedule.split())
    assert "RECSYNC=$HOME/recsync-venv/bin/recsync" in hourly["command"]
    home = tmp_path / "home"
    (home / "recsync-venv" / "bin").mkdir(parents=True)
    (home / "recsync-venv" / "bin" / "recsync").symlink_to(RECSYNC)  # what setup installs
    (home / "recsync").symlink_to(ROOT)
    (home / "recsync.toml").write_text(Path(job["RECSYNC_CONFIG"]).read_text())
    (home / "pywikibot").symlink_to(job["RECSYNC_PYWIKIBOT_DIR"])

    result = run(hourly["command"], {"HOME": str(home)}, cwd=tmp_path)

    assert_synced(result, editor, job["source"])


def test_toolforge_upgrade_really_reinstalls() -> None:
    """`load` skips a job whose definition did not change, and a finished one-off job
    stays listed: the upgrade deletes recsync-setup, then loads it alone."""
    text = (DEPLOY / "jobs.yaml").read_text()
    readme = (ROOT / "README.md").read_text()
    steps = [
        "cd ~/recsync && git pull",
        "toolforge jobs delete recsync-setup",
        "toolforge jobs load ~/recsync/deploy/jobs.yaml --job recsync-setup",
    ]
    for where in (text, readme):
        assert all(step in where for step in steps), steps
        assert where.index(steps[1]) < where.index(steps[2])
        said = " ".join(where.replace("#", " ").split()).lower()
        assert "deletes every job of the tool that is not in the file" in said
    [setup] = [e for e in yaml.safe_load(text) if e["name"] == "recsync-setup"]
    assert "pip install --upgrade ./recsync" in setup["command"]  # a local folder: reinstalled
