"""Nodes -> the text a reader sees, with their link targets and footnotes.  Pure.

A ``Reader`` walks some nodes once and gathers all three: the plain text (what
``recsync`` compares and shows), the targets of the wikilinks and external links, and the
text of each footnote (``<ref>``).  A footnote is read by a reader of its own, in which a
citation template reads as the citation does and links are the footnote's, not the
entry's.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from .citations import citation_text, is_citation, parameters
from .model import ParseWarning
from .namespaces import ENGLISH, Namespaces
from .wikitext import fold

#: Tags whose contents a reader never sees inline.
HIDDEN_TAGS = frozenset({"references", "templatedata", "math", "score", "timeline"})
APOSTROPHES = re.compile(r"'{2,}")
#: Templates that show a fixed text (lower-case names).
SYMBOL_TEMPLATES = {
    "!": "|", "pipe": "|", "=": "=",
    "nbsp": " ", "space": " ", "spaces": " ", "thinsp": " ",
    "ndash": "\u2013", "en dash": "\u2013", "snd": " \u2013 ", "spaced ndash": " \u2013 ",
    "mdash": "\u2014", "em dash": "\u2014",
    "anchor": "", "anchors": "", "-": "", "clear": "",
}  # fmt: skip
#: Templates that show their first parameter as it is.
WRAPPER_TEMPLATES = frozenset({
    "nowrap", "nobr", "small", "smaller", "big", "larger", "strong", "em", "code",
    "var", "q", "quote", "tq", "highlight", "mark", "underline", "u", "sic", "abbr",
})  # fmt: skip
#: Templates that show one of their parameters, by number.
SHOWN_PARAMETER = {
    "tl": 1, "lang": 2, "lang-x": 2, "transl": 2, **dict.fromkeys(WRAPPER_TEMPLATES, 1)
}  # fmt: skip


def _unstyle(text: str) -> str:
    """Drop bold/italic apostrophe runs ('' ''' '''''); a run of four keeps one."""

    def replace(match: re.Match[str]) -> str:
        run = len(match.group(0))
        return "'" if run == 4 else "'" * max(0, run - 5)

    return APOSTROPHES.sub(replace, text) if "''" in text else text


def template_name(template: Template) -> str:
    name = str(template.name).strip().replace("_", " ")
    return name[:1].upper() + name[1:]


def positional(template: Template, index: int) -> Wikicode | None:
    key = str(index)
    return template.get(key).value if template.has(key) else None


def ref_name(tag: Tag) -> str | None:
    return str(tag.get("name").value).strip().strip("\"'") if tag.has("name") else None


@dataclass(frozen=True)
class NamedRef:
    """A reused footnote (``<ref name=x/>``) whose text was not known where it was used."""

    name: str
    line: int


@dataclass
class Page:
    """What the readers of one page share: footnotes defined so far, and warnings."""

    named_refs: dict[str, str] = field(default_factory=dict)
    warnings: list[ParseWarning] = field(default_factory=list)
    line: int = 0  # the line being read
    namespaces: Namespaces = ENGLISH  # the wiki's: which links are categories and files

    def warn(self, message: str) -> None:
        self.warnings.append(ParseWarning(self.line, message))


class Reader:
    """One walk over some nodes for their text, links and footnotes.

    ``footnote``: the nodes are a footnote's (templates may be citations; links are not
    gathered).  ``quiet``: the text is only looked at (prose, headings): no warnings.
    """

    def __init__(self, page: Page, footnote: bool = False, quiet: bool = False) -> None:
        self.page = page
        self.footnote = footnote
        self.quiet = quiet
        self.links: list[str] = []
        self.refs: list[str | NamedRef] = []

    def warn(self, message: str) -> None:
        if not self.quiet:
            self.page.warn(message)

    def text(self, nodes: Wikicode | Iterable[Node]) -> str:
        """The text a reader sees for these nodes, before whitespace folding."""
        if isinstance(nodes, Wikicode):
            nodes = nodes.nodes
        return "".join([self.node_text(node) for node in nodes])

    def node_text(self, node: Node) -> str:
        if isinstance(node, Text):
            return _unstyle(node.value)
        if isinstance(node, Tag):
            return self._tag_text(node)
        if isinstance(node, Wikilink):
            title = str(node.title).strip()
            if self.page.namespaces.embeds(title):
                return ""
            if not self.footnote:
                self.links.append(title.lstrip(":"))
            label = self.text(node.text) if node.text is not None else ""
            return label if label.strip() else title.lstrip(":")
        if isinstance(node, ExternalLink):
            url = str(node.url).strip()
            if not self.footnote:
                self.links.append(url)
            label = self.text(node.title) if node.title is not None else ""
            return label if label.strip() else url
        if isinstance(node, Template):
            return self._template_text(node)
        if isinstance(node, HTMLEntity):
            return str(node.normalize())
        if isinstance(node, Comment):
            return ""
        if isinstance(node, Argument):
            return self.text(node.default) if node.default is not None else ""
        if isinstance(node, Heading):
            return self.text(node.title)
        return str(node)

    def _tag_text(self, node: Tag) -> str:
        if node.wiki_markup:  # a list or definition mark in mid-line
            return " "
        tag = str(node.tag).strip().lower()
        if tag == "ref":
            self._footnote(node)
            return ""
        if tag in HIDDEN_TAGS:
            if tag == "references" and node.contents is not None:
                Reader(self.page, footnote=True, quiet=self.quiet).text(node.contents)
            return ""
        if tag == "br":
            return " "
        if tag == "nowiki":
            return html.unescape(str(node.contents)) if node.contents is not None else ""
        if node.self_closing or node.contents is None:
            return ""
        return self.text(node.contents)

    def _footnote(self, tag: Tag) -> None:
        """Read a ``<ref>``: its text, or the text of the named footnote it reuses."""
        name = ref_name(tag)
        text = ""
        if tag.contents is not None:
            text = fold(Reader(self.page, footnote=True, quiet=self.quiet).text(tag.contents))
        if text:
            if name:
                self.page.named_refs.setdefault(name, text)
            self.refs.append(text)
        elif name and (tag.contents is None or not str(tag.contents).strip()):
            self.refs.append(self.page.named_refs.get(name) or NamedRef(name, self.page.line))

    def _template_text(self, template: Template) -> str:
        """What a template shows as text, where that is obvious; else nothing (warned)."""
        name = template_name(template)
        lowered = name.lower()
        if lowered in SYMBOL_TEMPLATES:
            return SYMBOL_TEMPLATES[lowered]
        if lowered in SHOWN_PARAMETER:
            shown = positional(template, SHOWN_PARAMETER[lowered])
            if shown is not None:
                text = self.text(shown)
                return "{{" + text + "}}" if lowered == "tl" else text
        if self.footnote:
            params = parameters(template)
            if is_citation(lowered, params):
                return citation_text(params, self.text)
            self.warn(f"template {{{{{name}}}}} left out of a footnote's text")
            return ""
        self.warn(f"template {{{{{name}}}}} left out of the item's text")
        self.links.extend(_links_in(template, self.page.namespaces))
        return ""


def _links_in(template: Template, namespaces: Namespaces) -> list[str]:
    """The link targets in a template's parameters (for a template read as no text)."""
    reader = Reader(Page(namespaces=namespaces), quiet=True)
    for parameter in template.params:
        reader.text(parameter.value)
    return reader.links
