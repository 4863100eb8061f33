"""The source's translations (Translate) -> each item's text in other languages.  Pure.

On a wiki with Translate, a translatable page's units (``<!--T:n-->``) are translated one by
one, and each translation is stored in a page of its own, ``Translations:<source>/<n>/<lang>``
(namespace 1198, "Translations", on Meta-Wiki); its text starts with ``!!FUZZY!!`` when the
unit changed since (outdated).  Translate also writes ``<source>/<lang>``, the page readers
read, but without the markers: it cannot tell which text is whose.  So the unit pages are
what the bot reads; a translation page that does hold the markers (a wiki without Translate,
where such pages are written by hand as Translate serves them) fills in the units the unit
pages lack.

An item is matched to its translation by its units, never by its place: the source is
rendered in each language (each unit's text replaced by its translation, markers kept) and
parsed as the source is; the entry with the same units, and the same rank among the entries
of those units, is the item's.  Rewording, reordering and moving an item between groups keep
its markers, and so its translation.  An item is translated when every unit of it is, and
outdated when one of them is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from mwparserfromhell.nodes import Node

from .messages import call
from .model import Item, PageState, ParseResult, Translation
from .namespaces import ENGLISH, Namespaces
from .source import parse_source
from .subpage import LANGUAGES, StatusCall, same_markup
from .translate import Unit, units, unwrap, variables
from .wording import ENGLISH as ENGLISH_WORDS
from .wording import Messages

#: The canonical name of Translate's namespace for unit translations (1198 on Meta-Wiki).
UNIT_NAMESPACE = "Translations"
UNIT_NAMESPACE_ID = 1198
#: What Translate puts in an outdated translation's text.
FUZZY = "!!FUZZY!!"
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,12})*")
#: Codes that look like languages but are none: message documentation, the debug language.
NOT_LANGUAGES = frozenset({"qqq", "qqx"})
#: A wrapper Translate puts around a unit on a translation page: outdated, or untranslated.
_WRAPPER = re.compile(r"\A<(span|div)\b([^>]*)>\n?(.*?)\n?</\1\s*>\Z", re.IGNORECASE | re.DOTALL)
_TRANSLATION_LANGUAGE = re.compile(r"\{\{\s*TRANSLATIONLANGUAGE\s*\}\}")
_NOT_IN_A_TRANSLATION = re.compile(r"<!--\s*T:\d+\s*-->|</?translate\b[^>]*>", re.IGNORECASE)


# --- the titles the bot reads -----------------------------------------------------------


def unit_page_prefix(source: str) -> str:
    """The prefix, in the namespace ``UNIT_NAMESPACE``, of the source's unit pages."""
    return source + "/"


def unit_page_title(source: str, unit: str, language: str, namespace: str = UNIT_NAMESPACE) -> str:
    """``Translations:<source>/3/de``: where Translate keeps one unit's translation."""
    return f"{namespace}:{source}/{unit}/{language}"


def translation_page_title(source: str, language: str) -> str:
    """``<source>/de``: the page Translate writes for readers of that language."""
    return f"{source}/{language}"


def is_language(code: str, content_language: str = "") -> bool:
    return bool(LANGUAGE.fullmatch(code)) and code not in NOT_LANGUAGES | {content_language}


def translation_language(title: str, source: str, content_language: str = "") -> str | None:
    """The language of ``<source>/<lang>``; None for any other title."""
    prefix = source + "/"
    code = title[len(prefix) :] if title.startswith(prefix) else ""
    return code if is_language(code, content_language) else None


def unit_key(title: str, source: str) -> tuple[str, str] | None:
    """``Translations:<source>/3/de`` -> ("3", "de"), whatever the namespace's local name."""
    rest = title.partition(":")[2]
    if not rest.startswith(source + "/"):
        return None
    unit, _, language = rest[len(source) + 1 :].rpartition("/")
    return (unit, language) if unit and language else None


def has_translation_pages(titles: Iterable[str], source: str, content_language: str) -> bool:
    """Does the tree hold a translation page of the source?  Translate writes one for
    each language as soon as one unit is translated: without any, there is nothing to read."""
    return any(translation_language(t, source, content_language) for t in titles)


# --- what the translations say, unit by unit ---------------------------------------------


@dataclass(frozen=True)
class UnitTranslation:
    """One unit's text in one language."""

    text: str
    outdated: bool = False
    #: ``$name`` stands for the contents of the source's ``<tvar name="name">`` (a unit
    #: page); a translation page has them filled in already.
    placeholders: bool = True


#: language -> unit id -> its translation
Translations = dict[str, dict[str, UnitTranslation]]


def read_unit_pages(pages: Iterable[PageState], source: str, content_language: str) -> Translations:
    """The unit pages ``Translations:<source>/<n>/<lang>`` as translations by language."""
    found: Translations = {}
    for page in pages:
        key = unit_key(page.title, source)
        if key is None or page.text is None or not key[0].isdigit():
            continue  # "Page display title" and the like are no unit of an item
        unit, language = key
        text = page.text.replace(FUZZY, "").strip()
        if text and is_language(language, content_language):
            found.setdefault(language, {})[unit] = UnitTranslation(text, FUZZY in page.text)
    return found


def read_translation_page(
    text: str, source_text: str, content_language: str
) -> dict[str, UnitTranslation]:
    """The units of a translation page that holds markers, as Translate serves them: an
    outdated one in ``<span class="mw-translate-fuzzy">`` (or with ``!!FUZZY!!``), an
    untranslated one as the source has it (or wrapped with the source's ``lang``)."""
    source: dict[str, set[str]] = {}
    for unit in units(source_text):
        content = unit.content(source_text).strip()
        source[unit.id] = {content, unwrap(content).text.strip()}
    found: dict[str, UnitTranslation] = {}
    for unit in units(text):
        content = unit.content(text).strip()
        outdated = FUZZY in content
        content = content.replace(FUZZY, "").strip()
        wrapper = _WRAPPER.match(content)
        if wrapper is not None:
            attributes = wrapper.group(2)
            if "mw-translate-fuzzy" in attributes:
                outdated, content = True, wrapper.group(3).strip()
            elif "mw-content-" in attributes and re.search(
                rf"\blang\s*=\s*[\"']?{re.escape(content_language)}\b", attributes
            ):
                continue  # Translate's wrapper around a unit shown untranslated
        if content and content not in source.get(unit.id, set()):
            found.setdefault(unit.id, UnitTranslation(content, outdated, placeholders=False))
    return found


def gather_translations(
    unit_pages: Iterable[PageState],
    pages: Iterable[PageState],
    source: PageState,
    content_language: str,
) -> Translations:
    """Every language's unit translations: the unit pages, then the units of translation
    pages that hold markers (for units the unit pages lack)."""
    found = read_unit_pages(unit_pages, source.title, content_language)
    for page in pages:
        language = translation_language(page.title, source.title, content_language)
        if language is None or page.text is None or page.redirect or "T:" not in page.text:
            continue
        marked = read_translation_page(page.text, source.text or "", content_language)
        into = found.setdefault(language, {}) if marked else {}
        for unit, translation in marked.items():
            into.setdefault(unit, translation)
    return {language: texts for language, texts in found.items() if texts}


# --- each item's translation -------------------------------------------------------------


def _filled(translation: UnitTranslation, unit: Unit, source_text: str, language: str) -> str:
    """A unit's translation with the source's tvar contents for its ``$name``s.

    Markers and translate tags in a translation are dropped: they would cut the rendered
    page into other units than the source's (and could give the text to another item).
    """
    text = _TRANSLATION_LANGUAGE.sub(language, _NOT_IN_A_TRANSLATION.sub("", translation.text))
    if not translation.placeholders or "$" not in text:
        return text
    names = variables(unit.content(source_text))
    if not names:
        return text
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return pattern.sub(lambda match: names[match.group(0)], text)


def render_translation(
    source_text: str, texts: Mapping[str, UnitTranslation], language: str
) -> str:
    """The source with each translated unit's text in ``language``, markers kept: what
    Translate would serve, and what the parser reads items from with their units."""
    pieces, done = [], 0
    for unit in units(source_text):
        translation = texts.get(unit.id)
        if translation is None:
            continue
        pieces += [
            source_text[done : unit.start],
            unit.render(source_text, _filled(translation, unit, source_text, language)),
        ]
        done = unit.end
    pieces.append(source_text[done:])
    return "".join(pieces)


def _ranks(items: Sequence[Item]) -> tuple[list[int], Counter[tuple[str, ...]]]:
    """Each item's rank among the items of the same units, and how many each units have."""
    counts: Counter[tuple[str, ...]] = Counter()
    ranks = []
    for item in items:
        ranks.append(counts[item.units])
        counts[item.units] += 1
    return ranks, counts


def translate_items(
    parsed: ParseResult,
    source_text: str,
    translations: Mapping[str, Mapping[str, UnitTranslation]],
    default_group: str = "General",
    namespaces: Namespaces = ENGLISH,
) -> ParseResult:
    """The parse with each item carrying its translations (see the module's docstring);
    each translation is read with the wiki's ``namespaces``, as the source is."""
    if not translations or not any(item.units for item in parsed.items):
        return parsed
    ranks, counts = _ranks(parsed.items)
    found: dict[int, list[Translation]] = {}
    for language in sorted(translations):
        texts = translations[language]
        rendered = render_translation(source_text, texts, language)
        theirs = parse_source(rendered, default_group=default_group, namespaces=namespaces).items
        their_ranks, their_counts = _ranks(theirs)
        by_key = {(it.units, rank): it for it, rank in zip(theirs, their_ranks, strict=True)}
        for index, item in enumerate(parsed.items):
            if not item.units or any(unit not in texts for unit in item.units):
                continue
            if their_counts[item.units] != counts[item.units]:
                continue  # the translation has more or fewer entries there: whose is whose?
            other = by_key[(item.units, ranks[index])]
            outdated = any(texts[unit].outdated for unit in item.units)
            found.setdefault(index, []).append(
                Translation(language, other.wikitext, other.refs, outdated, other.nodes)
            )
    items = tuple(
        replace(item, translations=tuple(found[i])) if i in found else item
        for i, item in enumerate(parsed.items)
    )
    return replace(parsed, items=items)


class Render(Protocol):
    """Makes an entry's markup safe for the call (``bot.inline.safe_inline``); ``nodes``:
    the markup as the source's parse read it, which spares parsing it again."""

    def __call__(
        self, wikitext: str, refs: tuple[str, ...], *, nodes: tuple[Node, ...] | None = None
    ) -> str: ...


# --- what the subpages and the index say -------------------------------------------------


def listed_languages(value: str) -> list[str]:
    """The languages a subpage's ``translations`` names: the bot's own pairs there."""
    return [
        code for code in (part.strip() for part in value.split(",")) if LANGUAGE.fullmatch(code)
    ]


def translation_fields(
    translations: Sequence[Translation],
    listed: str,
    render: Render,
) -> dict[str, str]:
    """The subpage's translation parameters: ``text_<lang>`` (current), ``outdated_<lang>``
    and the list ``translations``; a pair the bot wrote before and has nothing for now is
    emptied, never removed.  ``render`` makes an entry's markup safe (as for ``text``)."""
    shown: dict[str, tuple[str, bool]] = {}
    for translation in translations:
        text = render(translation.wikitext, translation.refs, nodes=translation.nodes)
        if text:
            shown[translation.language] = (text, translation.outdated)
    languages = sorted(set(shown) | set(listed_languages(listed)))
    fields: dict[str, str] = {}
    for language in languages:
        text, outdated = shown.get(language, ("", False))
        fields[f"text_{language}"] = "" if outdated else text
        fields[f"outdated_{language}"] = text if outdated else ""
    if languages:
        fields[LANGUAGES] = ", ".join(sorted(shown))
    return fields


def describe_translations(
    call: StatusCall, fields: Mapping[str, str], words: Messages = ENGLISH_WORDS
) -> list[str]:
    """``fr added``, ``de outdated``: what changes in each language's pair."""
    changes = []
    for name in sorted(fields):
        if not name.startswith("text_"):
            continue
        language = name[len("text_") :]
        old_text, old_outdated = call.raw.get(name, ""), call.raw.get(f"outdated_{language}", "")
        new_text, new_outdated = fields[name], fields.get(f"outdated_{language}", "")
        if same_markup(old_text, new_text) and same_markup(old_outdated, new_outdated):
            continue
        if new_text:
            verb = "updated" if old_text or old_outdated else "added"
        elif new_outdated:
            verb = "outdated"
        else:
            verb = "removed"
        changes.append(words(_CHANGED[verb], language=language))
    return changes


_CHANGED = {
    "added": "recsync-translation-added",
    "updated": "recsync-translation-updated",
    "outdated": "recsync-translation-outdated",
    "removed": "recsync-translation-removed",
}


@dataclass(frozen=True)
class LanguageCount:
    language: str
    translated: int  # items whose translation is current
    outdated: int  # items whose translation Translate marks outdated


def translation_counts(items: Iterable[Item]) -> tuple[LanguageCount, ...]:
    """How many items each language translates, by language code."""
    current: Counter[str] = Counter()
    outdated: Counter[str] = Counter()
    for item in items:
        for translation in item.translations:
            (outdated if translation.outdated else current)[translation.language] += 1
    return tuple(
        LanguageCount(language, current[language], outdated[language])
        for language in sorted(set(current) | set(outdated))
    )


#: The class of the index's table of translations (how the bot finds it again).
_TABLE_CLASS = "recsync-translations"


def translation_table(
    counts: Sequence[LanguageCount], total: int, source: str, template: str
) -> list[str]:
    """The index's lines on the translations: per language, how many items it translates.

    Nothing when the source has no translation, so an untranslated source's index is
    as it was.  Its words are messages of ``<template>/i18n`` (``bot.messages``).
    """
    if not counts:
        return []
    head = [call(template, f"index-{word}") for word in ("language", "translated", "outdated")]
    out = [
        "",
        f"== {call(template, 'index-translations')} ==",
        '{| class="wikitable sortable ' + _TABLE_CLASS + '"',
        "! " + " !! ".join(head),
    ]
    for count in counts:
        page = translation_page_title(source, count.language)
        name = f"[[{page}|{{{{#language:{count.language}}}}}]] ({count.language})"
        outdated = str(count.outdated) if count.outdated else "–"
        translated = call(template, "index-n-of-m", str(count.translated), str(total))
        out += ["|-", f"| {name} || {translated} || {outdated}"]
    out.append("|}")
    return out


def translation_lines(page_text: str) -> list[str]:
    """The index's table of translations, as lines (none when it has none)."""
    lines = page_text.splitlines()
    start = next((i for i, line in enumerate(lines) if _TABLE_CLASS in line), None)
    if start is None:
        return []
    end = next((i for i in range(start, len(lines)) if lines[i] == "|}"), len(lines))
    return lines[start : end + 1]
