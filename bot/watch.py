"""``recsync watch``: sync whenever the wiki says that something relevant changed.

The loop, for all jobs of the file at once: look at the wiki's recent changes (one
``list=recentchanges`` request a look), sync each job that a change concerns, wait the
interval, look again.  A change concerns a job when someone other than the bot edited,
created, moved or deleted its source page, a translation of it (``Source/de``), its run
page, its index or any page below its prefix; the bot's own edits never do, and neither
do edits of the status page.  A full sync also runs when the watch starts and, as a
safety net, when a job has had none for ``--resync`` seconds (it edits nothing when
nothing changed).

Each sync is an ordinary run (bot.sync.run_job): the run page, the guard rails, the
edit limit, maxlag and the retries all apply, and it has its log file as a scheduled
run has.  The watcher holds the job's lock the whole time (a scheduled run of the same
job is refused meanwhile); it waits for a lock someone else holds.  While the wiki
cannot be reached it waits longer after each failed look (``backoff``) and says so once,
then once more when the wiki is back.  SIGTERM and SIGINT end it with exit 0: a save in
progress is finished, nothing more is saved, the locks are released.  An hourly line
says it is alive, and the lock file says when it last looked.

The decisions (``concerns``, ``backoff``, ``resync_due``) are pure; ``Watcher`` is the
shell around them.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .config import JobConfig
from .model import RecentChange, RunResult
from .startup import unreachable
from .titles import under
from .unattended import Stop, Stopper

if TYPE_CHECKING:  # the shell's modules import pywikibot
    from .wiki import Wiki

#: The longest wait between two looks while the wiki cannot be reached, in seconds.
BACKOFF_CEILING = 300.0
#: How often the watcher says it is alive, in seconds.
HEARTBEAT = 3600.0
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")


# --- the decisions (pure) ------------------------------------------------------------------


@dataclass(frozen=True)
class Watched:
    """The titles of one job that a change may concern, as the wiki spells them."""

    job: str
    source: str
    prefix: str
    index: str
    run_page: str = ""
    status_page: str = ""

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(t for t in (self.source, self.prefix, self.index, self.run_page) if t)


def translation_of(title: str, page: str) -> bool:
    """``Page/de``, ``Page/zh-hant``: a translation page of ``page`` (Translate's names)."""
    parent, _, last = title.rpartition("/")
    return parent == page and bool(_LANGUAGE.fullmatch(last))


def concerns(change: RecentChange, watched: Watched, bot_user: str) -> str:
    """Why ``change`` is a reason to sync the job ('' when it is none).

    Someone else's edit, creation, move (from or to) or deletion of the source page or
    a translation of it, the run page (it may say "true" again), the index, or a page
    below the prefix.  The bot's own edits are no reason: a sync made them.  The
    status page is the bot's report, not its input.
    """
    if bot_user and change.user == bot_user:
        return ""
    for title in (change.title, change.target):
        if not title or title == watched.status_page:
            continue
        if title == watched.source:
            return "the source page"
        if translation_of(title, watched.source):
            return "a translation of the source page"
        if title == watched.run_page:
            return "the run page"
        if title == watched.index:
            return "the index"
        if title == watched.prefix or under(title, watched.prefix):
            return "a page below the prefix"
    return ""


def backoff(failures: int, interval: float, ceiling: float = BACKOFF_CEILING) -> float:
    """Seconds to wait after ``failures`` failed attempts in a row: the interval,
    doubled after each failure, at most ``ceiling`` (or the interval, if longer)."""
    if failures <= 0:
        return interval
    return float(min(interval * 2.0 ** (failures - 1), max(ceiling, interval)))


def resync_due(since_last: float, resync: float) -> bool:
    """Is a job's safety-net sync due, ``since_last`` seconds after its last sync?"""
    return resync > 0 and since_last >= resync


def retry_after(result: RunResult) -> bool:
    """Does a sync that ended so want another one soon (without a new change)?

    A failed run does (a save failed, the plan could not be made).  A refused one
    waits for a change (the run page, the source put right); one that left pages for
    the next run by the edit limit waits for the next change or the safety net, so
    that the limit keeps meaning "this many edits at a time"."""
    return result is RunResult.FAILED


def describe(change: RecentChange) -> str:
    what = {"edit": "edited", "new": "created"}.get(change.kind, change.log or change.kind)
    moved = f" to [[{change.target}]]" if change.target else ""
    return f"[[{change.title}]] {what}{moved} by {change.user or 'someone hidden'}"


# --- the loop ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WatchOptions:
    interval: float = 30.0  # seconds between two looks
    resync: float = 3600.0  # a full sync of a job at least this often (0: only on changes)
    dry_run: bool = False
    heartbeat: float = HEARTBEAT


@dataclass
class _Counts:
    """What the watcher did since its last heartbeat line."""

    requests: int  # the wiki's request count then
    looks: int = 0
    changes: int = 0
    syncs: int = 0
    since: float = field(default_factory=time.monotonic)


#: One sync of a job, and how it ended (the watcher's ``reason`` for it goes in its log).
SyncJob = Callable[[JobConfig, str], RunResult]
#: Enter a job's lock (into the watcher's ExitStack); returns how to note the holder.
LockJob = Callable[[JobConfig], Callable[[str], None]]


class Watcher:
    """The watch of the jobs of one file on one wiki, until a signal ends it."""

    def __init__(
        self, jobs: list[JobConfig], wiki: Wiki, sync_job: SyncJob, options: WatchOptions,
        stopper: Stopper, out: TextIO = sys.stdout,
    ) -> None:  # fmt: skip
        self.jobs = jobs
        self.wiki = wiki
        self.sync_job = sync_job
        self.options = options
        self.stopper = stopper
        self.out = out
        self.bot_user = wiki.username or ""
        self.watched = [self._watched(job) for job in jobs]
        self.namespaces = sorted({wiki.namespace(t) for w in self.watched for t in w.titles})
        self.position: tuple[str, int] | None = None
        self.due: dict[str, str] = {job.name: "the watch started" for job in jobs}
        self.last_sync: dict[str, float] = {}
        self.failed: dict[str, int] = {}  # job -> failed syncs in a row
        self.down = 0  # attempts in a row that could not reach the wiki
        self.down_since = 0.0
        self.counts = _Counts(wiki.counter.total)
        self.notes: list[Callable[[str], None]] = []

    def _watched(self, job: JobConfig) -> Watched:
        name = self.wiki.normalize
        return Watched(
            job.name, name(job.source), name(job.effective_prefix), name(job.index_title),
            name(job.run_page) if job.run_page else "",
            name(job.status_page) if job.status_page else "",
        )  # fmt: skip

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    def run(self, lock: LockJob) -> None:
        """Hold each job's lock, then watch until a signal ends it (raises Stop)."""
        self._lock_all(lock)
        jobs = ", ".join(job.name for job in self.jobs)
        dry = " (dry run: no edit)" if self.options.dry_run else ""
        self.say(
            f"watch     {jobs} on {self.wiki.site}: a look at the recent changes every "
            f"{self.options.interval:g} s{dry}"
        )
        while not self._attempt(self._look_from):
            self.stopper.sleep(backoff(self.down, self.options.interval))
        while True:
            for job in self.jobs:
                if not self.down:
                    self._maybe_sync(job)
            self._heartbeat()
            self.stopper.sleep(backoff(self.down, self.options.interval))
            self._attempt(self._look)

    def _lock_all(self, lock: LockJob) -> None:
        from .unattended import AlreadyRunning

        for job in self.jobs:
            waiting = ""
            while True:
                try:
                    self.notes.append(lock(job))
                    break
                except AlreadyRunning as error:
                    if str(error) != waiting:
                        waiting = str(error)
                        self.say(f"watch     {job.name}: waiting for the lock: {error}")
                    self.stopper.sleep(self.options.interval)
        self._note()

    def _note(self) -> None:
        """The lock file says when the watcher last looked (a health check reads it)."""
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        for note in self.notes:
            note(f"watching; last look {stamp}")

    def _attempt(self, action: Callable[[], None]) -> bool:
        """Run a look or a sync; False when the wiki could not be reached."""
        try:
            action()
        except Exception as error:
            where = unreachable(error)
            if not where:
                raise
            self.down += 1
            if self.down == 1:
                self.down_since = time.monotonic()
                self.say(f"watch     cannot reach {where}; trying again, less and less often")
            return False
        if self.down:
            down = (time.monotonic() - self.down_since) / 60
            self.say(f"watch     the wiki answers again (after {down:.0f} min)")
            self.down = 0
        return True

    def _look_from(self) -> None:
        _, self.position, _ = self.wiki.recent_changes(self.namespaces, None)

    def _look(self) -> None:
        changes, self.position, more = self.wiki.recent_changes(self.namespaces, self.position)
        self.counts.looks += 1
        for change in changes:
            for watched in self.watched:
                why = concerns(change, watched, self.bot_user)
                if why:
                    self.counts.changes += 1
                    self.say(f"change    {describe(change)} ({why} of {watched.job})")
                    self.due.setdefault(watched.job, describe(change))
        if more:  # more changed than a few requests list: every job is looked at again
            for job in self.jobs:
                self.due.setdefault(job.name, "more changes than one look lists")
        self._note()

    def _maybe_sync(self, job: JobConfig) -> None:
        since = time.monotonic() - self.last_sync.get(job.name, float("-inf"))
        reason = self.due.get(job.name, "")
        failed = self.failed.get(job.name, 0)
        if reason and failed and since < backoff(failed, self.options.interval):
            return  # a failed sync is tried again, less and less often
        if not reason and resync_due(since, self.options.resync):
            reason = f"no sync for {since / 60:.0f} min"
        if not reason:
            return
        outcome: list[RunResult] = []
        if not self._attempt(lambda: outcome.append(self.sync_job(job, reason))):
            return  # the wiki went away meanwhile: the sync is still due
        self.counts.syncs += 1
        self.last_sync[job.name] = time.monotonic()
        self.due.pop(job.name, None)
        self.failed.pop(job.name, None)
        if outcome[0] is RunResult.UNUSABLE:
            self.say(f"watch     {job.name} cannot run as configured: fix the job file")
        if retry_after(outcome[0]):
            self.due[job.name] = "the last sync failed"
            self.failed[job.name] = failed + 1

    def _heartbeat(self) -> None:
        counts = self.counts
        seconds = time.monotonic() - counts.since
        if seconds < self.options.heartbeat:
            return
        self.say(
            f"watch     alive: {counts.looks} looks, {counts.changes} relevant changes, "
            f"{counts.syncs} syncs, {self.wiki.counter.total - counts.requests} requests "
            f"in {seconds / 60:.0f} min"
        )
        self.counts = _Counts(self.wiki.counter.total)


# --- the command ---------------------------------------------------------------------------


def watch_jobs(
    jobs: list[JobConfig], connect: Callable[[bool], Wiki], options: WatchOptions
) -> int:
    """``recsync watch``: 0 when a signal ended it."""
    from .resources import template_text

    stopper = Stopper()
    stopper.install()
    out: Any = Stamped(sys.stdout)
    try:
        with connect(not options.dry_run) as wiki, ExitStack() as held:
            stopper.guard(wiki)
            skeleton = template_text("subpage.wiki")

            def sync_job(job: JobConfig, reason: str) -> RunResult:
                return _sync(job, wiki, skeleton, options.dry_run, stopper, reason, out)

            def lock(job: JobConfig) -> Callable[[str], None]:
                from .unattended import job_lock, lock_path

                where = lock_path(Path(job.lock_dir or wiki.config_dir), job.name,
                                  wiki.normalize(job.source))  # fmt: skip
                return held.enter_context(job_lock(where)) if not options.dry_run else _quiet

            watcher = Watcher(jobs, wiki, sync_job, options, stopper, out)
            try:
                watcher.run(lock)
            except Stop as stop:
                watcher.say(f"watch     stopped by {stop}: nothing more is saved; locks released")
    except Stop as stop:  # before the watch began
        print(f"recsync: watch stopped by {stop}", file=sys.stderr)
    finally:
        stopper.restore()
    return 0


def _quiet(line: str) -> None:
    return None


class Stamped:
    """An output stream that starts each line with the time (a service's log has the
    watcher's lines and its syncs' in one stream, for weeks)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self._at_start = True

    def write(self, text: str) -> int:
        for part in text.splitlines(keepends=True):
            if self._at_start:
                self.out.write(datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ "))
            self.out.write(part)
            self._at_start = part.endswith("\n")
        self.out.flush()
        return len(text)

    def flush(self) -> None:
        self.out.flush()


def _sync(
    job: JobConfig, wiki: Wiki, skeleton: str, dry_run: bool, stopper: Stopper, reason: str,
    out: TextIO,
) -> RunResult:  # fmt: skip
    """One sync of the job, as ``recsync sync -always`` makes it, with its own log file."""
    from . import sync
    from .unattended import RunLog, prune_logs

    log_dir = None if dry_run else Path(job.log_dir or wiki.config_dir / "logs" / "recsync")
    log = RunLog(log_dir, job.name, out)

    def say(line: str) -> None:
        log(line)
        stopper.check()  # a signal during a save ends the watch after the save's line

    try:
        log(f"recsync {job.name}: [[{job.source}]] on {wiki.site} ({reason})")
        if log_dir is not None and prune_logs(log_dir, job.name, job.log_keep_days):
            log.note(f"deleted run logs older than {job.log_keep_days} days")
        options = sync.RunOptions(dry_run=dry_run, ask=stopper.ask)
        summary = sync.run_job(job, wiki, skeleton, options, say)
        outcome = summary.result(preview=dry_run)
        for why, label in (
            (summary.unusable, "cannot run"), (summary.failure, "cannot run"),
            (summary.refused, str(outcome)),
        ):  # fmt: skip
            if why:
                log(f"{label}: {why}")
        log(summary.line())
        return outcome
    finally:
        log.close()
