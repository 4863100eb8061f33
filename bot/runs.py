"""The sync command: each job in turn, under its lock, with its log; then the summary.

cli.py reads the command line and checks it (bot/preflight.py); this runs the jobs it
names against the wiki and says how each ended: on stderr and in the job's log, and
in ``--summary-json`` for tools (and for deploy/run-sync, which needs to know whether
a status page tells of a refusal before it calls it "not a failure").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import JobConfig
from .help import EXIT_ATTENTION, EXIT_FAILED, EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from .model import PageChange, RunResult, RunSummary
from .preflight import write_output
from .report import change_line
from .resources import template_text
from .startup import unreachable

if TYPE_CHECKING:  # these import pywikibot, which only wiki commands need
    from .wiki import Wiki


class UsageError(Exception):
    """Bad options, configuration or input: reported in one line, exit code 2."""


def _connect(login: bool) -> Wiki:
    import pywikibot

    from .wiki import Wiki

    try:
        return Wiki.connect(login=login)
    except pywikibot.exceptions.Error as error:
        if unreachable(error):
            raise  # a fault, not a configuration error: main() says so in one line
        raise UsageError(f"cannot use the configured wiki: {error}") from error


def _ask(change: PageChange) -> str:
    import pywikibot

    pywikibot.info(f"\n<<lightpurple>>{change_line(change)}<<default>>")
    pywikibot.showDiff(change.old_text or "", change.new_text or "")
    try:
        answer = pywikibot.input_choice(
            f"Save [[{change.title}]]?",
            [("yes", "y"), ("no", "n"), ("all", "a")],
            default="n",
            automatic_quit=True,
        )
    except pywikibot.bot.QuitKeyboardInterrupt:
        return "q"
    return str(answer)


def run_sync(args: argparse.Namespace, jobs: list[JobConfig], base_dir: Path) -> int:
    from . import sync
    from .unattended import AlreadyRunning, RunLog, job_lock, lock_path, prune_logs

    previewing = bool(args.preview_page)
    skeleton = template_text("subpage.wiki")

    def options_for(job: JobConfig) -> sync.RunOptions:
        return sync.RunOptions(
            dry_run=args.dry_run,
            force=args.force,
            ask=None if args.always else _ask,
            report=_report_path(args.report, job, len(jobs)),
            preview_page=args.preview_page or "",
            recreate=tuple(args.recreate or ()),
            strict=args.strict,
        )

    wiki = _connect(login=previewing or not args.dry_run)
    totals = RunSummary(job="all jobs", dry_run="dry run")
    ended: list[tuple[str, RunSummary | None, RunResult | None]] = []
    try:
        for job in jobs:
            log_dir = None if args.dry_run else _log_dir(job, base_dir)
            log = RunLog(log_dir, job.name, sys.stdout)
            try:
                lock = lock_path(
                    Path(job.lock_dir or base_dir), job.name, wiki.normalize(job.source)
                )
                with job_lock(lock):
                    log(f"recsync {job.name}: [[{job.source}]] on {wiki.site}")
                    if log_dir is not None and prune_logs(log_dir, job.name, job.log_keep_days):
                        log.note(f"deleted run logs older than {job.log_keep_days} days")
                    summary = sync.run_job(job, wiki, skeleton, options_for(job), log)
                    outcome = summary.result(preview=args.dry_run or previewing)
                    _say_why(job, summary, outcome, log)
                    log(summary.line())
            except AlreadyRunning as error:
                print(f"recsync: {job.name}: {error}", file=sys.stderr)
                ended.append((job.name, None, None))
                continue
            finally:
                log.close()
            ended.append((job.name, summary, outcome))
    finally:
        wiki.close()
    _add_up(totals, [s for _, s, _ in ended if s is not None])
    totals.requests = wiki.counter.total
    code = _worst([o.exit_code if o is not None else EXIT_REFUSED for _, _, o in ended])
    if args.summary_json:
        data = _summary_json(totals, ended, code)
        write_output(args.summary_json, json.dumps(data, indent=2) + "\n")
    return code


def _report_path(report: Path | None, job: JobConfig, jobs: int) -> Path | None:
    """--report, or with several jobs one file each: plan-NAME.html."""
    if report is not None and jobs > 1:
        return report.with_name(f"{report.stem}-{job.name}{report.suffix}")
    return report


def _log_dir(job: JobConfig, base_dir: Path) -> Path:
    return Path(job.log_dir or base_dir / "logs" / "recsync")


def _say_why(job: JobConfig, summary: RunSummary, outcome: RunResult, log: Any) -> None:
    """Why the job stopped or fell short, on stderr and in its log."""
    would = summary.dry_run == "dry run"
    for reason, label in (
        (summary.unusable, "cannot run"),
        (summary.failure, "a real run would fail" if would else "cannot run"),
        # refused, the edit limit (needs attention), or what a real run would do
        (summary.refused, "a real run would be refused" if would else str(outcome)),
    ):
        if reason:
            log.note(f"{label}: {reason}")
            print(f"recsync: {job.name}: {label}: {reason}", file=sys.stderr)


def _add_up(totals: RunSummary, summaries: list[RunSummary]) -> None:
    """The counts of all jobs: of the edits made, or, when no job made one, planned."""
    if any(not s.dry_run for s in summaries):
        totals.dry_run = ""
    elif summaries:
        totals.dry_run = (
            summaries[0].dry_run if len({s.dry_run for s in summaries}) == 1 else ("dry run")
        )
    for summary in summaries:
        totals.add(summary)


def _summary_json(
    totals: RunSummary, ended: list[tuple[str, RunSummary | None, RunResult | None]], code: int
) -> dict[str, Any]:
    """--summary-json: the totals, each job's end, and whether a status page tells of it.

    ``recorded_on_status_page`` is true when every job that did not end in step has its
    end on its status page: what deploy/run-sync needs to know before it calls a
    refusal or a page to look at "not a failure".
    """
    jobs = []
    for name, summary, outcome in ended:
        if summary is None or outcome is None:
            jobs.append({"job": name, "result": "refused", "exit_code": EXIT_REFUSED,
                         "refused": "another run of the job holds its lock",
                         "status_page": ""})  # fmt: skip
            continue
        jobs.append({"job": name, "result": str(outcome), "exit_code": outcome.exit_code,
                     **summary.to_json(), "status_page": summary.status_page})  # fmt: skip
    recorded = all(job["status_page"] for job in jobs if job["exit_code"] != EXIT_OK)
    return {"exit_code": code, **totals.to_json(), "recorded_on_status_page": recorded,
            "jobs": jobs}  # fmt: skip


def _worst(codes: list[int]) -> int:
    """Usage errors first, then failures, refusals and what needs attention."""
    for code in (EXIT_USAGE, EXIT_FAILED, EXIT_REFUSED, EXIT_ATTENTION):
        if code in codes:
            return code
    return EXIT_OK
