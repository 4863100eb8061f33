"""One subpage: render the status template call, read it back, merge the bot's fields.  Pure.

The bot owns a fixed set of parameters of one template call.  Everything else on
the page (other parameters, their order and spacing, every byte outside the call)
belongs to editors and comes back byte-identical.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import Template
from mwparserfromhell.wikicode import Wikicode

from .inline import is_safe, plain_inline, safe_inline
from .wikitext import escape, fold, unescape

#: Parameters the bot writes on every run, in the order it writes them.
OWNED = (
    "id", "group", "number", "text", "footnotes", "anchor", "source", "source_revision",
    "in_source",
)  # fmt: skip
#: Owned parameters written only when they have a value.
OPTIONAL = frozenset({"footnotes", "anchor"})
#: Owned parameters whose value is wikitext made safe by ``bot.inline`` (links, bold,
#: footnotes kept), written as it is; the others are plain text, escaped.
MARKUP = frozenset({"text"})
#: The item's text in the source's translations (``bot.translations``), one pair per
#: language, written after ``text``: ``text_de`` while current, ``outdated_de`` once
#: Translate marks it outdated; markup, as ``text``.  ``translations`` lists the
#: languages the bot wrote (``de, fr``): only those pairs are its own.
TRANSLATED = re.compile(r"(text|outdated)_([a-z]{2,3}(?:-[a-z0-9]{2,12})*)")
LANGUAGES = "translations"
#: Written once, when the bot creates the page; editors own it afterwards.
INITIAL_STATUS = "proposed"


#: MediaWiki drops comments before it reads a template's name.
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)


def is_markup(name: str) -> bool:
    return name in MARKUP or TRANSLATED.fullmatch(name) is not None


def owned_order(fields: dict[str, str]) -> list[str]:
    """The owned parameters in ``fields`` in the order the bot writes them: ``OWNED``,
    with the translations' after ``text``, language by language."""
    translated = sorted(
        (n for n in fields if TRANSLATED.fullmatch(n)),
        key=lambda n: (n.partition("_")[2], n.startswith("outdated")),
    )
    extra = [*translated, LANGUAGES] if LANGUAGES in fields else translated
    at = OWNED.index("text") + 1
    return [n for n in (*OWNED[:at], *extra, *OWNED[at:]) if n in OWNED or n in fields]


class SubpageError(ValueError):
    """A subpage the bot cannot safely edit (reported, page left alone)."""


@dataclass(frozen=True)
class StatusCall:
    """What the bot reads back from a subpage's status template call."""

    params: dict[str, str]  # every parameter, values as the reader sees them
    raw: dict[str, str] = field(default_factory=dict, compare=False)  # as written, trimmed

    def get(self, name: str) -> str:
        return self.params.get(name, "")

    @property
    def in_source(self) -> bool:
        return self.get("in_source").lower() != "no"


def template_call_name(template_title: str) -> str:
    """``Template:Recommendation status`` -> ``Recommendation status``."""
    namespace, sep, rest = template_title.partition(":")
    if sep and namespace.strip().lower() == "template":
        return rest.strip()
    return template_title.strip()


def _same_name(template: Template, name: str) -> bool:
    def norm(text: str) -> str:
        text = fold(_COMMENT.sub("", text).replace("_", " "))
        namespace, colon, rest = text.partition(":")
        if colon and namespace.strip().lower() == "template":  # 'Template : X' too
            text = rest.strip()
        return text[:1].upper() + text[1:]

    return norm(str(template.name)) == norm(name)


def _calls(code: Wikicode, name: str) -> list[Template]:
    return [t for t in code.filter_templates(recursive=True) if _same_name(t, name)]


def _the_call(code: Wikicode, name: str) -> Template | None:
    calls = _calls(code, name)
    if len(calls) > 1:
        raise SubpageError(f"the page has {len(calls)} calls of {{{{{name}}}}}; expected one")
    return calls[0] if calls else None


def read_call(text: str, template_name: str, strict: bool = True) -> StatusCall | None:
    """The status call's parameters, or None when the page has no call.

    A page with several calls raises SubpageError, unless ``strict`` is off: then the
    first call is read (enough to know which item the page is, never to edit it).
    """
    code = mwparserfromhell.parse(text)
    if strict:
        call = _the_call(code, template_name)
    else:
        call = next(iter(_calls(code, template_name)), None)
    if call is None:
        return None
    raw = {str(p.name).strip(): str(p.value).strip() for p in call.params}
    shown = {
        name: plain_inline(value) if is_markup(name) else unescape(value)
        for name, value in raw.items()
    }
    return StatusCall(shown, raw)


def written(name: str, value: str) -> str:
    """A field's value as the bot writes it into the call.

    Markup is written as it is only when it passes ``bot.inline``'s safety check (the
    planner makes it with ``safe_inline``); anything else is written as plain text.
    """
    return value if is_markup(name) and is_safe(value) else escape(value)


def same_markup(old: str, new: str) -> bool:
    """Does the value ``old`` already say ``new`` (spelled with other entities or spaces)?"""
    old, new = old.strip(), new.strip()
    return old == new or safe_inline(old) == new


def render_call(template_name: str, fields: dict[str, str], status: str = INITIAL_STATUS) -> str:
    """A new call, one parameter a line, as a new subpage gets it."""
    lines = ["{{" + template_name]
    for name in owned_order(fields):
        if (name in OPTIONAL or name not in OWNED) and not fields.get(name):
            continue
        lines.append(f"| {name} = {written(name, fields.get(name, ''))}")
    lines.append(f"| status = {escape(status)}")
    lines.append("}}")
    return "\n".join(lines)


def new_subpage(skeleton: str, template_name: str, fields: dict[str, str], index: str) -> str:
    """The text of a subpage the bot creates: the skeleton around a fresh call.

    The skeleton's sentences are calls of ``<template>/i18n``: each reader sees them in
    their own language (see ``messages``).
    """
    call = render_call(template_name, fields)
    return string.Template(skeleton).substitute(
        call=call, source=fields.get("source", ""), index=index, template=template_name
    )


def differs(call: StatusCall, fields: dict[str, str]) -> bool:
    """Would ``merge_fields`` change a page whose call reads as ``call``?"""
    for name, value in fields.items():
        if is_markup(name):
            if not same_markup(call.raw.get(name, ""), value):
                return True
            continue
        wanted = fold(value)
        if name in call.params:
            if call.params[name] != wanted:
                return True
        elif wanted:
            return True
    return False


def merge_fields(text: str, template_name: str, fields: dict[str, str]) -> str:
    """Write the bot's fields into an existing subpage's call; keep everything else.

    Only the owned parameters named in ``fields`` are looked at.  One whose shown
    value differs is rewritten (its spacing kept); a missing one is added beside the
    other owned ones.  No parameter is ever removed.
    """
    code = mwparserfromhell.parse(text)
    call = _the_call(code, template_name)
    if call is None:
        raise SubpageError(f"the page has no call of {{{{{template_name}}}}}")
    order = owned_order(fields)
    for index, name in enumerate(order):
        if name not in fields:
            continue  # not this run's business: never blank a field
        value, new = fields[name], written(name, fields[name])
        if call.has(name):
            old = str(call.get(name).value)
            same = same_markup(old, new) if is_markup(name) else unescape(old) == fold(value)
            if not same:
                param = call.add(name, new, preserve_spacing=True)
                if not old.strip():
                    # An empty value keeps its spacing too: mwparserfromhell would put
                    # all of it after the new value (``| text =new \n``).
                    lead, newline, rest = old.partition("\n")
                    param.value = lead + new + newline + rest
        elif value:
            present = [n for n in OWNED if call.has(n)]
            if name not in OWNED:  # a translation's: after the one before it in order
                present = [n for n in order[:index] if call.has(n)] or present
            if present:
                call.add(name, new, preserve_spacing=True, after=present[-1])
            else:
                call.add(name, new, preserve_spacing=True)
    return str(code)
