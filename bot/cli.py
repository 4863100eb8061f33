"""recsync's command line: parse | sync | watch | install-templates.

What each command and option does is said once, in ``build_parser``: it is what
``recsync --help``, ``recsync COMMAND -help`` and the README show.  Help and
``--version`` import no pywikibot and open no socket (see bot/startup.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__, preflight
from .config import ConfigError, JobConfig, load_jobs, select_job
from .help import EXIT_FAILED, EXIT_OK, EXIT_USAGE, epilog
from .listing import parse_listing
from .model import ParseResult, plural
from .namespaces import ENGLISH, Namespaces
from .report import REPORT_FORMATS
from .runs import (
    UsageError,
    _ask,
    _connect,
    _log_dir,
    run_sync,
)
from .source import DEFAULT_GROUP, parse_source
from .startup import split_arguments, start_pywikibot, unreachable, verbose


class Parser(argparse.ArgumentParser):
    """The command line, and each command's own parser (for its usage on an error)."""

    commands: dict[str, argparse.ArgumentParser]


def build_parser() -> Parser:
    """Every command and option, with the help it prints."""
    parser = Parser(
        prog="recsync",
        description="Keep one status subpage per recommendation in step with a source page.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=epilog(None),
    )
    parser.add_argument("--version", action="version", version=f"recsync {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parser.commands = {}

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        parser.commands[name] = commands.add_parser(
            name, help=summary, description=summary, epilog=epilog(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )  # fmt: skip
        return parser.commands[name]

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
    sync.add_argument(
        "--summary-json", type=Path, metavar="FILE.json", help="write the run's counts to this file"
    )
    sync.add_argument(
        "--force", action="store_true", help="write past the guard rails (not the run page)"
    )
    sync.add_argument(
        "--strict", action="store_true", help="write nothing while the parser warns (exit 1)"
    )
    sync.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="write the plan to FILE: .md, .html, .json, .wiki, or .txt (as printed)",
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
    _watch_options(command(
        "watch", "sync whenever the wiki's recent changes say the source or its pages changed"
    ))  # fmt: skip
    install = command(
        "install-templates",
        "install the status template, its badge, colours, words, doc and categories",
    )
    _job_options(install)
    install.add_argument("-always", action="store_true", help="save without asking")
    install.add_argument("--dry-run", action="store_true", help="show the diffs; write nothing")
    install.add_argument(
        "--force", action="store_true", help="overwrite a template that editors have changed"
    )
    return parser


def _watch_options(watch: argparse.ArgumentParser) -> None:
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


def run_install_templates(args: argparse.Namespace) -> int:
    from . import installing, sync

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
        summary = installing.install_templates(
            [job.template for job in jobs], wiki, options, print, jobs[0].summary_prefix,
            tuple(job.run_page for job in jobs if job.run_page),
        )  # fmt: skip
    if summary.refused:
        would = "a real run would be refused" if args.dry_run else "refused"
        print(f"recsync: {would}: {summary.refused}", file=sys.stderr)
    return summary.result(preview=args.dry_run).exit_code


def _read_parse_input(args: argparse.Namespace) -> tuple[str, str, Namespaces]:
    """The text, where it came from, and the namespaces it is read with (a file's:
    an English wiki's)."""
    if args.file is not None:
        try:
            return args.file.read_text(encoding="utf-8"), str(args.file), ENGLISH
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read {args.file}: {error}") from error
    with _connect(login=False) as wiki:
        page, namespaces = wiki.read_page(args.page), wiki.namespaces
    if page.text is None:
        raise UsageError(f"page [[{args.page}]] does not exist on {wiki.site}")
    return page.text, page.title, namespaces


def run_parse(args: argparse.Namespace) -> int:
    text, source, namespaces = _read_parse_input(args)
    result: ParseResult = parse_source(
        text, source=source, default_group=args.default_group, namespaces=namespaces
    )
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
        print(f"recsync: {plural(len(result.warnings), 'warning')} with --strict", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _needs_wiki(args: argparse.Namespace) -> bool:
    return args.command != "parse" or args.page is not None


def _refuse_single_dash(words: list[str], command: argparse.ArgumentParser) -> None:
    """``-job:x``, ``-config:job.toml``: recsync's own options written pywikibot's way."""
    ours = {o for action in command._actions for o in action.option_strings}
    for word in words:
        name, _, value = word.partition(":")
        if "-" + name not in ours:
            continue
        spelled = f"-{name} {value}" if value else f"-{name}"
        extra = (
            "; pywikibot's -config names another user-config.py, which recsync does not take"
            if name == "-config"
            else ""
        )
        command.error(f"{word}: recsync's own options take two dashes: {spelled}{extra}")


def _preflight(args: argparse.Namespace, pywikibot_options: list[str]) -> tuple[Path, list[Any]]:
    """The config dir, the jobs and every output path, checked before pywikibot starts."""
    base_dir = preflight.config_dir(pywikibot_options, os.environ, Path.cwd(), Path.home())
    if args.command not in ("sync", "watch"):
        return base_dir, []
    jobs = _jobs(args)
    if args.command == "sync":
        _preflight_sync(args, jobs)
    for job in jobs:
        if not args.dry_run:
            preflight.output_folder(_log_dir(job, base_dir), f"{job.name}: log_dir")
        preflight.output_folder(Path(job.lock_dir or base_dir), f"{job.name}: lock_dir")
    return base_dir, jobs


def _preflight_sync(args: argparse.Namespace, jobs: list[JobConfig]) -> None:
    """What only sync takes: --recreate, the prompt, --report and --summary-json."""
    if args.recreate and len(jobs) > 1:
        raise UsageError("--recreate names pages of one job: add --job NAME")
    if not args.always and not args.dry_run and not args.preview_page and not sys.stdin.isatty():
        raise UsageError("no terminal to ask on: pass -always to save without asking, or --dry-run")
    if args.report is not None:
        preflight.output_file(args.report, "--report", REPORT_FORMATS)
    if args.summary_json is not None:
        preflight.output_file(args.summary_json, "--summary-json", {".json": "JSON"})


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code says how it ended (see EXIT_MEANINGS)."""
    ours, pywikibot_options = split_arguments(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args, extra = parser.parse_known_args(ours)  # help and --version end here: no pywikibot
    command = parser.commands.get(args.command, parser)
    if extra:
        command.error(f"unrecognized arguments: {' '.join(extra)}")
    _refuse_single_dash(pywikibot_options, command)
    try:
        if _needs_wiki(args):
            base_dir, jobs = _preflight(args, pywikibot_options)
            unattended = not sys.stdin.isatty() or args.command == "watch"  # it waits itself
            unknown = start_pywikibot(pywikibot_options, unattended)
            if unknown:
                command.error(
                    f"unknown option {' '.join(unknown)} "
                    "(neither recsync's nor one of pywikibot's global options)"
                )
        elif pywikibot_options:
            raise UsageError(
                f"parse --file reads no wiki: {' '.join(pywikibot_options)} is not an option of it"
            )
        if args.command == "parse":
            return run_parse(args)
        if args.command == "sync":
            return run_sync(args, jobs, base_dir)
        if args.command == "watch":
            from .watch import WatchOptions, watch_jobs

            interval = max(args.interval, 1.0)
            options = WatchOptions(interval, args.resync, dry_run=args.dry_run)
            return watch_jobs(jobs, _connect, options)
        return run_install_templates(args)
    except (UsageError, preflight.PreflightError) as error:
        print(f"recsync: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:
        where = unreachable(error)
        if not where and isinstance(error, OSError):  # a local file, not the network
            if verbose():
                traceback.print_exc()
            print(f"recsync: {_local_error(error)}", file=sys.stderr)
            return EXIT_FAILED
        if not where:
            raise
        if verbose():
            traceback.print_exc()
        print(f"recsync: cannot reach {where}", file=sys.stderr)
        return EXIT_FAILED


def _local_error(error: OSError) -> str:
    """``cannot write /srv/x.json: No space left on device`` (a local file, never a request)."""
    name = f" {error.filename}" if error.filename else ""
    return f"cannot write{name}: {error.strerror or error}"
