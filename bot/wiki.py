"""The one place that talks to the wiki, through pywikibot.

Reads are batched: every page below the prefix comes from one ``allpages`` generator
with content and templates (500 pages a request for a bot account), so that the
bot-exclusion check needs no request per page.  Every save is one ``action=edit``
request: updates send the base revision id, creations ``createonly``; an edit
conflict is retried once on the editor's fresh text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs

import pywikibot
from pywikibot import exceptions as pwb_errors
from pywikibot.comms import http

from bot.plan import CREATE, PageChange, PageState
from bot.subpage import SubpageError

#: API actions that change the wiki (everything else is a read).
WRITE_ACTIONS = frozenset({"edit", "move", "delete", "upload", "protect", "rollback", "undelete"})

SAVED = "saved"
CONFLICT = "conflict"
SKIPPED = "skipped"
FAILED = "error"
NOOP = "noop"  # the editor's fresh text already says what the bot would write


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


@dataclass(frozen=True)
class SaveOutcome:
    title: str
    status: str  # SAVED, CONFLICT, SKIPPED, FAILED or NOOP
    message: str = ""
    retried: bool = False


class Wiki:
    """A pywikibot site, the pages read from it, and a count of the requests sent."""

    def __init__(self, site: Any) -> None:
        self.site = site
        self.counter = RequestCounter()
        self._pages: dict[str, Any] = {}
        http.session.hooks["response"].append(self.counter)

    @classmethod
    def connect(cls, *, login: bool) -> Wiki:
        """The configured site; logged in unless this is an anonymous dry run."""
        site = pywikibot.Site()
        wiki = cls(site)
        if login:
            _require_password(site)
            site.login()
            if not site.logged_in():
                raise pwb_errors.NoUsernameError(f"could not log in to {site}")
        return wiki

    def close(self) -> None:
        hooks = http.session.hooks["response"]
        if self.counter in hooks:
            hooks.remove(self.counter)

    def __enter__(self) -> Wiki:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def username(self) -> str | None:
        name = self.site.username()
        return str(name) if name else None

    def normalize(self, title: str) -> str:
        """The title as the wiki spells it (namespace and first letter)."""
        return str(pywikibot.Page(self.site, title).title())

    # --- reading -------------------------------------------------------------------------

    def _state(self, page: Any) -> PageState:
        title = str(page.title())
        self._pages[title] = page
        if not page.exists():
            return PageState(title, None)
        text = str(page.text)
        return PageState(
            title,
            text,
            revid=int(page.latest_revision_id),
            bots_allowed=bool(page.botMayEdit()) if self._may_exclude(page, text) else True,
        )

    def _may_exclude(self, page: Any, text: str) -> bool:
        """Could ``botMayEdit()`` say no?  Only if the page uses an exclusion template.

        pywikibot answers by parsing the whole text for {{bots}}, {{nobots}} and the
        site's "in use" templates: a second full parse of every subpage on every run.
        The templates MediaWiki lists for the page (read with it) and a look at the
        text for "bots" (in case those links are not yet updated) spare that parse
        for the pages that cannot be excluding bots.
        """
        if "bots" in text.lower():
            return True
        used = {str(t.title(with_ns=False)) for t in page.templates()}  # read with the page
        return not used.isdisjoint(self._exclusion_templates)

    @cached_property
    def _exclusion_templates(self) -> frozenset[str]:
        """The templates ``botMayEdit()`` looks for on this site."""
        return frozenset(
            {
                "Bots",
                "Nobots",
                *self.site.get_edit_restricted_templates(),
                *self.site.get_archived_page_templates(),
            }
        )

    def read_page(self, title: str) -> PageState:
        """One page, fresh (its text, revision and templates)."""
        page = pywikibot.Page(self.site, title)
        for loaded in self.site.preloadpages([page], templates=True):
            return self._state(loaded)
        return self._state(page)

    def read_tree(self, prefix: str, extra: Iterable[str] = ()) -> list[PageState]:
        """The page ``prefix``, every page below it, and the ``extra`` titles.

        One ``allpages`` generator with content and templates for the tree, one
        batched query for extra titles outside it.
        """
        root = pywikibot.Page(self.site, prefix)
        root_title = str(root.title())
        generator = self.site.allpages(
            prefix=root.title(with_ns=False), namespace=root.namespace().id, content=True
        )
        generator.request["prop"] = [*generator.request["prop"], "templates"]
        generator.props = generator.request["prop"]
        generator.request["tllimit"] = "max"
        # pywikibot asks for at most 250 pages a request whenever it fetches content.
        # MediaWiki sends the content of 500 pages a request to a bot (50 to others),
        # the limit pywikibot calls ``maxlimit`` and preloads pages by.  With no query
        # limit of its own, the generator sends the one set here and follows the
        # wiki's continuation.
        generator.query_limit = None
        generator.request["gaplimit"] = str(self.site.maxlimit)
        by_title: dict[str, PageState] = {}
        for page in generator:
            title = str(page.title())
            if title == root_title or title.startswith(root_title + "/"):
                # A page comes twice when its text did not fit in one answer: keep the last.
                by_title[title] = self._state(page)
        states = list(by_title.values())
        seen = set(by_title)
        missing = [
            pywikibot.Page(self.site, t)
            for t in dict.fromkeys(extra)
            if self.normalize(t) not in seen
        ]
        if missing:
            states.extend(
                self._state(page) for page in self.site.preloadpages(missing, templates=True)
            )
        return states

    # --- writing -------------------------------------------------------------------------

    def save_text(self, title: str, text: str, summary: str, *, create: bool) -> None:
        """Save one page in one request; raises pywikibot's exceptions (conflicts, locks).

        The {{bots}} check is the plan's (``PageState.bots_allowed``), made on the text
        the change was planned from, so this calls ``site.editpage`` rather than
        ``Page.save``, which would also apply the user's cosmetic changes to editors'
        text and, for a new page, ask four questions the tree read already answered.
        """
        page = self._pages.get(title) or pywikibot.Page(self.site, title)
        common: dict[str, Any] = {"summary": summary, "bot": True, "watch": "nochange"}
        if create:
            # createonly: a page made meanwhile is not overwritten (articleexists, raised
            # as PageCreatedConflictError).  The text goes as appendtext, which on a page
            # that does not exist is the whole text: with ``text=`` pywikibot would first
            # read the latest revision of a page the tree read showed to be missing.
            done = self.site.editpage(page, appendtext=text, createonly=True, minor=False, **common)
        else:
            # The revision the change was planned from, by id.  pywikibot sends its
            # timestamp, but MediaWiki 1.39 finds the base of its three-way merge by
            # timestamp too: an editor's save in the same second as that revision is
            # then taken as the base and silently reverted.  baserevid is exact.
            done = self.site.editpage(
                page,
                text=text,
                nocreate=True,
                minor=True,
                baserevid=page.latest_revision_id,
                basetimestamp=None,
                **common,
            )
        if not done:  # pywikibot has logged the wiki's reason
            raise pwb_errors.PageSaveRelatedError(page)

    def apply(self, change: PageChange, template: str) -> SaveOutcome:
        """Make one planned change; on an edit conflict, redo it once on fresh text."""
        create = change.action == CREATE and change.old_text is None
        try:
            self.save_text(change.title, change.new_text or "", change.summary, create=create)
            return SaveOutcome(change.title, SAVED)
        except pwb_errors.PageCreatedConflictError:
            return self._created_meanwhile(change)
        except pwb_errors.EditConflictError:
            return self._retry(change, template)
        except pwb_errors.Error as error:
            return _failed(change.title, error)

    def _created_meanwhile(self, change: PageChange) -> SaveOutcome:
        """``articleexists``: someone else's page, or our own save whose answer was lost
        (pywikibot retried a creation that had gone through)."""
        fresh = self.read_page(change.title)
        if fresh.text is not None and fresh.text.strip() == (change.new_text or "").strip():
            return SaveOutcome(change.title, NOOP, "saved; the wiki's answer was lost")
        return SaveOutcome(change.title, CONFLICT, "the page was created by someone else meanwhile")

    def _retry(self, change: PageChange, template: str) -> SaveOutcome:
        fresh = self.read_page(change.title)
        try:
            text = change.rebase(fresh.text, template)
        except (SubpageError, ValueError) as error:
            return SaveOutcome(
                change.title, CONFLICT, f"edited meanwhile, and {error}", retried=True
            )
        if text == fresh.text:
            return SaveOutcome(change.title, NOOP, "an editor saved the same change", retried=True)
        if not fresh.bots_allowed:
            return SaveOutcome(
                change.title, SKIPPED, "edited meanwhile to keep bots out", retried=True
            )
        try:
            self.save_text(change.title, text, change.summary, create=fresh.text is None)
            return SaveOutcome(change.title, SAVED, "saved after an edit conflict", retried=True)
        except pwb_errors.EditConflictError:
            return SaveOutcome(change.title, CONFLICT, "edited again while retrying", retried=True)
        except pwb_errors.Error as error:
            return _failed(change.title, error, retried=True)


def _failed(title: str, error: Exception, retried: bool = False) -> SaveOutcome:
    """A save that raised: a protected page is 'skipped', anything else an 'error'."""
    if isinstance(error, pwb_errors.LockedPageError):
        return SaveOutcome(title, SKIPPED, _reason(error), retried)
    return SaveOutcome(title, FAILED, f"not saved: {_reason(error)}", retried)


def _require_password(site: Any) -> None:
    """Fail at once where pywikibot would prompt: a scheduled run has nobody to answer."""
    from pywikibot import config
    from pywikibot.login import ClientLoginManager

    if site.logged_in():
        return
    manager = ClientLoginManager(site=site)  # raises NoUsernameError without a username
    if not manager.password:
        where = getattr(config, "password_file", None) or "no password_file in user-config.py"
        raise pwb_errors.NoUsernameError(
            f"no password for {manager.login_name} on {site} ({where}); recsync never "
            f"prompts: add a line ('{manager.login_name}', BotPassword('APP', 'SECRET'))"
        )


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
