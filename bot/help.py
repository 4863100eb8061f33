"""What ``recsync --help`` says beside the options: examples, the job file's keys, the
exit codes and pywikibot's global options.  Pure.

The README's "Exit codes" says exactly ``EXIT_MEANINGS`` and ``EXIT_NOTES`` (a test
compares them).
"""

from __future__ import annotations

import json

from .config import job_file_keys
from .model import RunResult

EXIT_OK = RunResult.OK.exit_code
EXIT_FAILED = RunResult.FAILED.exit_code
EXIT_USAGE = 2
EXIT_REFUSED = RunResult.REFUSED.exit_code
EXIT_ATTENTION = RunResult.ATTENTION.exit_code

#: What each exit code means: --help and the README's "Exit codes" say exactly this.
EXIT_MEANINGS = (
    (EXIT_OK, "done: every page is in step"),
    (
        EXIT_FAILED,
        "failed: something could not be done (a page failed or conflicted, the run could "
        "not be planned, the wiki could not be reached, a file could not be written), or "
        "the input has problems (no items, warnings with --strict): alert someone",
    ),
    (
        EXIT_USAGE,
        "usage or configuration error: an unknown option, no usable user-config.py, a bad "
        "job file or output path, no password, no terminal without -always, a source that "
        "redirects to another wiki, twice, or to itself, --recreate of a page that is not "
        "a deleted page of the job",
    ),
    (
        EXIT_REFUSED,
        "refused: the run page (kill switch), a guard rail (a mass change, a source that "
        "is not a list), another run of the same job, or install-templates finding "
        "someone else's change to a template",
    ),
    (
        EXIT_ATTENTION,
        "needs attention: done, but some page was skipped ({{nobots}}, protected, refused "
        "by the wiki's filters, moved away without its call), deleted by an admin and not "
        "recreated, declined at the prompt or left for the next run by the edit limit, a "
        "status is one the template does not know, or a group heading got a title that is "
        "not the heading as written (said on the run that makes its pages)",
    ),
)
EXIT_NOTES = (
    "A dry run or a preview exits 0 unless it failed or would be refused. With several "
    "jobs, the first of 2, 1, 3, 4 that a job ended with."
)


def _exit_codes() -> str:
    import textwrap

    wrap = textwrap.TextWrapper(84, break_on_hyphens=False, break_long_words=False)
    lines = ["exit codes:"]
    for code, meaning in EXIT_MEANINGS:
        wrap.initial_indent, wrap.subsequent_indent = f"  {code}  ", "     "
        lines += wrap.wrap(meaning)
    wrap.initial_indent = wrap.subsequent_indent = "  "
    lines += wrap.wrap(EXIT_NOTES)
    return "\n".join(lines)


PYWIKIBOT_OPTIONS = """pywikibot's global options may stand anywhere on the line, e.g. -dir:PATH
(its config dir), -user:NAME, -simulate, -pt:SECONDS (put_throttle), -maxlag:SECONDS,
-family:NAME, -code:CODE, -log, -verbose, -debug (tracebacks), -max_retries:N,
-retry_wait:SECONDS, -retry_max:SECONDS.  A run with no terminal retries a wiki that
does not answer at most 3 times, up to 30 s apart, unless user-config.py or these
options say otherwise.  recsync's own options take two dashes (--config FILE).  With
no usable user-config.py (in -dir:, PYWIKIBOT_DIR, the current folder or ~/.pywikibot)
a command stops at once with exit 2: it never falls back to pywikibot's default wiki."""

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


def epilog(command: str | None) -> str:
    parts = [EXAMPLES[command]]
    if command in ("sync", "watch", "install-templates"):
        parts.append(_job_file_help())
    parts += [_exit_codes(), PYWIKIBOT_OPTIONS] if command != "watch" else [PYWIKIBOT_OPTIONS]
    return "\n\n".join(parts)
