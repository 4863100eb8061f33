"""Source wikitext -> items.  Pure: no I/O.

The page is read the way MediaWiki lays it out, line by line, after looking through
block wrappers (``<translate>``, ``<div>``...):

* a heading of any level, a line that is only a definition term (``;X``) or only
  bold text (``'''X'''``) starts a group; a group exists once it has an item;
* a top-level ``*`` or ``#`` entry is an item; deeper entries (``**``, ``##``, ``*:``)
  are details of the item above; an entry (or a paragraph) ending with ``:`` is the
  group's intro, not an item.

Line numbers count ``\\n`` only, as MediaWiki does.
"""

from __future__ import annotations

import gc
import html
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import mwparserfromhell
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

from bot.model import Group, Item, ParseResult, ParseWarning

DEFAULT_GROUP = "General"

#: Block wrappers whose contents are laid out as if the wrapper were not there.
TRANSPARENT_TAGS = frozenset(
    {"translate", "div", "center", "section", "onlyinclude", "includeonly", "noinclude"}
)
#: Tags whose contents a reader never sees inline.
HIDDEN_TAGS = frozenset({"ref", "references", "templatedata", "math", "score", "timeline"})
LIST_MARKS = "*#:;"
TRANSLATE_MARKER = re.compile(r"<!--\s*T:\d+\s*-->")
TRANSLATE_TAG = re.compile(r"</?translate\b[^>]*>", re.IGNORECASE)
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
BOLD_LINE = re.compile(r"^'''(?!')(.*[^'])'''$")
NON_LINK_NAMESPACES = ("category:", "file:", "image:", "media:")


def _template_name(template: Template) -> str:
    name = str(template.name).strip().replace("_", " ")
    return name[:1].upper() + name[1:]


def _positional(template: Template, index: int) -> Wikicode | None:
    key = str(index)
    return template.get(key).value if template.has(key) else None


def _unstyle(text: str) -> str:
    """Drop bold/italic apostrophe runs ('' ''' '''''); a run of four keeps one."""

    def replace(match: re.Match[str]) -> str:
        run = len(match.group(0))
        return "'" if run == 4 else "'" * max(0, run - 5)

    return APOSTROPHES.sub(replace, text)


def fold(text: str) -> str:
    """Fold every run of whitespace (non-breaking spaces too) into one space and trim."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class _Context:
    """Per-page facts the node walk needs: named footnotes and the warnings it gathers."""

    named_refs: dict[str, str]
    warnings: list[ParseWarning] = field(default_factory=list)
    line: int = 0

    def warn(self, message: str) -> None:
        self.warnings.append(ParseWarning(self.line, message))

    def quiet(self) -> _Context:
        """The same facts, for text that is only looked at (its warnings are dropped)."""
        return _Context(self.named_refs, [], self.line)


def _template_text(template: Template, ctx: _Context) -> str:
    """What a template shows as text, where that is obvious; else nothing (with a warning)."""
    name = _template_name(template)
    lowered = name.lower()
    if lowered in SYMBOL_TEMPLATES:
        return SYMBOL_TEMPLATES[lowered]
    if lowered == "tl" and _positional(template, 1) is not None:
        return "{{" + plain(_positional(template, 1) or Wikicode([]), ctx) + "}}"
    if lowered in {"lang", "lang-x", "transl"} and _positional(template, 2) is not None:
        return plain(_positional(template, 2) or Wikicode([]), ctx)
    if lowered in WRAPPER_TEMPLATES and _positional(template, 1) is not None:
        return plain(_positional(template, 1) or Wikicode([]), ctx)
    ctx.warn(f"template {{{{{name}}}}} left out of the item's text")
    return ""


def _node_text(node: Node, ctx: _Context) -> str:
    if isinstance(node, Text):
        return _unstyle(node.value)
    if isinstance(node, HTMLEntity):
        return str(node.normalize())
    if isinstance(node, Comment):
        return ""
    if isinstance(node, Wikilink):
        title = str(node.title).strip()
        if title.lower().startswith(NON_LINK_NAMESPACES):
            return ""
        if node.text is not None and str(node.text).strip():
            return plain(node.text, ctx)
        return title.lstrip(":")
    if isinstance(node, ExternalLink):
        if node.title is not None and str(node.title).strip():
            return plain(node.title, ctx)
        return str(node.url).strip()
    if isinstance(node, Template):
        return _template_text(node, ctx)
    if isinstance(node, Argument):
        return plain(node.default, ctx) if node.default is not None else ""
    if isinstance(node, Heading):
        return plain(node.title, ctx)
    if isinstance(node, Tag):
        tag = str(node.tag).strip().lower()
        if node.wiki_markup:  # a list or definition mark in mid-line
            return " "
        if tag in HIDDEN_TAGS:
            return ""
        if tag == "br":
            return " "
        if tag == "nowiki":
            return html.unescape(str(node.contents)) if node.contents is not None else ""
        if node.self_closing or node.contents is None:
            return ""
        return plain(node.contents, ctx)
    return str(node)


def plain(code: Wikicode | Iterable[Node], ctx: _Context) -> str:
    """The text a reader sees for some nodes, before whitespace folding."""
    nodes = code.nodes if isinstance(code, Wikicode) else code
    return "".join(_node_text(node, ctx) for node in nodes)


_REUSED_REF = re.compile(r"<ref\b[^>]*/\s*>", re.IGNORECASE)


def _collect_named_refs(text: str, code: Wikicode) -> dict[str, str]:
    """Footnotes defined once with a name and reused as <ref name=x/> elsewhere."""
    named: dict[str, str] = {}
    if not _REUSED_REF.search(text):
        return named  # nothing is reused: spare a walk over the whole tree
    for tag in code.filter_tags(recursive=True, matches=lambda n: str(n.tag).lower() == "ref"):
        if tag.has("name") and tag.contents is not None and str(tag.contents).strip():
            name = str(tag.get("name").value).strip().strip("\"'")
            named.setdefault(name, fold(plain(tag.contents, _Context({}))))
    return named


# --- layout: nodes -> lines -------------------------------------------------------------


@dataclass
class _Line:
    number: int
    nodes: list[Node]
    raw: list[str]  # each node's source text (str(node) is not cheap on big trees)

    @property
    def source(self) -> str:
        return "".join(self.raw)


def _flatten(code: Wikicode) -> Iterator[Node | str]:
    """Top-level nodes, looking through transparent wrappers.

    A wrapper's own open/close markup is yielded as a plain string, so that the
    concatenation of everything yielded is the source text (needed to count lines).
    """
    for node in code.nodes:
        if (
            isinstance(node, Tag)
            and not node.wiki_markup
            and str(node.tag).strip().lower() in TRANSPARENT_TAGS
            and node.contents is not None
            and not node.self_closing
        ):
            # The wrapper's own markup, as Tag.__str__ writes it (str(node) would
            # render the whole, possibly page-long, contents once more).
            attributes = "".join(str(attribute) for attribute in node.attributes)
            yield ("</" if node.invalid else "<") + str(node.tag) + attributes + node.padding + ">"
            yield from _flatten(node.contents)
            yield "</" + str(node.closing_tag) + ">"
        else:
            yield node


def _lines(code: Wikicode) -> list[_Line]:
    """Split the flattened nodes at the newlines of top-level text."""
    lines: list[_Line] = []
    current = _Line(1, [], [])
    newlines = 0
    for piece in _flatten(code):
        if isinstance(piece, str):
            newlines += piece.count("\n")
            continue
        if not isinstance(piece, Text) or "\n" not in piece.value:
            raw = (
                str(piece.wiki_markup)
                if isinstance(piece, Tag) and piece.wiki_markup
                else str(piece)
            )
            current.nodes.append(piece)
            current.raw.append(raw)
            newlines += raw.count("\n")
            continue
        parts = piece.value.split("\n")
        for index, part in enumerate(parts):
            if index > 0:
                newlines += 1
                lines.append(current)
                current = _Line(newlines + 1, [], [])
            if part:
                current.nodes.append(Text(part))
                current.raw.append(part)
    lines.append(current)
    return lines


def _split_list_mark(nodes: list[Node]) -> tuple[str, list[Node]]:
    """The line's list marks (``*``, ``**``, ``#:``...) and the nodes after them.

    MediaWiki drops comments before it looks for list marks, so ``<!--T:3-->* x`` is
    an entry too, although mwparserfromhell reads its ``*`` as text.
    """
    marks = ""
    index = 0
    while index < len(nodes):
        node = nodes[index]
        if isinstance(node, Comment) and not marks:
            index += 1
            continue
        if isinstance(node, Tag) and node.wiki_markup and str(node.wiki_markup) in LIST_MARKS:
            marks += str(node.wiki_markup)
            index += 1
            continue
        if isinstance(node, Text) and not marks:
            match = re.match(r"[*#:;]+", node.value)
            if match and index > 0:
                rest = node.value[match.end() :]
                return match.group(0), [Text(rest), *nodes[index + 1 :]]
        break
    if not marks:
        return "", nodes
    return marks, nodes[index:]


def _raw_of(line: _Line, rest: list[Node]) -> str:
    """The source text of the nodes after the list marks (a suffix of the line)."""
    if not rest:
        return ""
    start = len(line.nodes) - len(rest)
    if line.nodes[start] is rest[0]:
        return "".join(line.raw[start:])
    return str(rest[0]) + "".join(line.raw[start + 1 :])  # a Text split after its marks


def _meaningful(nodes: list[Node]) -> list[Node]:
    return [
        n
        for n in nodes
        if not isinstance(n, Comment) and not (isinstance(n, Text) and not n.value.strip())
    ]


def _source_markup(text: str) -> str:
    return TRANSLATE_TAG.sub("", TRANSLATE_MARKER.sub("", text)).strip()


def _heading_name(line: _Line, marks: str, rest: list[Node], ctx: _Context) -> str | None:
    """The group name if this line is a heading or a pseudo-heading, else None."""
    meaningful = _meaningful(line.nodes)
    if len(meaningful) == 1 and isinstance(meaningful[0], Heading):
        return fold(plain(meaningful[0].title, ctx)) or None
    if marks == ";":
        if any(isinstance(n, Tag) and n.wiki_markup for n in rest):
            return None  # ;term : definition is not a heading
        return fold(plain(rest, ctx)).rstrip(":").strip() or None
    if not marks:
        raw = "".join(str(n) for n in line.nodes if not isinstance(n, Comment)).strip()
        match = BOLD_LINE.match(raw)
        if match and "'''" not in match.group(1):
            inner = mwparserfromhell.parse(match.group(1), skip_style_tags=True)
            return fold(plain(inner, ctx)).rstrip(":").strip() or None
    return None


# --- items ------------------------------------------------------------------------------


def _anchor(nodes: list[Node]) -> str | None:
    """An explicit identifier at the start of an entry: {{anchor|X}} or <span id="X"></span>."""
    for node in nodes:
        if isinstance(node, Comment) or (isinstance(node, Text) and not node.value.strip()):
            continue
        if isinstance(node, Template) and _template_name(node).lower() in {"anchor", "anchors"}:
            first = _positional(node, 1)
            return fold(str(first)) or None if first is not None else None
        if (
            isinstance(node, Tag)
            and str(node.tag).strip().lower() == "span"
            and node.has("id")
            and (node.contents is None or not str(node.contents).strip())
        ):
            return fold(str(node.get("id").value)) or None
        return None
    return None


def _refs(nodes: list[Node], raw: str, ctx: _Context) -> tuple[str, ...]:
    found: list[str] = []
    if "<ref" not in raw.lower():
        return ()
    for tag in _walk(nodes):
        if not (isinstance(tag, Tag) and _is_ref(tag)):
            continue
        if tag.contents is not None and str(tag.contents).strip():
            found.append(fold(plain(tag.contents, ctx)))
        elif tag.has("name"):
            name = str(tag.get("name").value).strip().strip("\"'")
            if name in ctx.named_refs:
                found.append(ctx.named_refs[name])
            else:
                ctx.warn(f"footnote <ref name={name}/> has no text anywhere on the page")
    return tuple(found)


def _links(nodes: list[Node], raw: str) -> tuple[str, ...]:
    if "[" not in raw and "://" not in raw:
        return ()
    targets: list[str] = []
    for node in _walk(nodes, skip_refs=True):
        if isinstance(node, Wikilink):
            title = str(node.title).strip()
            if not title.lower().startswith(NON_LINK_NAMESPACES):
                targets.append(title.lstrip(":"))
        elif isinstance(node, ExternalLink):
            targets.append(str(node.url).strip())
    return tuple(targets)


def _is_ref(node: Tag) -> bool:
    return not node.wiki_markup and str(node.tag).strip().lower() == "ref"


def _walk(nodes: Iterable[Node], skip_refs: bool = False) -> Iterator[Node]:
    """Every node, depth first (cheaper than Wikicode.filter for small pieces)."""
    for node in nodes:
        if skip_refs and isinstance(node, Tag) and _is_ref(node):
            continue
        yield node
        if isinstance(node, Tag) and node.contents is not None and not node.wiki_markup:
            yield from _walk(node.contents.nodes, skip_refs)
        elif isinstance(node, Template):
            for param in node.params:
                yield from _walk(param.value.nodes, skip_refs)
        elif isinstance(node, Wikilink) and node.text is not None:
            yield from _walk(node.text.nodes, skip_refs)
        elif isinstance(node, ExternalLink) and node.title is not None:
            yield from _walk(node.title.nodes, skip_refs)


@dataclass
class _Entry:
    """A top-level entry being read, before numbering."""

    group: str
    text: str
    wikitext: str
    refs: tuple[str, ...]
    links: tuple[str, ...]
    anchor: str | None
    line: int
    details: list[str] = field(default_factory=list)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a while.

    mwparserfromhell makes some ten objects a line, all alive until the parse ends,
    and each of the collector's full passes walks all of them: on a page of 100,000
    items that is a quarter of the time, growing with the page.  A parse makes no
    garbage cycles worth collecting meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_source(text: str, source: str = "", default_group: str = DEFAULT_GROUP) -> ParseResult:
    """Read the recommendations on a page.  Never raises on odd input; warns instead."""
    with _no_cyclic_gc():
        return _parse(text, source, default_group)


def _parse(text: str, source: str, default_group: str) -> ParseResult:
    code = mwparserfromhell.parse(text, skip_style_tags=True)
    ctx = _Context(named_refs=_collect_named_refs(text, code))
    group: str | None = None
    group_lines: dict[str, int] = {}
    intros: dict[str, str] = {}
    entries: list[_Entry] = []
    last_entry: _Entry | None = None  # the item that deeper entries attach to

    for line in _lines(code):
        ctx.line = line.number
        marks, rest = _split_list_mark(line.nodes)
        name = _heading_name(line, marks, rest, ctx)
        if name is not None:
            group = name
            group_lines.setdefault(name, line.number)
            last_entry = None
            continue
        if not marks or marks[0] == ";":  # prose, or a ;term with its :definition
            plain_text = fold(plain(line.nodes, ctx.quiet()))
            if plain_text.endswith(":") and group is not None and group not in intros:
                intros[group] = plain_text
            if plain_text:
                last_entry = None
            continue
        if len(marks) > 1 or marks[0] == ":":
            detail = fold(plain(rest, ctx))
            if last_entry is None:
                if detail:
                    ctx.warn(f"nested entry with no item above it skipped: {detail!r}")
                continue
            if detail:
                last_entry.details.append(detail)
            continue
        rest_raw = _raw_of(line, rest)
        item_text = fold(plain(rest, ctx))
        if not item_text:
            ctx.warn("empty list entry skipped")
            last_entry = None
            continue
        if item_text.endswith(":"):
            target = group if group is not None else default_group
            if target in intros:
                ctx.warn(f"second introduction in group {target!r} kept as intro only once")
            intros.setdefault(target, item_text)
            last_entry = None
            continue
        if group is None:
            ctx.warn(f"item above any heading put in group {default_group!r}")
            group = default_group
            group_lines.setdefault(default_group, 0)
        last_entry = _Entry(
            group=group,
            text=item_text,
            wikitext=_source_markup(rest_raw),
            refs=_refs(rest, rest_raw, ctx),
            links=_links(rest, rest_raw),
            anchor=_anchor(rest),
            line=line.number,
        )
        entries.append(last_entry)

    return _number(entries, intros, group_lines, ctx, source)


def _number(
    entries: list[_Entry],
    intros: dict[str, str],
    group_lines: dict[str, int],
    ctx: _Context,
    source: str,
) -> ParseResult:
    """Number the entries within their groups and gather the groups in page order."""
    counts: dict[str, int] = {}
    seen_texts: dict[tuple[str, str], int] = {}
    items: list[Item] = []
    for entry in entries:
        counts[entry.group] = counts.get(entry.group, 0) + 1
        key = (entry.group, entry.text.casefold())
        if key in seen_texts:
            ctx.warnings.append(
                ParseWarning(
                    entry.line,
                    f"same text as the item on line {seen_texts[key]} in group {entry.group!r}",
                )
            )
        seen_texts.setdefault(key, entry.line)
        items.append(
            Item(
                group=entry.group,
                number=counts[entry.group],
                text=entry.text,
                wikitext=entry.wikitext,
                details=tuple(entry.details),
                refs=entry.refs,
                links=entry.links,
                anchor=entry.anchor,
                line=entry.line,
            )
        )
    groups = tuple(
        Group(name=name, intro=intros.get(name), count=count, line=group_lines.get(name, 0))
        for name, count in counts.items()
    )
    warnings = tuple(sorted(ctx.warnings, key=lambda w: w.line))
    return ParseResult(source=source, items=tuple(items), groups=groups, warnings=warnings)


_REDIRECT = re.compile(r"^\s*#REDIRECT\s*:?\s*\[\[([^\]|#]*)[^\]]*\]\]", re.IGNORECASE)


def redirect_target(text: str) -> str | None:
    """``#REDIRECT [[X]]`` -> ``X`` (without a section); None for any other page."""
    found = _REDIRECT.match(text)
    return found.group(1).strip() or None if found else None
