"""recsync: keep one status subpage per recommendation in step with a source page.

Commands:

  parse --file PATH | --page TITLE [--json] [--strict]
      Read the source page and list its recommendations.

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
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.model import ParseResult
from bot.report import parse_listing
from bot.source import DEFAULT_GROUP, parse_source

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
    wants = any(a.startswith("-") and not a.startswith("--") and a not in ours for a in argv)
    if not wants:
        return list(argv), False
    import pywikibot

    return pywikibot.handle_args(list(argv), do_help=False), True


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
    return parser


def _read_parse_input(args: argparse.Namespace) -> tuple[str, str]:
    if args.file is not None:
        try:
            return args.file.read_text(encoding="utf-8"), str(args.file)
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read {args.file}: {error}") from error
    from bot.wiki import Wiki

    page = Wiki.connect(login=False).read_page(args.page)
    if not page.exists:
        raise UsageError(f"page [[{args.page}]] does not exist on the wiki")
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
        raise UsageError(f"unknown command {args.command!r}")
    except UsageError as error:
        print(f"recsync: {error}", file=sys.stderr)
        return EXIT_USAGE
