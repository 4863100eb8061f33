"""recsync: keep one status subpage per recommendation in step with a source page.

Commands:

  parse --file PATH | --page TITLE [--json] [--strict]
      Read the source page and list its recommendations.

  sync [--config FILE] [--job NAME] [--source TITLE] [--prefix P] [-always]
       [--dry-run] [--summary-json FILE]
      Write one subpage per recommendation and the index page; change only
      what the source changed.  Without -always, asks before each edit.

  install-templates [--config FILE] [--dry-run]
      Create or update the status template from templates/status.wiki.

pywikibot's global options (-dir:, -user:, -simulate, -pt:, -maxlag:, -family:,
-code:, -site:, -log, -verbose, ...) may stand anywhere on the line; they are
handled by pywikibot before our own options.

Exit codes: 0 success; 1 some pages failed, or the input has problems
(warnings with --strict, a source without items); 2 usage or configuration
error; 3 refused by a guard rail or the kill switch.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import ConfigError, JobConfig, load_jobs, select_job
from bot.listing import parse_listing
from bot.model import ParseResult
from bot.plan import PageChange
from bot.report import change_line
from bot.resources import template_text
from bot.source import DEFAULT_GROUP, parse_source

if TYPE_CHECKING:  # these import pywikibot, which only wiki commands need
    from bot.sync import RunSummary
    from bot.wiki import Wiki

REPORT_SUFFIXES = (".md", ".html", ".json", ".wiki", ".txt")
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3


class UsageError(Exception):
    """Bad options, configuration or input: reported in one line, exit code 2."""


def _split_pywikibot_args(argv: Sequence[str]) -> tuple[list[str], bool]:
    """Let pywikibot take its global options; return the rest.

    pywikibot is only imported when the command line has one of its options, so
    that ``parse --file`` runs without any pywikibot configuration.
    """
    ours = {"-always", "-h", "-help"}
    wiki_commands = {"sync", "install-templates", "--page"}
    wants = any(
        a in wiki_commands or (a.startswith("-") and not a.startswith("--") and a not in ours)
        for a in argv
    )
    if not wants:
        return list(argv), False
    import pywikibot

    logging.getLogger("pywiki").addFilter(_one_line_per_retry)
    return pywikibot.handle_args(list(argv), do_help=False), True


def _one_line_per_retry(record: logging.LogRecord) -> bool:
    """pywikibot logs each failed HTTP attempt it retries as a whole traceback.

    A maintainer reading a cron mail needs one line: what failed, and that it is retried.
    """
    message = record.msg if isinstance(record.msg, str) else ""
    if message.startswith("Traceback (most recent call last)"):
        last = [line for line in message.strip().splitlines() if line.strip()][-1]
        record.msg, record.args = f"request failed, retrying: {last.strip()}", ()
        record.levelno, record.levelname = logging.WARNING, "WARNING"
    return True


def _unreachable(error: Exception) -> str:
    """'host: reason' when the error means the wiki could not be reached, else ''."""
    if "pywikibot" not in sys.modules:
        return ""
    from pywikibot import exceptions

    if not isinstance(error, exceptions.ApiTimeoutError | exceptions.ServerError):
        return ""
    site, uri = getattr(error, "site", None), getattr(error, "uri", None)
    where = "the wiki"
    if site is not None:
        try:
            where = str(site.base_url(uri or site.apipath()))
        except Exception:
            where = str(site)
    reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return f"{where}: {reason}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recsync",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="pywikibot's global options (-dir:, -user:, -simulate, ...) are accepted too.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser("parse", help="list the recommendations on the source page")
    where = parse.add_mutually_exclusive_group(required=True)
    where.add_argument("--file", type=Path, help="read the wikitext from this file")
    where.add_argument("--page", help="read this page from the configured wiki")
    parse.add_argument("--json", action="store_true", help="print one JSON object")
    parse.add_argument("--strict", action="store_true", help="exit 1 on any warning")
    parse.add_argument(
        "--default-group",
        default=DEFAULT_GROUP,
        help=f"group for items above any heading (default: {DEFAULT_GROUP})",
    )
    sync = commands.add_parser("sync", help="bring the subpages and the index in step")
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

    install = commands.add_parser("install-templates", help="install the status template")
    _job_options(install)
    install.add_argument("-always", action="store_true", help=argparse.SUPPRESS)
    install.add_argument("--dry-run", action="store_true", help="show the diff; write nothing")
    return parser


def _job_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="TOML file with one or more jobs")
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

    from bot.wiki import Wiki

    try:
        return Wiki.connect(login=login)
    except pywikibot.exceptions.Error as error:
        if _unreachable(error):
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

    from bot import sync
    from bot.unattended import AlreadyRunning, RunLog, job_lock, lock_path

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
        )

    base_dir = Path(pywikibot.config.base_dir)
    wiki = _connect(login=previewing or not args.dry_run)
    totals = sync.RunSummary(job="all jobs")
    codes = []
    try:
        for job in jobs:
            log = RunLog(
                None if args.dry_run else Path(job.log_dir or base_dir / "logs" / "recsync"),
                job.name,
                sys.stdout,
            )
            try:
                lock = lock_path(
                    Path(job.lock_dir or base_dir), job.name, wiki.normalize(job.source)
                )
                with job_lock(lock):
                    log(f"recsync {job.name}: [[{job.source}]] on {wiki.site}")
                    summary = sync.run_job(job, wiki, skeleton, options_for(job), log)
                    for reason, label in (
                        (summary.failure, "cannot run"),
                        (summary.refused, "refused"),
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
            codes.append(_exit_code(summary, args.dry_run or previewing))
            _add(totals, summary)
    finally:
        wiki.close()
    totals.requests = wiki.counter.total
    if args.summary_json:
        args.summary_json.write_text(json.dumps(totals.to_json(), indent=2) + "\n")
    return _worst(codes)


def _exit_code(summary: RunSummary, dry_run: bool) -> int:
    if summary.refused:
        return EXIT_REFUSED
    if summary.failure or (not dry_run and not summary.in_step):
        return EXIT_FAILED
    return EXIT_OK


def _worst(codes: list[int]) -> int:
    """Usage errors first, then refusals, then failures."""
    for code in (EXIT_USAGE, EXIT_REFUSED, EXIT_FAILED):
        if code in codes:
            return code
    return EXIT_OK


def _add(totals: RunSummary, summary: RunSummary) -> None:
    for key in ("created", "updated", "unchanged", "retired", "skipped", "conflicts", "errors"):
        setattr(totals, key, getattr(totals, key) + getattr(summary, key))


def run_install_templates(args: argparse.Namespace) -> int:
    from bot import sync

    if args.config or args.source:
        jobs = _jobs(args)
    else:  # no job file: the template named on the command line, or the default one
        jobs = [JobConfig(template=args.template) if args.template else JobConfig()]
    with _connect(login=not args.dry_run) as wiki:
        ok = sync.install_templates(
            [job.template for job in jobs], wiki, args.dry_run, print, jobs[0].summary_prefix
        )
    return EXIT_OK if ok else EXIT_FAILED


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


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        local_args, _ = _split_pywikibot_args(arguments)
        args = build_parser().parse_args(local_args)
        if args.command == "parse":
            return run_parse(args)
        if args.command == "sync":
            return run_sync(args)
        if args.command == "install-templates":
            return run_install_templates(args)
        raise UsageError(f"unknown command {args.command!r}")
    except UsageError as error:
        print(f"recsync: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:
        where = _unreachable(error)
        if not where:
            raise
        print(f"recsync: cannot reach {where}", file=sys.stderr)
        return EXIT_FAILED
