"""recsync's command line: parse | sync | watch | install-templates.

What each command and option does is said once, in ``build_parser``: it is what
``recsync --help``, ``recsync COMMAND -help`` and the README show.  Help and
``--version`` import no pywikibot and open no socket (see bot/startup.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .config import ConfigError, JobConfig, job_file_keys, load_jobs, select_job
from .listing import parse_listing
from .model import PageChange, ParseResult, RunResult, RunSummary
from .report import change_line
from .resources import template_text
from .source import DEFAULT_GROUP, parse_source
from .startup import split_arguments, start_pywikibot, unreachable, verbose

if TYPE_CHECKING:  # these import pywikibot, which only wiki commands need
    from .wiki import Wiki

REPORT_SUFFIXES = (".md", ".html", ".json", ".wiki", ".txt")
EXIT_OK = RunResult.OK.exit_code
EXIT_FAILED = RunResult.FAILED.exit_code
EXIT_USAGE = 2
EXIT_REFUSED = RunResult.REFUSED.exit_code
EXIT_ATTENTION = RunResult.ATTENTION.exit_code


class UsageError(Exception):
    """Bad options, configuration or input: reported in one line, exit code 2."""


EXIT_CODES = f"""exit codes:
  {EXIT_OK}  done: every page is in step
  {EXIT_FAILED}  failed: something could not be done (a page failed or conflicted, the run
     could not be planned, the wiki could not be reached); alert someone
  {EXIT_USAGE}  usage or configuration error (also: no password, no terminal without -always)
  {EXIT_REFUSED}  refused: the kill switch, a guard rail or another run of the job stopped it
  {EXIT_ATTENTION}  needs attention: done, but some pages were skipped ({{{{nobots}}}}), declined or
     left for the next run by the edit limit: see the log or the status page
  With several jobs, the first of {EXIT_USAGE}, {EXIT_FAILED}, {EXIT_REFUSED}, {EXIT_ATTENTION} \
that a job ended with."""

PYWIKIBOT_OPTIONS = """pywikibot's global options may stand anywhere on the line, e.g. -dir:PATH
(its config dir), -user:NAME, -simulate, -pt:SECONDS (put_throttle), -maxlag:SECONDS,
-family:NAME, -code:CODE, -log, -verbose, -debug (tracebacks), -max_retries:N,
-retry_wait:SECONDS, -retry_max:SECONDS.  A run with no terminal retries a wiki that
does not answer at most 3 times, up to 30 s apart, unless user-config.py or these
options say otherwise."""

EXAMPLES = {
    None: """examples:
  recsync parse --file page.wiki
  recsync sync --config job.toml --dry-run -dir:~/recsync-meta
  recsync install-templates --config job.toml -dir:~/recsync-meta
  recsync sync --config job.toml -always -dir:~/recsync-meta
  recsync watch --config job.toml -dir:~/recsync-meta
  recsync sync -help                 help on one command""",
    "parse": """examples:
  recsync parse --file page.wiki --json
  recsync parse --page 'User:Econterms/89 strategy recommendations as of Nov 2019'""",
    "sync": """examples:
  recsync sync --config job.toml --dry-run --report plan.html
  recsync sync --config job.toml --preview-page "User:ExampleBot/Preview"
  recsync sync --config job.toml --job strategy -always
  recsync sync --source "User:Example/Source" -always -dir:~/recsync-meta""",
    "watch": """examples:
  recsync watch --config job.toml -dir:~/recsync-meta
  recsync watch --config job.toml --interval 60 --dry-run

watch looks at the wiki's recent changes every --interval seconds (one request for all
jobs of the file) and syncs a job when someone else edited, moved or deleted its source
page, a translation of it, its run page, its index or a page below its prefix; also at
the start, and at least every --resync seconds.  Each sync is a `sync -always` run with
its own log file.  It holds each job's lock while it runs, waits longer and longer while
the wiki cannot be reached, and says hourly that it is alive.  SIGTERM or SIGINT ends
it after the save in progress: exit 0.  It exits 1 if the wiki cannot be reached when
it starts (let its service manager start it again), 2 on a usage error.""",
    "install-templates": """examples:
  recsync install-templates --config job.toml --dry-run
  recsync install-templates -always -dir:~/recsync-meta""",
}


def _job_file_help() -> str:
    lines = [
        "job file (TOML): these keys at the top level, or per job in [jobs.NAME] tables",
        "(top-level keys are their defaults); the options above override them:",
    ]
    for name, default, what in job_file_keys():
        lines += [f"  {name} = {json.dumps(default)}", f"      {what}"]
    return "\n".join(lines)


def _epilog(command: str | None) -> str:
    parts = [EXAMPLES[command]]
    if command in ("sync", "watch", "install-templates"):
        parts.append(_job_file_help())
    parts += [EXIT_CODES, PYWIKIBOT_OPTIONS] if command != "watch" else [PYWIKIBOT_OPTIONS]
    return "\n\n".join(parts)


def build_parser() -> argparse.ArgumentParser:
    """Every command and option, with the help it prints."""
    parser = argparse.ArgumentParser(
        prog="recsync",
        description="Keep one status subpage per recommendation in step with a source page.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_epilog(None),
    )
    parser.add_argument("--version", action="version", version=f"recsync {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name, help=summary, description=summary, epilog=_epilog(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )  # fmt: skip

    parse = command("parse", "list the recommendations the source page holds")
    where = parse.add_mutually_exclusive_group(required=True)
    where.add_argument("--file", type=Path, help="read the wikitext from this file (no wiki)")
    where.add_argument("--page", help="read this page from the configured wiki")
    parse.add_argument("--json", action="store_true", help="print one JSON object")
    parse.add_argument("--strict", action="store_true", help="exit 1 on any warning")
    parse.add_argument(
        "--default-group",
        default=DEFAULT_GROUP,
        help=f"group for items above any heading (default: {DEFAULT_GROUP})",
    )
    sync = command("sync", "bring the subpages and the index in step with the source page")
    _job_options(sync)
    sync.add_argument("-always", action="store_true", help="save without asking (pywikibot's)")
    sync.add_argument(
        "--dry-run", action="store_true", help="plan and show every change; write nothing"
    )
    sync.add_argument("--summary-json", type=Path, help="write the run's counts to this file")
    sync.add_argument("--force", action="store_true", help="retire items even past the guard rails")
    sync.add_argument(
        "--report", type=Path, metavar="FILE", help="write the plan as .md, .html, .json or .wiki"
    )
    sync.add_argument(
        "--preview-page",
        metavar="TITLE",
        help="save the plan to this page (in the bot's user space) and edit nothing else",
    )
    sync.add_argument(
        "--recreate",
        metavar="TITLE",
        action="append",
        default=[],
        help="create this subpage again though an admin deleted it (repeatable)",
    )
    watch = command(
        "watch", "sync whenever the wiki's recent changes say the source or its pages changed"
    )
    _job_options(watch)
    watch.add_argument("-always", action="store_true", help="accepted; watch never asks")
    watch.add_argument("--dry-run", action="store_true", help="show what each sync would do")
    watch.add_argument(
        "--interval", type=_seconds, default=30.0, metavar="SECONDS",
        help="between two looks at the recent changes (default: 30)",
    )  # fmt: skip
    watch.add_argument(
        "--resync", type=_seconds, default=3600.0, metavar="SECONDS",
        help="a full sync of a job at least this often, changes or not (default: 3600; 0: never)",
    )  # fmt: skip
    install = command(
        "install-templates", "install the status template, its badge, colours, doc and categories"
    )
    _job_options(install)
    install.add_argument("-always", action="store_true", help="save without asking")
    install.add_argument("--dry-run", action="store_true", help="show the diffs; write nothing")
    install.add_argument(
        "--force", action="store_true", help="overwrite a template that editors have changed"
    )
    return parser


def _seconds(value: str) -> float:
    seconds = float(value)
    if seconds < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds >= 0")
    return seconds


def _job_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="TOML file with one or more jobs (see below)")
    parser.add_argument("--job", help="run only this job of the file")
    parser.add_argument("--source", help="the source page's title")
    parser.add_argument("--prefix", help="subpages live below it (default: the source page)")
    parser.add_argument("--title-pattern", help="default: {prefix}/{group}/{number}")
    parser.add_argument("--template", help="default: Template:Recommendation status")
    parser.add_argument("--index", help="the index page (default: {prefix}/Index)")
    parser.add_argument("--summary-prefix", help="edit summaries start with it (default: recsync)")


def _jobs(args: argparse.Namespace) -> list[JobConfig]:
    overrides = {
        key: getattr(args, key)
        for key in ("source", "prefix", "title_pattern", "template", "index", "summary_prefix")
    }
    if args.config is None and not args.source:
        raise UsageError("give --config FILE or --source TITLE")
    try:
        return select_job(load_jobs(args.config, overrides), args.job)
    except ConfigError as error:
        raise UsageError(str(error)) from error


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


def run_sync(args: argparse.Namespace) -> int:
    import pywikibot

    from . import sync
    from .unattended import AlreadyRunning, RunLog, job_lock, lock_path, prune_logs

    jobs = _jobs(args)
    if args.report is not None and args.report.suffix.lower() not in REPORT_SUFFIXES:
        raise UsageError(
            f"--report {args.report}: the name must end in {', '.join(REPORT_SUFFIXES)}"
        )
    previewing = bool(args.preview_page)
    if not args.always and not args.dry_run and not previewing and not sys.stdin.isatty():
        raise UsageError("no terminal to ask on: pass -always to save without asking, or --dry-run")
    skeleton = template_text("subpage.wiki")

    def options_for(job: JobConfig) -> sync.RunOptions:
        report = args.report
        if report is not None and len(jobs) > 1:
            report = report.with_name(f"{report.stem}-{job.name}{report.suffix}")
        return sync.RunOptions(
            dry_run=args.dry_run,
            force=args.force,
            ask=None if args.always else _ask,
            report=report,
            preview_page=args.preview_page or "",
            recreate=tuple(args.recreate or ()),
        )

    base_dir = Path(pywikibot.config.base_dir)
    wiki = _connect(login=previewing or not args.dry_run)
    totals = RunSummary(job="all jobs")
    codes = []
    try:
        for job in jobs:
            log_dir = None if args.dry_run else Path(job.log_dir or base_dir / "logs" / "recsync")
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
                    for reason, label in (
                        (summary.unusable, "cannot run"),
                        (summary.failure, "cannot run"),
                        (summary.refused, str(outcome)),  # refused, or the edit limit
                    ):
                        if reason:
                            log.note(f"{label}: {reason}")
                            print(f"recsync: {job.name}: {label}: {reason}", file=sys.stderr)
                    log(summary.line())
            except AlreadyRunning as error:
                print(f"recsync: {job.name}: {error}", file=sys.stderr)
                codes.append(EXIT_REFUSED)
                continue
            finally:
                log.close()
            codes.append(outcome.exit_code)
            totals.add(summary)
    finally:
        wiki.close()
    totals.requests = wiki.counter.total
    if args.summary_json:
        args.summary_json.write_text(json.dumps(totals.to_json(), indent=2) + "\n")
    return _worst(codes)


def _worst(codes: list[int]) -> int:
    """Usage errors first, then failures, refusals and what needs attention."""
    for code in (EXIT_USAGE, EXIT_FAILED, EXIT_REFUSED, EXIT_ATTENTION):
        if code in codes:
            return code
    return EXIT_OK


def run_install_templates(args: argparse.Namespace) -> int:
    from . import sync

    if args.config or args.source:
        jobs = _jobs(args)
    else:  # no job file: the template named on the command line, or the default one
        jobs = [JobConfig(template=args.template) if args.template else JobConfig()]
    if not args.always and not args.dry_run and not sys.stdin.isatty():
        raise UsageError("no terminal to ask on: pass -always to save without asking, or --dry-run")
    options = sync.RunOptions(
        dry_run=args.dry_run, force=args.force, ask=None if args.always else _ask
    )
    with _connect(login=not args.dry_run) as wiki:
        summary = sync.install_templates(
            [job.template for job in jobs], wiki, options, print, jobs[0].summary_prefix
        )
    if summary.refused:
        print(f"recsync: refused: {summary.refused}", file=sys.stderr)
    return summary.result(preview=args.dry_run).exit_code


def _read_parse_input(args: argparse.Namespace) -> tuple[str, str]:
    if args.file is not None:
        try:
            return args.file.read_text(encoding="utf-8"), str(args.file)
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read {args.file}: {error}") from error
    with _connect(login=False) as wiki:
        page = wiki.read_page(args.page)
    if page.text is None:
        raise UsageError(f"page [[{args.page}]] does not exist on {wiki.site}")
    return page.text, page.title


def run_parse(args: argparse.Namespace) -> int:
    text, source = _read_parse_input(args)
    result: ParseResult = parse_source(text, source=source, default_group=args.default_group)
    if result.redirect is not None:
        print(
            f"recsync: {source} is a redirect to [[{result.redirect}]], "
            "not a list of recommendations",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(parse_listing(result))
    for warning in result.warnings:
        print(f"warning: {source}:{warning.line}: {warning.message}", file=sys.stderr)
    if not result.items:
        print(
            f"recsync: {source} holds no recommendation "
            "(no top-level * or # entry that is not an introduction)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if args.strict and result.warnings:
        print(f"recsync: {len(result.warnings)} warning(s) with --strict", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _needs_wiki(args: argparse.Namespace) -> bool:
    return args.command != "parse" or args.page is not None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code says how it ended (see EXIT_CODES)."""
    ours, pywikibot_options = split_arguments(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(ours)  # help and --version end here: no pywikibot
    try:
        if _needs_wiki(args):
            unattended = not sys.stdin.isatty() or args.command == "watch"  # it waits itself
            unknown = start_pywikibot(pywikibot_options, unattended)
            if unknown:
                raise UsageError(f"unknown option {' '.join(unknown)} (see recsync --help)")
        elif pywikibot_options:
            raise UsageError(
                f"parse --file reads no wiki: {' '.join(pywikibot_options)} is not an option of it"
            )
        if args.command == "parse":
            return run_parse(args)
        if args.command == "sync":
            return run_sync(args)
        if args.command == "watch":
            from .watch import WatchOptions, watch_jobs

            interval = max(args.interval, 1.0)
            options = WatchOptions(interval, args.resync, dry_run=args.dry_run)
            return watch_jobs(_jobs(args), _connect, options)
        return run_install_templates(args)
    except UsageError as error:
        print(f"recsync: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:
        where = unreachable(error)
        if not where:
            raise
        if verbose():
            traceback.print_exc()
        print(f"recsync: cannot reach {where}", file=sys.stderr)
        return EXIT_FAILED
