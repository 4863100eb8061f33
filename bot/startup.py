"""pywikibot's start-up for recsync, and network faults said in one line.

Only the commands that talk to a wiki import pywikibot, and they do it here: help,
``--version`` and ``parse --file`` never read user-config.py nor open a socket.

* pywikibot's global options (``-dir:``, ``-simulate``, ``-max_retries:3``, ...) are the
  single-dash words of the command line that are not recsync's own (``-always``);
* an unattended run (no terminal) waits a bounded time for a wiki that does not answer:
  ``UNATTENDED_RETRIES`` unless user-config.py or the command line says otherwise;
* the User-Agent names recsync and its version (``user_agent_description``);
* each failed HTTP attempt that pywikibot retries is one line, not a traceback, and the
  fault that ends a run is one line: ``cannot reach <site>: <reason>``.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .model import plural

#: Our own single-dash options: every other single-dash word is pywikibot's.
OWN_SINGLE_DASH = frozenset({"-always", "-h"})
#: pywikibot's habit (``-help``) and ours (``-version``) become argparse's.
ALIASES = {"-help": "--help", "-version": "--version"}
#: pywikibot's defaults wait up to 15 times, 120 s apart: fine at a terminal, not in cron.
UNATTENDED_RETRIES = {"max_retries": 3, "retry_wait": 5, "retry_max": 30}
USER_AGENT = f"recsync/{__version__}"


def split_arguments(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """(recsync's words, pywikibot's global options), without importing pywikibot."""
    ours: list[str] = []
    theirs: list[str] = []
    for word in argv:
        name = word.partition(":")[0]
        if name in ALIASES:
            ours.append(ALIASES[name])
        elif word.startswith("-") and not word.startswith("--") and word != "-":
            (ours if word in OWN_SINGLE_DASH else theirs).append(word)
        else:
            ours.append(word)
    return ours, theirs


def start_pywikibot(global_options: list[str], unattended: bool) -> list[str]:
    """Configure pywikibot, let it take its options; return the words it did not know.

    pywikibot's ``handle_args`` also makes the default site, which asks the wiki who
    we are: a wiki that cannot be reached fails here, as a network fault.
    """
    import pywikibot

    configure_pywikibot(unattended)
    if global_options:
        return list(pywikibot.handle_args(global_options, do_help=False))
    # Given no option at all, handle_args would read sys.argv: give it nothing to read.
    saved, pywikibot.argvu = pywikibot.argvu, pywikibot.argvu[:1]
    try:
        return list(pywikibot.handle_args([], do_help=False))
    finally:
        pywikibot.argvu = saved


def configure_pywikibot(unattended: bool) -> None:
    """Our defaults, where user-config.py says nothing (the command line still wins)."""
    from pywikibot import config

    from .site_wording import use_recsync_messages

    use_recsync_messages()  # the edit summaries' words, as pwb does for pwb recsync
    chosen = _set_in_user_config(Path(config.base_dir) / "user-config.py")
    if unattended:
        for name, value in UNATTENDED_RETRIES.items():
            if name not in chosen:
                setattr(config, name, value)
    if not config.user_agent_description:
        config.user_agent_description = USER_AGENT
    logging.getLogger("pywiki").addFilter(one_line_per_retry)


def _set_in_user_config(path: Path) -> set[str]:
    """The names user-config.py assigns (pywikibot keeps no record of them)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return set()
    return set(re.findall(r"^([A-Za-z_]\w*)\s*=", text, re.MULTILINE))


def verbose() -> bool:
    """-verbose or -debug: tracebacks are wanted."""
    if "pywikibot" not in sys.modules:
        return False
    from pywikibot import config

    return bool(config.verbose_output or config.debug_log)


def one_line_per_retry(record: logging.LogRecord) -> bool:
    """pywikibot logs each failed HTTP attempt as a whole traceback before it waits.

    A maintainer reading a cron mail needs one line saying what failed; pywikibot's
    own "Waiting 5.0 seconds before retrying." follows when, and only when, it retries.
    """
    message = record.msg if isinstance(record.msg, str) else ""
    if verbose():
        return True
    if message.startswith(_URI_MESSAGE):  # said again by the next line
        _failed_uri[:] = [message.removeprefix(_URI_MESSAGE).strip()]
        return False
    if message.startswith("API error ") and _reported_by_the_run(message):
        return False
    # Only the traceback of a failed HTTP attempt (pywikibot's request loop) is a failed
    # request: another one (a local file, at exit) is left alone.
    if message.startswith("Traceback (most recent call last)") and _in_request_loop(record):
        last = [line for line in message.strip().splitlines() if line.strip()][-1]
        where = f" to {_failed_uri[-1]}" if _failed_uri else ""
        record.msg, record.args = f"request{where} failed: {reason(last)}", ()
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        _last_failure[:] = [reason(last)]
    return True


def _in_request_loop(record: logging.LogRecord) -> bool:
    """Was this logged by pywikibot's HTTP request loop (which waits and retries)?"""
    return getattr(record, "caller_name", "") == "_http_request"


def _reported_by_the_run(message: str) -> bool:
    """pywikibot's warning for a save the wiki refused, which the run's page line says
    again with the title (bot/apply.py): one line, not two."""
    from .answers import PROTECTION_CODES, REFUSAL_CODES

    code = message.removeprefix("API error ").partition(":")[0]
    return code in REFUSAL_CODES | PROTECTION_CODES


_URI_MESSAGE = "An error occurred for uri "
_failed_uri: list[str] = []
_last_failure: list[str] = []

_REASONS = (
    re.compile(r"Failed to resolve '[^']+'(?: \([^)]*\))?"),
    re.compile(r"\[Errno -?\d+\] [^'\")]+"),
    re.compile(r"(?:Read|Connect) timed out"),
    re.compile(r"certificate verify failed[^'\"()]*"),
    re.compile(r"\b5\d\d Server Error(?:: [^'\"()]*?)?(?= for url|$|['\"()])|Server \S+ timed out"),
)


def reason(text: str) -> str:
    """The words of an error message that say what went wrong."""
    for pattern in _REASONS:
        found = pattern.search(text)
        if found:
            return found.group(0).strip().rstrip(".,;:")
    first = (text.strip().splitlines() or ["unknown error"])[0]
    return first if len(first) <= 160 else first[:157] + "..."


def unreachable(error: BaseException) -> str:
    """'<site>: <reason>' when the error means the wiki could not be reached, else ''."""
    if "pywikibot" not in sys.modules:
        return ""
    import requests
    from pywikibot import exceptions

    faults = (
        ConnectionError,  # pywikibot raises the built-in one for unresolvable hosts
        requests.exceptions.RequestException,
        exceptions.ServerError,  # HTTP 5xx and timeouts, after pywikibot's retries
        exceptions.FatalServerError,  # TLS certificates
        exceptions.ApiTimeoutError,  # retries used up (also maxlag)
    )
    if not isinstance(error, faults):
        return ""
    why = reason(str(error))
    if isinstance(error, exceptions.ApiTimeoutError) and _last_failure:
        why = f"{_last_failure[-1]} (gave up after {plural(_retries(), 'retry')})"
    return f"{_where(error)}: {why}"


def _retries() -> int:
    from pywikibot import config

    return int(config.max_retries)


def _where(error: BaseException) -> str:
    """The API's URL, from the error's site or else from the configuration (no request)."""
    import pywikibot
    from pywikibot import config

    site = getattr(error, "site", None)
    try:
        if site is not None:
            return str(site.base_url(site.apipath()))
        family = pywikibot.family.Family.load(config.family)
        return str(family.base_url(config.mylang, family.apipath(config.mylang)))
    except Exception:
        return f"{config.family}:{config.mylang}"
