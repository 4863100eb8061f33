"""Each scheduling recipe in deploy/ is tried: its files are checked by the tools that
read them, and the command it runs syncs the local wiki.

The recipes name /srv/recsync (cron, systemd) or $HOME/recsync (Toolforge); here
those become this checkout and a job file of the test's own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from harness import ROOT, Editor

pytestmark = pytest.mark.live

DEPLOY = ROOT / "deploy"
CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")
SOURCE_TEXT = "== Advocacy ==\n* Create an advocacy hub\n* Protect advocates\n"


@pytest.fixture
def job(request: pytest.FixtureRequest, editor: Editor, tmp_path: Path) -> dict[str, str]:
    """A source page and a job file for one schedule, and the environment to run it."""
    source = f"User:Editor/Scheduled by {request.node.name.removeprefix('test_').replace('_', ' ')}"
    editor.save(source, SOURCE_TEXT)
    config = tmp_path / "job.toml"
    config.write_text(f'source = "{source}"\n')
    return {
        "source": source,
        "RECSYNC_HOME": str(ROOT),
        "RECSYNC_CONFIG": str(config),
        "RECSYNC_PYWIKIBOT_DIR": os.environ["PYWIKIBOT_DIR"],
    }


def unit_settings(path: Path) -> dict[str, list[str]]:
    """A systemd unit's settings (a key may repeat, as Environment= does)."""
    settings: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def run(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", "-c", command], env={**os.environ, **env}, capture_output=True, text=True,
        timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def assert_synced(result: subprocess.CompletedProcess[str], editor: Editor, source: str) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "default: 3 created" in result.stdout
    assert editor.titles_under(source) == [f"{source}/Advocacy/1", f"{source}/Advocacy/2",
                                           f"{source}/Index"]  # fmt: skip


def test_crontab_line(job: dict[str, str], editor: Editor) -> None:
    lines = [
        line for line in (DEPLOY / "crontab").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]  # fmt: skip
    env = dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z_]+=", line))
    [entry] = [line for line in lines if not re.match(r"^[A-Z_]+=", line)]
    fields = entry.split(None, 5)
    assert all(CRON_FIELD.match(field) for field in fields[:5]), fields[:5]
    assert set(env) == {"RECSYNC_HOME", "RECSYNC_CONFIG", "RECSYNC_PYWIKIBOT_DIR"}

    command = fields[5].replace("/srv/recsync", str(ROOT))
    result = run(command.replace(">/dev/null", ""), job)

    assert_synced(result, editor, job["source"])


def test_systemd_service_and_timer(job: dict[str, str], editor: Editor, tmp_path: Path) -> None:
    units = tmp_path / "units"
    units.mkdir()
    for name in ("recsync.service", "recsync.timer"):
        text = (DEPLOY / name).read_text().replace("/srv/recsync", str(ROOT))
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
    assert environment["RECSYNC_HOME"] == str(ROOT)
    [exec_start] = service["ExecStart"]

    result = run(exec_start, job)

    assert_synced(result, editor, job["source"])


def test_toolforge_jobs_yaml(job: dict[str, str], editor: Editor, tmp_path: Path) -> None:
    [entry] = yaml.safe_load((DEPLOY / "jobs.yaml").read_text())
    assert set(entry) >= {"name", "image", "command", "schedule"}
    assert all(CRON_FIELD.match(field) for field in entry["schedule"].split())
    assert len(entry["schedule"].split()) == 5
    home = tmp_path / "home"
    home.mkdir()
    (home / "recsync").symlink_to(ROOT)
    (home / "recsync.toml").write_text(Path(job["RECSYNC_CONFIG"]).read_text())
    (home / "pywikibot").symlink_to(job["RECSYNC_PYWIKIBOT_DIR"])

    result = run(entry["command"], {"HOME": str(home)})

    assert_synced(result, editor, job["source"])
