"""The words readers see, in their language: templates/i18n.json -> ``<template>/i18n``.  Pure.

The status box, the badges, the index and a new subpage show no English of their own:
each word is a call ``{{<template>/i18n|key|arg ...}}``.  That page, rendered here from
the one translation file, is a ``#switch`` on ``{{int:lang}}``, Meta-Wiki's way of
knowing the reader's language (``MediaWiki:Lang/de`` holds ``de``; ``uselang=`` counts),
with English as the default.  A translation added to the file reaches every page at
the next ``install-templates``: the index and the subpages are not written again.

A translation is text, never code: only ``$1``..``$9``, links whose target is a
parameter (``[[$1]]``, ``[[$1|label]]``) and balanced ``'''bold'''``/``''italic''``
are markup; every other character that could end the branch, the switch or the
template, or add a link, a tag, a signature or a magic word, is written as an entity.

(Edit summaries are not these messages: they follow pywikibot's i18n, in ``i18n/``.)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .resources import template_text

SOURCE_FILE = "i18n.json"
FALLBACK = "en"
#: The switch's own keys: the code of the language shown, and its direction.
LANG, DIR = "@lang", "@dir"
#: The reader's language, as Meta-Wiki asks for it.  Read once per call: it is the
#: costly part of a call (about 0.7 ms each on the local wiki).
_READER = "{{int:lang}}"
#: What ``{{int:lang}}`` gives on a wiki without MediaWiki:Lang: its readers are shown
#: the wiki's content language (a one-language wiki speaks its own language).
NO_LANG_PAGE = "⧼lang⧽"
_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
_KEY = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_CALLED_FIRST = {"status": 0, "index": 1, "box": 2, "subpage": 3}
#: The markup a message may hold: a link with a parameter as its target, a parameter,
#: a run of apostrophes.
_TOKEN = re.compile(r"\[\[\$([1-9])(?:\|((?:(?!\]\]).)*))?\]\]|\$([1-9])|'+")
#: Written as entities wherever they are: they could end a branch or the template,
#: open a template, link, tag or table cell, or be read as a signature or magic word.
_ENTITIES = {c: f"&#{ord(c)};" for c in '{}|[]<>=~_!"'}  # " too: it may be in an attribute
_ENTITY_RE = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
#: Markup at the start of a line (the message may start one): written as an entity.
_EDGE = set("*#:;-+")


class MessagesError(ValueError):
    """The translation file cannot be rendered: names the message and the language."""


@dataclass(frozen=True)
class Catalogue:
    """The translation file, read: languages and their messages."""

    directions: dict[str, str]  # language -> "ltr" | "rtl", the languages with texts
    fallbacks: dict[str, tuple[str, ...]]  # language -> its chain (English implied last)
    messages: dict[str, dict[str, str]]  # key -> language -> text ("qqq": the doc)

    @property
    def keys(self) -> list[str]:
        """In a fixed order, whatever the file's: the page changes only when a text does.

        The most called first (a #switch compares its cases in order): the statuses
        (a badge on every row of the index), then the index's words, then the rest.
        """
        return sorted(self.messages, key=lambda k: (_CALLED_FIRST.get(k.split("-")[0], 9), k))

    def text(self, key: str, language: str) -> str:
        """What a reader of ``language`` sees for ``key``: its own text, its chain's, English."""
        texts = self.messages[key]
        for code in (language, *self.fallbacks.get(language, ()), FALLBACK):
            if code in texts:
                return texts[code]
        raise MessagesError(f"message {key!r} has no English text")

    def direction(self, language: str) -> str:
        for code in (language, *self.fallbacks.get(language, ()), FALLBACK):
            if code in self.directions:
                return self.directions[code]
        return "ltr"

    def shown_language(self, language: str) -> str:
        """The language whose texts ``language``'s readers see (for ``lang=``)."""
        for code in (language, *self.fallbacks.get(language, ())):
            if code in self.directions:
                return code
        return FALLBACK


def load(text: str | None = None) -> Catalogue:
    """Read and check the translation file (the shipped one by default)."""
    data = json.loads(template_text(SOURCE_FILE) if text is None else text)
    directions: dict[str, str] = {}
    fallbacks: dict[str, tuple[str, ...]] = {}
    for code, about in data.get("languages", {}).items():
        if not _CODE.fullmatch(code):
            raise MessagesError(f"language {code!r}: not a language code")
        if "dir" in about:
            if about["dir"] not in ("ltr", "rtl"):
                raise MessagesError(f"language {code}: dir must be ltr or rtl")
            directions[code] = about["dir"]
        if "fallback" in about:
            fallbacks[code] = tuple(about["fallback"])
        elif "dir" not in about:
            raise MessagesError(f"language {code}: needs a dir (it has texts) or a fallback")
    messages = {key: dict(texts) for key, texts in data.get("messages", {}).items()}
    catalogue = Catalogue(directions, fallbacks, messages)
    problems = check(catalogue)
    if problems:
        raise MessagesError(f"{SOURCE_FILE}: " + "; ".join(problems))
    return catalogue


def check(catalogue: Catalogue) -> list[str]:
    """What is wrong with the file, each naming the message and language; [] when none."""
    problems = []
    known = set(catalogue.directions) | set(catalogue.fallbacks) | {"qqq"}
    if FALLBACK not in catalogue.directions:
        problems.append("English (en) must be a language with a dir")
    for key, texts in catalogue.messages.items():
        if not _KEY.fullmatch(key):
            problems.append(f"message {key!r}: keys are lowercase words joined by '-'")
        if FALLBACK not in texts:
            problems.append(f"message {key}: no English text")
        if "qqq" not in texts:
            problems.append(f"message {key}: no documentation (qqq)")
        wanted = _parameters(texts.get(FALLBACK, ""))
        for language, text in texts.items():
            where = f"message {key} in {language}"
            if language not in known:
                problems.append(f"{where}: the language is not in 'languages'")
            elif language != "qqq":
                problems += [f"{where}: {p}" for p in _problems(text, wanted)]
    for language in catalogue.directions:
        if language in catalogue.fallbacks:
            continue
        missing = [k for k, texts in catalogue.messages.items() if language not in texts]
        if missing:
            problems.append(f"language {language}: no fallback, and no text for {missing}")
    return problems


def _parameters(text: str) -> set[str]:
    return {m.group(1) or m.group(3) for m in _TOKEN.finditer(text) if m.group(0)[0] != "'"}


def _problems(text: str, wanted: set[str]) -> list[str]:
    problems = []
    if not text.strip():
        problems.append("empty")
    if "\n" in text or "\r" in text:
        problems.append("more than one line")
    if _parameters(text) != wanted:
        problems.append(f"uses {sorted(_parameters(text))}, English uses {sorted(wanted)}")
    runs = [len(m.group(0)) for m in _TOKEN.finditer(text) if m.group(0)[0] == "'"]
    if any(n > 3 for n in runs) or runs.count(2) % 2 or runs.count(3) % 2:
        problems.append("'' and ''' must come in pairs")
    return problems


def _plain(text: str) -> str:
    return _ENTITY_RE.sub(lambda m: _ENTITIES[m.group(0)], text)


def to_wikitext(text: str) -> str:
    """A checked message as the switch branch that shows it (parameters as ``{{{n|}}}``)."""
    out, at = [], 0
    text = re.sub(r"[ \t]+", " ", text).strip()  # a no-break space stays one
    for match in _TOKEN.finditer(text):
        out.append(_plain(text[at : match.start()]))
        link, label, parameter = match.groups()
        if link:
            shown = "" if label is None else "|" + _labelled(label)
            out.append("[[{{{" + str(int(link) + 1) + "|}}}" + shown + "]]")
        elif parameter:
            out.append("{{{" + str(int(parameter) + 1) + "|}}}")
        elif len(match.group(0)) == 1:
            out.append("&#39;")  # a lone apostrophe next to the caller's '' stays one
        else:
            out.append(match.group(0))
        at = match.end()
    out.append(_plain(text[at:]))
    wikitext = "".join(out)
    if wikitext[:1] in _EDGE:
        wikitext = f"&#{ord(wikitext[0])};" + wikitext[1:]
    return wikitext


def _labelled(label: str) -> str:
    parts = re.split(r"\$([1-9])", label)
    return "".join(
        "{{{" + str(int(part) + 1) + "|}}}" if n % 2 else _plain(part.replace("'", "&#39;"))
        for n, part in enumerate(parts)
    )


def _block(catalogue: Catalogue, language: str, template: str) -> list[str]:
    lines = [
        f" | {LANG} = {catalogue.shown_language(language)}",
        f" | {DIR} = {catalogue.direction(language)}",
    ]
    lines += [f" | {key} = {to_wikitext(catalogue.text(key, language))}" for key in catalogue.keys]
    unknown = f'<strong class="error">{template}/i18n: no message "{{{{{{1|}}}}}}"</strong>'
    return ["{{#switch:{{{1|}}}", *lines, f" | #default = {unknown}", " }}"]


def _groups(catalogue: Catalogue, content_language: str) -> dict[tuple[str, ...], list[str]]:
    """Languages that show the same texts, under the first of them (English: default).

    A wiki without MediaWiki:Lang (``⧼lang⧽``) reads as its content language does.
    """
    shown: dict[tuple[str, ...], list[str]] = {}
    english = tuple(catalogue.text(k, FALLBACK) for k in catalogue.keys)
    for language in sorted({*catalogue.directions, *catalogue.fallbacks, content_language}):
        texts = tuple(catalogue.text(k, language) for k in catalogue.keys)
        texts += (catalogue.shown_language(language), catalogue.direction(language))
        if texts != (*english, FALLBACK, "ltr"):
            shown.setdefault(texts, []).append(language)
            if language == content_language:
                shown[texts].append(NO_LANG_PAGE)
    return {
        texts: sorted(codes, key=lambda c: (c not in catalogue.directions, c == NO_LANG_PAGE, c))
        for texts, codes in shown.items()
    }


def render_template(
    template: str, catalogue: Catalogue | None = None, content_language: str = FALLBACK
) -> str:
    """The text of ``<template>/i18n``: the same file gives the same page, byte for byte.

    ``content_language`` is the wiki's: what readers see where MediaWiki:Lang is missing.
    """
    catalogue = catalogue or load()
    # English first, and the default: most readers get it at the first comparison.
    block = _block(catalogue, FALLBACK, template)
    out = ["{{#switch:" + _READER, f"| {FALLBACK} | #default = " + block[0], *block[1:]]
    for languages in sorted(_groups(catalogue, content_language).values()):
        block = _block(catalogue, languages[0], template)
        out.append("| " + " | ".join(languages) + " = " + block[0])
        out += block[1:]
    out.append("}}<noinclude>")
    out.append(
        f"The words of [[{template}]], its badge and the index in each reader's language "
        f"(<code>{{{{int:lang}}}}</code>), English by default: "
        f"<code>{{{{{template}/i18n|key|...}}}}</code>. This page is written by "
        f"<code>recsync install-templates</code> from the bot's <code>templates/{SOURCE_FILE}"
        "</code>: add or correct a translation there, not here. "
        f"See [[{template}/doc]]."
    )
    out.append("</noinclude>")
    return "\n".join(out) + "\n"


def call(template: str, key: str, *args: str) -> str:
    """``{{<template>/i18n|key|args}}``: a word for the bot's own pages.

    ``args`` are wikitext that is safe as a template parameter (escaped text, links);
    one holding ``=`` outside a link is passed by number, so it is not read as a name.
    """
    parts = [f"{template}/i18n", key]
    for number, arg in enumerate(args, 2):
        bare = re.sub(r"\[\[.*?\]\]", "", arg)
        parts.append(f"{number}={arg}" if "=" in bare else arg)
    return "{{" + "|".join(parts) + "}}"


def status_message(status: str) -> str:
    """The message of a known status (or ``not set``): ``in progress`` -> ``status-in-progress``."""
    return "status-" + status.replace(" ", "-")


def reader_attributes(template: str, css_class: str) -> str:
    """The attributes of a block the messages fill: the reader's ``lang`` and ``dir``.

    ``mw-content-rtl`` (or ``-ltr``) is MediaWiki's own class for a block in a direction:
    its lists, tables of contents and indents follow it, as on a translated page.
    """
    direction = call(template, DIR)
    return (
        f'class="{css_class} mw-content-{direction}" lang="{call(template, LANG)}" '
        f'dir="{direction}"'
    )
