"""Per-run logs are deleted after ``log_keep_days``; other jobs' and other files stay."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

from recsync.unattended import RunLog, prune_logs

DAY = 86400


def run_log(log_dir: Path, job: str, age_days: float) -> Path:
    log = RunLog(log_dir, job, io.StringIO())
    log("a line")
    log.close()
    assert log.path is not None
    old = time.time() - age_days * DAY
    os.utime(log.path, (old, old))
    renamed = log.path.with_name(log.path.name.replace(".log", f"-{age_days}.log"))
    return log.path.rename(renamed)


def test_logs_older_than_the_limit_are_deleted(tmp_path: Path) -> None:
    old = run_log(tmp_path, "strategy", 31)
    recent = run_log(tmp_path, "strategy", 29)

    assert prune_logs(tmp_path, "strategy", 30) == 1

    assert not old.exists()
    assert recent.exists()


def test_only_this_jobs_logs_are_touched(tmp_path: Path) -> None:
    other_job = run_log(tmp_path, "another", 90)
    stranger = tmp_path / "notes.log"
    stranger.write_text("mine")
    os.utime(stranger, (0, 0))

    assert prune_logs(tmp_path, "strategy", 30) == 0

    assert other_job.exists()
    assert stranger.exists()


def test_zero_days_keeps_every_log(tmp_path: Path) -> None:
    old = run_log(tmp_path, "strategy", 400)

    assert prune_logs(tmp_path, "strategy", 0) == 0

    assert old.exists()


def test_a_missing_log_folder_is_nothing_to_prune(tmp_path: Path) -> None:
    assert prune_logs(tmp_path / "never-made", "strategy", 30) == 0
