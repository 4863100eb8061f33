"""What a scheduled run needs around the sync: one run at a time, and a log per run.

Both live in files: a lock (``fcntl.flock``, released by the kernel even when the
process is killed) and a plain-text log with a timestamp on every line.  Neither
ever holds a secret: only titles, actions, reasons and counts are written.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO


class AlreadyRunning(Exception):
    """Another run of the same job holds the lock."""


def _slug(text: str) -> str:
    readable = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:40] or "job"
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return f"{readable}-{digest}"


def lock_path(lock_dir: Path, job_name: str, source: str) -> Path:
    """One lock per job and source page (two files naming the same job share it)."""
    return lock_dir / f"recsync-{_slug(job_name + '|' + source)}.lock"


@contextmanager
def job_lock(path: Path) -> Iterator[None]:
    """Hold the job's lock for the run, or raise AlreadyRunning at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise AlreadyRunning(f"the job is already running ({holder}; lock {path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {_now()}\n")
        handle.flush()
        yield
    finally:
        handle.close()


def prune_logs(log_dir: Path, job_name: str, keep_days: int) -> int:
    """Delete this job's run logs older than ``keep_days`` days (0: keep them all).

    Only this job's logs (RunLog's names for them) are touched.  Returns how many
    were deleted.
    """
    if keep_days <= 0 or not log_dir.is_dir():
        return 0
    cutoff = time.time() - keep_days * 86400
    deleted = 0
    for path in log_dir.glob(f"recsync-{_slug(job_name)}-*.log"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
        except OSError:  # gone already, or not ours to delete: the next run tries again
            continue
    return deleted


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class RunLog:
    """Lines for the terminal, and the same lines with timestamps in the run's log file."""

    def __init__(self, log_dir: Path | None, job_name: str, out: TextIO) -> None:
        self.out = out
        self.path: Path | None = None
        self._file: TextIO | None = None
        if log_dir is not None:
            log_dir.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            self.path = log_dir / f"recsync-{_slug(job_name)}-{stamp}-{os.getpid()}.log"
            self._file = self.path.open("a", encoding="utf-8")

    def __call__(self, line: str) -> None:
        print(line, file=self.out)
        if self._file is not None:
            for part in line.splitlines() or [""]:
                self._file.write(f"{_now()} {part}\n")
            self._file.flush()

    def note(self, line: str) -> None:
        """A line for the log file only (the terminal got it on stderr)."""
        if self._file is not None:
            self._file.write(f"{_now()} {line}\n")
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
