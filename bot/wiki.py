"""The one place that talks to the wiki, through pywikibot: it reads and it saves.

Reads are batched: every page below the prefix comes from one ``allpages`` generator
with content and templates (500 pages a request for a bot account), so that the
bot-exclusion check needs no request per page.  Every save is one ``action=edit``
request: updates send the base revision id, creations ``createonly``.  pywikibot's
exceptions become the few this module defines; what to do about a conflict is the
run's business (``bot.apply``), not this module's.  What its answers mean (the
exceptions, the wiki's reason for a refused save, a missing page's fate in its log) is
read in ``bot.answers``, which sends no request.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import pywikibot
from pywikibot import exceptions as pwb_errors
from pywikibot.comms import http

from .answers import (
    PROTECTION_CODES,
    REFUSAL_CODES,
    REFUSALS,
    CreatedMeanwhile,
    EditConflict,
    Protected,
    Refused,
    RequestCounter,
    SaveError,
    api_error,
    fate_from_log,
    reason,
    recent_change,
)
from .model import PageFate, PageState, RecentChange
from .namespaces import Namespace, Namespaces
from .source import redirect_target
from .translations import UNIT_NAMESPACE, unit_page_prefix


class Wiki:
    """A pywikibot site, the pages read from it, and a count of the requests sent."""

    def __init__(self, site: Any) -> None:
        self.site = site
        self.counter = RequestCounter()
        #: YYYY-MM-DD by the wiki's clock, as of the last tree read (else this machine's).
        self.today = datetime.now(UTC).strftime("%Y-%m-%d")
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

    @property
    def simulate(self) -> bool:
        """pywikibot's -simulate: saves go as far as the API layer, which drops them."""
        from pywikibot import config

        return bool(config.simulate)

    @cached_property
    def namespaces(self) -> Namespaces:
        """The wiki's namespaces, their names and aliases (from its siteinfo)."""
        return Namespaces.of(
            Namespace(
                int(space.id),
                str(space.custom_name),
                str(space.canonical_name),
                tuple(str(alias) for alias in space.aliases),
            )
            for space in self.site.namespaces.values()
        )

    @property
    def content_language(self) -> str:
        """The wiki's content language (siteinfo, read with the site): en on Meta-Wiki."""
        return str(self.site.lang)

    def normalize(self, title: str) -> str:
        """The title as the wiki spells it (namespace and first letter)."""
        return str(pywikibot.Page(self.site, title).title())

    def template_title(self, title: str) -> str:
        """A template's title with its namespace's canonical name (``Vorlage:X`` ->
        ``Template:X``), which every wiki reads: the core finds calls by it."""
        page = pywikibot.Page(self.site, title, ns=10)
        if page.namespace().id != 10:
            return str(page.title())
        return f"Template:{page.title(with_ns=False)}"

    def namespace(self, title: str) -> int:
        """The number of the title's namespace on this wiki."""
        return int(pywikibot.Page(self.site, title).namespace().id)

    @property
    def config_dir(self) -> Path:
        """pywikibot's config dir (user-config.py; the default home of logs and locks)."""
        return Path(pywikibot.config.base_dir)

    # --- reading -------------------------------------------------------------------------

    def _state(self, page: Any) -> PageState:
        title = str(page.title())
        self._pages[title] = page
        if not page.exists():
            return PageState(title, None)
        text = str(page.text)
        latest = page.latest_revision
        redirect, offsite = self._redirect(text) if page.isRedirectPage() else (None, False)
        return PageState(
            title,
            text,
            revid=int(page.latest_revision_id),
            bots_allowed=bool(page.botMayEdit()) if self._may_exclude(page, text) else True,
            redirect=redirect,
            redirect_offsite=offsite,
            user=str(latest.user or ""),
            date=latest.timestamp.strftime("%Y-%m-%d") if latest.timestamp else "",
        )

    def _redirect(self, text: str) -> tuple[str | None, bool]:
        """A redirect's target as the wiki spells it, and whether it is on another wiki.

        ``#REDIRECT`` works on every wiki; a wiki in another language writes its own
        word (``#WEITERLEITUNG`` in German, also when a page is moved), read from its
        siteinfo only for such a page.
        """
        target = redirect_target(text)
        if not target and (localized := self.site.redirect_regex.match(text)):
            target = redirect_target(f"#REDIRECT [[{localized.group(1)}]]")
        if not target:
            return None, False
        try:
            link = pywikibot.Link(target, source=self.site)
            link.parse()
            if link.site != self.site:
                return target, True
            return str(pywikibot.Page(link).title()), False
        except pwb_errors.Error:
            return target, True  # an interwiki prefix pywikibot cannot follow here

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
        return self.read_pages([title])[0]

    def read_pages(self, titles: Iterable[str]) -> list[PageState]:
        """Pages by title, fresh, in one batch (in the order given)."""
        pages = [pywikibot.Page(self.site, t) for t in dict.fromkeys(titles)]
        if not pages:
            return []
        loaded = {
            str(page.title()): self._state(page)
            for page in self.site.preloadpages(pages, templates=True)
        }
        return [loaded.get(str(p.title())) or self._state(p) for p in pages]

    def last_text_by(self, title: str, user: str) -> str | None:
        """The text of ``user``'s latest revision of the page, if any (one request)."""
        page = pywikibot.Page(self.site, title)
        for revision in page.revisions(content=True, total=50):
            if revision.user == user:
                return str(revision.text or "")
        return None

    def fates(self, titles: Iterable[str]) -> dict[str, PageFate]:
        """Why each page is missing: its latest deletion or move, if its log has one.

        One ``list=logevents`` request a title (``letitle``, which wikis in miser mode
        such as Meta-Wiki allow; ``leprefix`` they refuse).
        """
        fates: dict[str, PageFate] = {}
        for title in dict.fromkeys(titles):
            page = pywikibot.Page(self.site, title)
            fate = fate_from_log(title, self.site.logevents(page=page, total=10))
            if fate is not None:
                fates[title] = fate
        return fates

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
        # The wiki's own clock dates what this run creates (and replays as recorded).
        generator.request["curtimestamp"] = True
        by_title: dict[str, PageState] = {}
        for page in generator:
            title = str(page.title())
            if title == root_title or title.startswith(root_title + "/"):
                # A page comes twice when its text did not fit in one answer: keep the last.
                by_title[title] = self._state(page)
        stamp = (getattr(generator, "data", None) or {}).get("curtimestamp", "")
        self.today = str(stamp)[:10] or self.today
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

    def read_unit_pages(self, source: str) -> list[PageState]:
        """Translate's pages of the source's units, ``Translations:<source>/<n>/<lang>``.

        One ``allpages`` generator with content, 500 pages a request for a bot; none on
        a wiki without Translate's namespace.
        """
        namespace = next(
            (ns for ns in self.site.namespaces.values() if ns.canonical_name == UNIT_NAMESPACE),
            None,
        )
        if namespace is None:
            return []
        generator = self.site.allpages(
            prefix=unit_page_prefix(source), namespace=namespace.id, content=True
        )
        generator.query_limit = None  # as in read_tree: the bot's limit, not pywikibot's 250
        generator.request["gaplimit"] = str(self.site.maxlimit)
        states: dict[str, PageState] = {}
        for page in generator:
            title = str(page.title())
            states[title] = PageState(title, str(page.text), revid=int(page.latest_revision_id))
        return list(states.values())

    def recent_changes(
        self, namespaces: Iterable[int], after: tuple[str, int] | None, pages: int = 5
    ) -> tuple[list[RecentChange], tuple[str, int], bool]:
        """What changed in ``namespaces`` since ``after`` (timestamp, rcid), oldest first.

        One ``list=recentchanges`` request (500 entries a bot, with edits, creations and
        log entries of every user), a few more only when more changed; ``pages`` is the
        most it sends.  Without ``after`` it asks for the latest entry only: where to
        look from.  Returns the changes, the position to look from next time, and
        whether more changed than ``pages`` requests could bring.

        An entry saved a little late can carry an earlier timestamp than one listed
        before it: each look goes back ``RC_OVERLAP`` seconds and drops what it has seen
        by its id.
        """
        params: dict[str, Any] = {
            "action": "query",
            "list": "recentchanges",
            "rcprop": "title|ids|user|timestamp|loginfo",
            "rctype": "edit|new|log",
            "rcnamespace": "|".join(str(n) for n in sorted(set(namespaces))),
            "curtimestamp": True,
        }
        if after is None:
            params.update(rcdir="older", rclimit=1)
        else:
            start = datetime.fromisoformat(after[0].replace("Z", "+00:00")) - RC_OVERLAP
            params.update(
                rcdir="newer", rclimit="max", rcstart=start.strftime("%Y-%m-%dT%H:%M:%SZ")
            )
        seen = after[1] if after is not None else 0
        changes: list[RecentChange] = []
        position = after or ("", 0)
        for _ in range(max(pages, 1)):
            data = self.site.simple_request(**params).submit()
            position = (position[0] or str(data.get("curtimestamp", "")), position[1])
            for entry in data.get("query", {}).get("recentchanges", []):
                change = recent_change(entry)
                if after is None or change.rcid > seen:
                    changes.append(change)
                if change.rcid > position[1]:
                    position = (change.timestamp, change.rcid)
            if after is None or "continue" not in data:
                return ([] if after is None else changes), position, False
            params.update(data["continue"])
        return changes, position, True

    # --- writing -------------------------------------------------------------------------

    def save(
        self, title: str, text: str, summary: str, *, create: bool, minor: bool = True
    ) -> None:
        """Save one page in one request, from the revision it was read at.

        Raises ``EditConflict``, ``CreatedMeanwhile``, ``Protected`` or ``SaveError``.
        The {{bots}} check is the plan's (``PageState.bots_allowed``), made on the text
        the change was planned from, so this calls ``site.editpage`` rather than
        ``Page.save``, which would also apply the user's cosmetic changes to editors'
        text and, for a new page, ask four questions the tree read already answered.
        """
        page = self._pages.get(title) or pywikibot.Page(self.site, title)
        common: dict[str, Any] = {"summary": summary, "bot": True, "watch": "nochange"}
        try:
            if create:
                # createonly: a page made meanwhile is not overwritten.  The text goes as
                # appendtext, which on a page that does not exist is the whole text:
                # with ``text=`` pywikibot would first read the latest revision of a
                # page the tree read showed to be missing.
                done = self.site.editpage(
                    page, appendtext=text, createonly=True, minor=False, **common
                )
            else:
                # The revision the change was planned from, by id.  pywikibot sends its
                # timestamp, but MediaWiki 1.39 finds the base of its three-way merge
                # by timestamp too: an editor's save in the same second as that
                # revision is then taken as the base and silently reverted.
                done = self.site.editpage(
                    page,
                    text=text,
                    nocreate=True,
                    minor=minor,
                    baserevid=page.latest_revision_id,
                    basetimestamp=None,
                    **common,
                )
        except pwb_errors.PageCreatedConflictError as error:
            raise CreatedMeanwhile(reason(error)) from error
        except pwb_errors.EditConflictError as error:
            raise EditConflict(reason(error)) from error
        except pwb_errors.Error as error:
            code, info = api_error(error)
            if code in PROTECTION_CODES or isinstance(error, pwb_errors.LockedPageError):
                raise Protected(self._protection(page, info or reason(error))) from error
            if code in REFUSAL_CODES or isinstance(error, REFUSALS):
                raise Refused(info or reason(error)) from error
            raise SaveError(reason(error)) from error
        if not done:  # pywikibot has logged the wiki's reason
            raise SaveError(f"the wiki did not save [[{title}]]")

    def _protection(self, page: Any, info: str) -> str:
        """The wiki's answer, and who protected the page and why (its latest protect log
        entry: one request, made only for a save the protection refused)."""
        try:
            entry = next(iter(self.site.logevents(logtype="protect", page=page, total=1)), None)
        except pwb_errors.Error:
            entry = None
        if entry is None or entry.action() not in ("protect", "modify"):
            return info
        try:
            who, why = str(entry.user()), str(entry.comment())
        except pwb_errors.HiddenKeyError:
            return info
        when = entry.timestamp().strftime("%Y-%m-%d")
        return f"{info} (protected by {who} on {when}{': ' + why if why else ''})"


#: How far back each look at the recent changes goes before where the last one ended.
RC_OVERLAP = timedelta(seconds=60)


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
