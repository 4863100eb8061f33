"""The edit summaries' words in the wiki's language, from pywikibot's ``twtranslate``.

The messages are pywikibot's kind (``bot/i18n/recsync/``, see ``bot/wording.py``), and
pywikibot looks them up: the wiki's language (its siteinfo's ``lang``), pywikibot's
fallbacks for it (``altlang``: ``bar`` and ``gsw`` read German), then English.
pywikibot's table knows none of MediaWiki's variants of a language, so ``de-formal``,
``de-at`` or ``de-ch`` alone would read English: the wiki's own chain (siteinfo's
``fallback``, the one MediaWiki uses for its interface: ``de-formal`` -> ``de``) is
tried after pywikibot's, before English.  No request is sent: siteinfo is read with the
site.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pywikibot import i18n

from .wording import PACKAGE


def use_recsync_messages() -> None:
    """Tell pywikibot where recsync's messages are (``pwb`` does it for ``pwb recsync``)."""
    i18n.set_messages_package(PACKAGE)


@dataclass(frozen=True)
class SiteMessages:
    """``twtranslate`` in the first of ``languages`` that has the message, else English."""

    languages: tuple[str, ...]

    def __call__(self, key: str, /, **params: str | int) -> str:
        code = next((code for code in self.languages if i18n.twhas_key(code, key)), "en")
        text = i18n.twtranslate(code, key, dict(params) if params else None, fallback=False)
        assert text is not None  # twtranslate raises when there is no message at all
        return str(text)


def languages_of(language: str, wiki_fallbacks: list[str]) -> tuple[str, ...]:
    """The order messages are looked up in: the language, pywikibot's fallbacks for it,
    the wiki's own, English."""
    return tuple(dict.fromkeys([language, *i18n.altlang(language), *wiki_fallbacks, "en"]))


def site_messages(site: Any) -> SiteMessages:
    """The summaries' words for this pywikibot site, in its content language."""
    if not _ours_in_use():
        use_recsync_messages()  # a caller that made its site without recsync's start-up
    fallbacks = [str(entry["code"]) for entry in site.siteinfo.get("fallback") or []]
    return SiteMessages(languages_of(str(site.lang), fallbacks))


def _ours_in_use() -> bool:
    """Is recsync's the messages package pywikibot reads?"""
    try:
        return bool(i18n.twhas_key("en", "recsync-as-of"))
    except ImportError:  # a package that cannot be imported
        return False
