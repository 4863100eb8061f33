"""An item's footnotes: which tags they are, what each says, which are written by name.  Pure.

``bot.inline`` writes a footnote as ``<ref>its text</ref>``.  A named footnote the item
uses more than once is written once in full, ``<ref name="x">its text</ref>``, and then
as ``<ref name="x" />``, as an editor would write it.  The name is the source's own when
it is made of letters and digits with single spaces, dots, hyphens or underscores
between them (and is not a number, which Cite refuses); any other name is written as
``footnote-N``.  So a name never holds a quote, ``=`` or markup, and a page never shows
a footnote twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeGuard

from mwparserfromhell import nodes as mw
from mwparserfromhell.wikicode import Wikicode

from .namespaces import ENGLISH, Namespaces

#: A footnote name bot.inline writes as it is.
SAFE_NAME = r"[^\W_]+(?:[ ._-][^\W_]+)*"
_SAFE_NAME = re.compile(SAFE_NAME)
_LONGEST_NAME = 60
#: The footnote tags bot.inline writes: ``<ref>``, ``<ref name="x">``, ``<ref name="x" />``.
WRITTEN_REF = re.compile(rf'<ref(?: name="({SAFE_NAME})"( /)?)?>')


def ref_name(tag: mw.Tag) -> str | None:
    return str(tag.get("name").value).strip().strip("\"'") if tag.has("name") else None


def has_text(tag: mw.Tag) -> bool:
    return tag.contents is not None and bool(str(tag.contents).strip())


def is_ref(node: mw.Node) -> TypeGuard[mw.Tag]:
    return isinstance(node, mw.Tag) and not node.wiki_markup and str(node.tag).lower() == "ref"


def walk(nodes: Iterable[mw.Node]) -> Iterable[mw.Node]:
    """Every node, depth first, in the order bot.source looks for footnotes (a footnote
    within a footnote is not the item's: Cite shows none)."""
    for node in nodes:
        yield node
        if is_ref(node):
            continue
        if isinstance(node, mw.Tag) and node.contents is not None:  # bold/italic too
            yield from walk(node.contents.nodes)
        elif isinstance(node, mw.Template):
            for param in node.params:
                yield from walk(param.value.nodes)
        elif isinstance(node, mw.Wikilink) and node.text is not None:
            yield from walk(node.text.nodes)
        elif isinstance(node, mw.ExternalLink) and node.title is not None:
            yield from walk(node.title.nodes)


@dataclass
class Footnotes:
    """What bot.inline needs to know of an item's footnotes while it writes them, and the
    wiki's namespaces it reads their links (and the item's) by."""

    given: dict[int, str] = field(default_factory=dict)  # id of a tag -> the caller's text
    defining: dict[str, mw.Tag] = field(default_factory=dict)  # name -> the tag with its text
    names: dict[str, str] = field(default_factory=dict)  # a name used twice -> the name written
    written: set[str] = field(default_factory=set)  # names written in full so far
    inside: bool = False  # a footnote's text is being written
    namespaces: Namespaces = ENGLISH  # the wiki's: which links embed or categorise
    restyle: bool = False  # the nodes are bot.source's: bold and italic still text


def footnotes_of(
    code: Wikicode, given: Sequence[str], namespaces: Namespaces = ENGLISH
) -> Footnotes:
    """The item's footnote tags, matched to the caller's texts when they agree in number."""
    tags = [node for node in walk(code.nodes) if is_ref(node)]
    notes = Footnotes(namespaces=namespaces)
    uses: dict[str, int] = {}
    for tag in tags:
        name = ref_name(tag)
        if name:
            uses[name] = uses.get(name, 0) + 1
            if has_text(tag):
                notes.defining.setdefault(name, tag)
    counted = [tag for tag in tags if ref_name(tag) or has_text(tag)]
    if given and len(given) == len(counted):
        notes.given = {id(tag): text for tag, text in zip(counted, given, strict=True)}
    shared = [name for name, count in uses.items() if count > 1]
    kept = {name for name in shared if _writable(name)}
    number = 0
    for name in shared:
        if name in kept:
            notes.names[name] = name
            continue
        number += 1
        while f"footnote-{number}" in kept:
            number += 1
        notes.names[name] = f"footnote-{number}"
    return notes


def _writable(name: str) -> bool:
    return len(name) <= _LONGEST_NAME and not name.isdigit() and bool(_SAFE_NAME.fullmatch(name))


def count_written(wikitext: str) -> int:
    """How many footnotes a text bot.inline wrote shows (a reuse by name is not one more)."""
    return sum(1 for match in WRITTEN_REF.finditer(wikitext) if not match.group(2))
