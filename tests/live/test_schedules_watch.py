"""The continuous recipes in deploy/ are tried as the scheduled ones are
(tests/live/test_schedules.py): their files are checked by the tools that read them,
and the command each runs watches the local wiki, syncs it, and ends with exit 0 on the
SIGTERM its service manager sends to stop it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from harness import ROOT, Editor
from test_schedules import (
    DEPLOY,
    PYWIKIBOT_DIR,
    RECSYNC,
    TOOLFORGE_JOB_KEYS,
    assert_synced,
    here,
    job,
    unit_settings,
)

pytestmark = pytest.mark.live

__all__ = ["job"]  # the fixture: a source page and a job file
TIMEOUT = 60.0


def watch_until_synced(
    command: str, env: dict[str, str], cwd: Path, editor: Editor, source: str
) -> subprocess.CompletedProcess[str]:
    """Start ``command`` as the service manager does, wait for its first sync, stop it."""
    process = subprocess.Popen(
        ["/bin/sh", "-c", command], env={**os.environ, **env}, cwd=cwd, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + TIMEOUT
        while len(editor.titles_under(source)) < 3 and time.monotonic() < deadline:
            if process.poll() is not None:
                break
            time.sleep(0.2)
        time.sleep(1)  # the sync's last lines
        process.send_signal(signal.SIGTERM)  # what systemctl stop and the framework send
        out, _ = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    return subprocess.CompletedProcess(process.args, process.returncode, out, "")


def test_systemd_watch_service(job: dict[str, str], editor: Editor, tmp_path: Path) -> None:
    unit = tmp_path / "recsync-watch.service"
    text = (DEPLOY / "recsync-watch.service").read_text()
    text = here(text.replace("/srv/recsync/job.toml", job["RECSYNC_CONFIG"]))
    unit.write_text(text.replace("User=recsync", f"User={os.getuid()}"))
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing (Debian package systemd)"
    verify = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    assert verify.returncode == 0, verify.stderr

    service = unit_settings(unit)
    assert service["Type"] == ["simple"]
    assert service["KillSignal"] == ["SIGTERM"]
    assert service["Restart"] == ["on-failure"]
    assert service["RestartPreventExitStatus"] == ["2"]  # a usage error is not retried
    [exec_start] = service["ExecStart"]
    assert exec_start.split()[:2] == [str(RECSYNC), "watch"]
    [workdir] = service["WorkingDirectory"]

    result = watch_until_synced(f"exec {exec_start}", {}, Path(workdir), editor, job["source"])

    assert_synced(result, editor, job["source"])
    assert "stopped by SIGTERM" in result.stdout


def test_toolforge_continuous_job(job: dict[str, str], editor: Editor, tmp_path: Path) -> None:
    setup, watcher = yaml.safe_load((DEPLOY / "jobs-watch.yaml").read_text())
    hourly_setup = yaml.safe_load((DEPLOY / "jobs.yaml").read_text())[0]
    assert setup == hourly_setup  # the same venv, made the same way
    assert set(watcher) <= TOOLFORGE_JOB_KEYS
    assert watcher["continuous"] is True and "schedule" not in watcher
    assert (watcher["image"], watcher["emails"]) == ("python3.11", "onfailure")
    assert watcher["command"].startswith("cd $HOME/pywikibot && exec ")  # SIGTERM reaches it
    home = tmp_path / "home"
    (home / "recsync-venv" / "bin").mkdir(parents=True)
    (home / "recsync-venv" / "bin" / "recsync").symlink_to(RECSYNC)  # what setup installs
    (home / "recsync").symlink_to(ROOT)
    (home / "recsync.toml").write_text(Path(job["RECSYNC_CONFIG"]).read_text())
    (home / "pywikibot").symlink_to(PYWIKIBOT_DIR)

    result = watch_until_synced(watcher["command"], {"HOME": str(home)}, tmp_path, editor,
                                job["source"])  # fmt: skip

    assert_synced(result, editor, job["source"])
    assert "stopped by SIGTERM" in result.stdout
