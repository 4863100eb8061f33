"""The words of the edit summaries: pywikibot's message files, read here too.  Pure.

Every word of a summary is a message of the bundle ``recsync`` in the messages package
``recsync.i18n``, kept as pywikibot's own scripts keep theirs: ``bot/i18n/recsync/en.json``,
``de.json``, ... (one file a language, keys ``recsync-…``, parameters ``%(name)s``, plurals
``{{PLURAL:%(count)d|one|other}}``) and ``qqq.json``, what each message is for.

The planning core cannot ask pywikibot, so it is given a ``Messages``: a key and its
parameters in, the text out.  On a wiki, the shell's is pywikibot's ``twtranslate`` for
the wiki's language (``bot/site_wording.py``); the core's default, and the pure tests',
is ``ENGLISH``: the same files, read and filled in here as ``twtranslate`` does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Protocol

#: The messages package pywikibot is told of, and the bundle (folder) in it.
PACKAGE = "recsync.i18n"
BUNDLE = "recsync"
#: pywikibot's pattern of a plural (i18n.PLURAL_PATTERN).
_PLURAL = re.compile(r"{{PLURAL:(?:%\()?([^\)]*?)(?:\)d)?\|(.*?)}}")
_VARIANT = re.compile(r"(?!$)(?: *(\d+) *= *)?(.*?)(?:\||$)")
#: The languages whose plural this module knows: one (1) and other, as in English.
ONE_OTHER = frozenset({"en", "de"})


class Messages(Protocol):
    """A message's text in one language, its parameters filled in."""

    def __call__(self, key: str, /, **params: str | int) -> str: ...


@cache
def bundle(language: str) -> dict[str, str]:
    """The messages of one language ({} when there is no file for it)."""
    path = resources.files(PACKAGE).joinpath(BUNDLE, f"{language}.json")
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: text for key, text in data.items() if not key.startswith("@")}


def languages() -> list[str]:
    """The languages that have a file (``qqq``, the documentation, is none)."""
    folder = resources.files(PACKAGE).joinpath(BUNDLE)
    found = (p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json"))
    return sorted(name for name in found if name != "qqq")


def fill(text: str, params: dict[str, str | int], language: str) -> str:
    """The plurals chosen, then the parameters: what ``twtranslate`` does with a text."""
    if "{{PLURAL:" in text:
        if language not in ONE_OTHER:
            raise ValueError(f"the plural rule of {language!r} is pywikibot's to apply")
        text = _PLURAL.sub(lambda found: _variant(found, params), text)
    return text % params if params else text


def _variant(found: re.Match[str], params: dict[str, str | int]) -> str:
    count = params[found[1]]
    if not isinstance(count, int):
        raise ValueError(f"{found[1]!r} must be a number, not {count!r}")
    variants: list[str] = []
    exact: dict[int, str] = {}
    for number, text in _VARIANT.findall(found[2]):
        if number:
            exact[int(number)] = text
        else:
            variants.append(text)
    if count in exact:
        return exact[count]
    return variants[min(0 if count == 1 else 1, len(variants) - 1)]


@dataclass(frozen=True)
class FileMessages:
    """Messages read from the files: the first of ``languages`` that has one, else English."""

    languages: tuple[str, ...] = ("en",)

    def __call__(self, key: str, /, **params: str | int) -> str:
        for language in (*self.languages, "en"):
            text = bundle(language).get(key)
            if text:
                return fill(text, params, language)
        raise KeyError(f"no message {key!r} in {PACKAGE}/{BUNDLE}/en.json")


ENGLISH: Messages = FileMessages()
