"""What the wiki's answers mean, as the run reports them.  Sends no request.

``bot.wiki`` turns pywikibot's exceptions into the few defined here (a save refused,
and why: a conflict, protection, the wiki's filters); the wiki's own words are read
from the API error behind pywikibot's exception; a missing page's fate is read from
its log entries.  ``RequestCounter`` counts the answers (reads and writes) of a run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from pywikibot import exceptions as pwb_errors

from .model import PageFate, RecentChange


class SaveError(Exception):
    """A save the wiki refused; the message is the wiki's reason, one line."""


class EditConflict(SaveError):
    """Someone saved the page after the revision the change was planned from."""


class CreatedMeanwhile(SaveError):
    """A page the bot meant to create exists now (someone else's, or a lost answer)."""


class Protected(SaveError):
    """The page, or the title of a page to create, is protected against the bot's account."""


class Refused(SaveError):
    """The wiki's filters refused this one save: a spam filter (``$wgSpamRegex``,
    SpamBlacklist), AbuseFilter, the title blacklist.  The message is the wiki's own."""


#: API error codes of a save that the wiki's policy refused (the rest of the run can go
#: on, and the same save may pass once the filter or the blacklist changes).
REFUSAL_CODES = frozenset(
    {
        "spamprotectionmatch",  # $wgSpamRegex and $wgSummarySpamRegex (core)
        "spamblacklist",  # extension SpamBlacklist
        "abusefilter-disallowed",
        "abusefilter-warning",  # a bot does not save again past a warning
        "titleblacklist-forbidden",
    }
)
#: The codes of a page or title protected against the bot.
PROTECTION_CODES = frozenset({"protectedpage", "protectedtitle", "cascadeprotected"})


REFUSALS = (
    pwb_errors.SpamblacklistError,
    pwb_errors.TitleblacklistError,
    pwb_errors.AbuseFilterDisallowedError,
)


def api_error(error: BaseException) -> tuple[str, str]:
    """The API's error code and its own words (``info``), also from the APIError that
    pywikibot turned into one of its exceptions (it raises those ``from None``)."""
    for cause in (error, error.__cause__, error.__context__):
        if isinstance(cause, pwb_errors.APIError):
            return str(cause.code), plain(str(cause.info))
    return "", ""


def plain(info: str) -> str:
    """The wiki's message as one line of text (some carry HTML or line breaks)."""
    return " ".join(re.sub(r"<[^>]+>", "", info).split())


def fate_from_log(title: str, entries: Iterable[Any]) -> PageFate | None:
    """Why a page is missing, from its log entries (newest first).

    A deletion after a move removed what the move left behind (its redirect, which
    admins delete when it crosses namespaces), not the page that moved: the move is
    the page's fate.  A deletion stands when the log reaches the page's creation
    first; an undeletion since means no fate at all.
    """
    deleted: PageFate | None = None
    for entry in entries:
        kind, action = entry.type(), entry.action()
        if kind in ("delete", "move") and action == "restore":
            break  # undeleted since
        fate = _fate(title, entry)
        if fate is not None and fate.event == "move":
            return fate
        deleted = deleted or fate
        if kind == "create" and deleted is not None:
            break  # the deleted page was created here: it was no leftover of a move
    return deleted


def _fate(title: str, entry: Any) -> PageFate | None:
    """A log entry that explains a missing page, as plain data."""
    kind, action = entry.type(), entry.action()
    if not ((kind == "delete" and action == "delete") or kind == "move"):
        return None
    try:
        user = str(entry.user())
    except pwb_errors.HiddenKeyError:
        user = ""
    try:
        reason = str(entry.comment())
    except pwb_errors.HiddenKeyError:
        reason = ""
    target = str(entry.target_title) if kind == "move" else ""
    return PageFate(title, kind, user, entry.timestamp().strftime("%Y-%m-%d"), reason, target)


def reason(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def recent_change(entry: dict[str, Any]) -> RecentChange:
    """One entry of a ``list=recentchanges`` answer, as plain data."""
    params = entry.get("logparams") or {}
    log = f"{entry['logtype']}/{entry.get('logaction', '')}" if entry.get("logtype") else ""
    return RecentChange(
        rcid=int(entry.get("rcid", 0)),
        timestamp=str(entry.get("timestamp", "")),
        title=str(entry.get("title", "")),
        user=str(entry.get("user", "")),
        kind=str(entry.get("type", "")),
        log=log,
        target=str(params.get("target_title", "")) if isinstance(params, dict) else "",
    )


#: API actions that change the wiki (everything else is a read).
WRITE_ACTIONS = frozenset({"edit", "move", "delete", "upload", "protect", "rollback", "undelete"})


@dataclass
class RequestCounter:
    """Counts the HTTP requests pywikibot sends while it is installed."""

    reads: int = 0
    writes: int = 0

    @property
    def total(self) -> int:
        return self.reads + self.writes

    def __call__(self, response: Any, *args: Any, **kwargs: Any) -> None:
        body = response.request.body or ""
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        params = parse_qs(body) if "=" in body else {}
        action = (params.get("action") or [""])[0]
        if not action and response.request.url:
            action = (parse_qs(response.request.url.partition("?")[2]).get("action") or [""])[0]
        if action in WRITE_ACTIONS:
            self.writes += 1
        else:
            self.reads += 1
