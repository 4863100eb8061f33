"""What a scheduled run needs around the sync: one run at a time, a log per run, and
an end on a signal that never cuts a save short.

The first two live in files: a lock (``fcntl.flock``, released by the kernel even when
the process is killed) and a plain-text log with a timestamp on every line.  Neither
ever holds a secret: only titles, actions, reasons and counts are written.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any, TextIO


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
def job_lock(path: Path) -> Iterator[Callable[[str], None]]:
    """Hold the job's lock for the run, or raise AlreadyRunning at once.

    Yields a function that adds a note to the holder's line (``recsync watch`` says when
    it last looked: a second run's refusal shows it, a health check reads the time).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise AlreadyRunning(f"the job is already running ({holder}; lock {path})") from None
        holder = f"pid {os.getpid()} since {_now()}"

        def note(text: str) -> None:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{holder}{'; ' + text if text else ''}\n")
            handle.flush()

        note("")
        yield note
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


class Stop(BaseException):
    """SIGTERM or SIGINT: the watch ends (a BaseException, as KeyboardInterrupt is, so
    that no ``except Exception`` on the way swallows it)."""


class Stopper:
    """SIGTERM and SIGINT end the watch at once, except during a save: then as soon as
    the save is done, and before the next one."""

    def __init__(self) -> None:
        self.requested = ""
        self.saving = False
        self.wakeup = threading.Event()
        self._previous: dict[int, Any] = {}

    def install(self) -> None:
        for number in (signal.SIGTERM, signal.SIGINT):
            self._previous[number] = signal.signal(number, self._handle)

    def restore(self) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)

    def _handle(self, number: int, frame: FrameType | None) -> None:
        self.requested = signal.Signals(number).name
        self.wakeup.set()
        if not self.saving:
            raise Stop(self.requested)

    def check(self) -> None:
        if self.requested and not self.saving:
            raise Stop(self.requested)

    def ask(self, change: object) -> str:
        """The sync's question before each save: yes, unless the watch is ending."""
        self.check()
        return "y"

    def sleep(self, seconds: float) -> None:
        self.wakeup.wait(max(seconds, 0.0))
        self.check()

    @contextmanager
    def saving_now(self) -> Iterator[None]:
        self.saving = True
        try:
            yield
        finally:
            self.saving = False

    def guard(self, wiki: Any) -> None:
        """Every save of ``wiki`` runs to its end, whatever signal comes meanwhile."""
        save = wiki.save

        def guarded(*args: Any, **kwargs: Any) -> None:
            with self.saving_now():
                save(*args, **kwargs)

        wiki.save = guarded
