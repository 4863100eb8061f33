"""Source wikitext -> items.  Pure: no I/O.

The page is read as the Translate extension serves it to readers (``bot.translate``),
then the way MediaWiki lays it out, line by line, after looking through block wrappers
(``<div>``, ``<center>``...):

* a heading of any level, a line that is only a definition term (``;X``) or only
  bold text (``'''X'''``) starts a group; a group exists once it has an item;
* a top-level ``*`` or ``#`` entry is an item; deeper entries (``**``, ``##``, ``*:``)
  are details of the item above;
* a paragraph, or an entry with no deeper entries, that ends with ``:`` is a caption:
  the group's introduction when it comes before the group's first item, else one of the
  group's later captions (kept, and warned about).  An entry with deeper entries is an
  item, whatever it ends with.

Each entry is read in one walk for its text, links and footnotes (``bot.reading``).
Line numbers count ``\\n`` only, as MediaWiki does, in the page as stored.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Heading, Node, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from .layout import Line, layout_lines, raw_of, split_list_mark
from .model import Caption, Group, Item, ParseResult, ParseWarning
from .namespaces import ENGLISH, Namespaces
from .reading import NamedRef, Page, Reader, positional, ref_name, template_name
from .translate import unit_lines, unwrap
from .wikitext import fold

DEFAULT_GROUP = "General"

BOLD_LINE = re.compile(r"^'''(?!')(.*[^'])'''$")
#: ``#REDIRECT [[Target#section|label]]``, with an optional colon, in any case.
REDIRECT = re.compile(r"\s*#REDIRECT\s*:?\s*\[\[([^\]|]*)(?:\|[^\]]*)?\]\]", re.IGNORECASE)


def redirect_target(text: str) -> str | None:
    """The title a redirect page points to (without its ``#section``); None for other pages."""
    match = REDIRECT.match(text)
    if match is None:
        return None
    target = match.group(1).split("#", 1)[0].strip().lstrip(":").strip()
    return target or None


def _meaningful(nodes: list[Node]) -> list[Node]:
    return [
        n
        for n in nodes
        if not isinstance(n, Comment) and not (isinstance(n, Text) and not n.value.strip())
    ]


def _heading_name(line: Line, marks: str, rest: list[Node], page: Page) -> str | None:
    """The group name if this line is a heading or a pseudo-heading, else None."""
    if marks and marks != ";":
        return None  # a list entry (the most common line: spare it the rest)
    read = Reader(page, quiet=True).text
    meaningful = _meaningful(line.nodes)
    if len(meaningful) == 1 and isinstance(meaningful[0], Heading):
        return fold(read(meaningful[0].title)) or None
    if marks == ";":
        if any(isinstance(n, Tag) and n.wiki_markup for n in rest):
            return None  # ;term : definition is not a heading
        return fold(read(rest)).rstrip(":").strip() or None
    if not marks:
        pieces = zip(line.nodes, line.raw, strict=True)
        raw = "".join(str(n) if r is None else r for n, r in pieces if not isinstance(n, Comment))
        raw = raw.strip()
        match = BOLD_LINE.match(raw)
        if match and "'''" not in match.group(1):
            inner = mwparserfromhell.parse(match.group(1), skip_style_tags=True)
            return fold(read(inner)).rstrip(":").strip() or None
    return None


# --- entries ----------------------------------------------------------------------------


def _anchor(nodes: list[Node]) -> str | None:
    """An explicit identifier at the start of an entry: {{anchor|X}} or <span id="X"></span>."""
    for node in nodes:
        if isinstance(node, Comment) or (isinstance(node, Text) and not node.value.strip()):
            continue
        if isinstance(node, Template) and template_name(node).lower() in {"anchor", "anchors"}:
            first = positional(node, 1)
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


@dataclass
class _Entry:
    """A top-level entry or a caption being read, before numbering."""

    group: str
    text: str
    line: int
    wikitext: str = ""
    nodes: tuple[Node, ...] | None = None  # its markup's nodes, where they are all of it
    refs: list[str | NamedRef] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    anchor: str | None = None
    details: list[str] = field(default_factory=list)
    orphan: bool = False  # came above any heading
    prose: bool = False  # a paragraph: a caption, never an item

    @property
    def is_caption(self) -> bool:
        return self.prose or (self.text.endswith(":") and not self.details)


@dataclass
class _Walk:
    """The page read line by line: the entries and captions in page order."""

    page: Page
    default_group: str
    group: str | None = None
    group_lines: dict[str, int] = field(default_factory=dict)
    entries: list[_Entry] = field(default_factory=list)
    last_entry: _Entry | None = None  # the entry that deeper entries attach to
    units: dict[int, tuple[str, ...]] = field(default_factory=dict)  # line -> Translate units

    def read(self, line: Line) -> None:
        self.page.line = line.number
        marks, rest = split_list_mark(line.nodes)
        name = _heading_name(line, marks, rest, self.page)
        if name is not None:
            if name in self.group_lines:
                first = self.group_lines[name]
                self.page.warn(f"heading {name!r} repeats the one on line {first}: one group")
            self.group = name
            self.group_lines.setdefault(name, line.number)
            self.last_entry = None
        elif not marks or marks[0] == ";":  # prose, or a ;term with its :definition
            self._prose(line)
        elif len(marks) > 1 or marks[0] == ":":
            self._detail(rest)
        else:
            self._entry(line, rest)

    def _prose(self, line: Line) -> None:
        text = fold(Reader(self.page, quiet=True).text(line.nodes))
        if text.endswith(":") and self.group is not None:
            self.entries.append(_Entry(self.group, text, line.number, prose=True))
        if text:
            self.last_entry = None

    def _detail(self, rest: list[Node]) -> None:
        reader = Reader(self.page)
        detail = fold(reader.text(rest))
        if self.last_entry is None:
            if detail:
                self.page.warn(f"nested entry with no item above it skipped: {detail!r}")
        elif detail:
            self.last_entry.details.append(detail)
            self.last_entry.links += reader.links
            self.last_entry.refs += reader.refs

    def _entry(self, line: Line, rest: list[Node]) -> None:
        reader = Reader(self.page)
        text = fold(reader.text(rest))
        if not text:
            self.page.warn("empty list entry skipped")
            self.last_entry = None
            return
        orphan = self.group is None
        if orphan and not text.endswith(":"):
            self.page.warn(f"item above any heading put in group {self.default_group!r}")
            self.group = self.default_group
            self.group_lines.setdefault(self.default_group, 0)
            orphan = False
        self.last_entry = _Entry(
            group=self.group or self.default_group,
            text=text,
            line=line.number,
            wikitext=raw_of(line, rest).strip(),
            nodes=tuple(rest) if _all_on_the_line(line) else None,
            refs=reader.refs,
            links=reader.links,
            anchor=_anchor(rest),
            orphan=orphan,
        )
        self.entries.append(self.last_entry)


def _all_on_the_line(line: Line) -> bool:
    """Whether the line's nodes are what its markup holds: not so when its markup is
    one line of the source and one of its nodes (a comment, say) goes on over the next."""
    return line.text is None or not any("\n" in raw for raw in line.raw if raw)


# --- the page ---------------------------------------------------------------------------


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


def parse_source(
    text: str,
    source: str = "",
    default_group: str = DEFAULT_GROUP,
    namespaces: Namespaces = ENGLISH,
) -> ParseResult:
    """Read the recommendations on a page.  Never raises on odd input; warns instead.

    ``namespaces`` are the wiki's: a category or file link is no part of an item.
    """
    target = redirect_target(text)
    if target is not None:
        message = f"the page is a redirect to [[{target}]], not a list of recommendations"
        return ParseResult(source, (), (), (ParseWarning(1, message),), redirect=target)
    with _no_cyclic_gc():
        served = unwrap(text).text
        code = mwparserfromhell.parse(served, skip_style_tags=True)
        walk = _Walk(Page(namespaces=namespaces), default_group, units=unit_lines(text))
        for line in layout_lines(code, served):
            walk.read(line)
        _define_missing_refs(walk.entries, walk.page, code)
        return _number(walk, source)


def _define_missing_refs(entries: list[_Entry], page: Page, code: Wikicode) -> None:
    """Find the footnotes reused by name but defined nowhere the walk went.

    That is, inside a template's parameters (``{{reflist|refs=…}}``): a rare case
    that is worth a search of the whole tree only when it happens.
    """
    missing = {
        ref.name
        for entry in entries
        for ref in entry.refs
        if isinstance(ref, NamedRef) and ref.name not in page.named_refs
    }
    if not missing:
        return
    for tag in code.filter_tags(recursive=True, matches=lambda n: str(n.tag).lower() == "ref"):
        name = ref_name(tag)
        if name in missing and tag.contents is not None and str(tag.contents).strip():
            reader = Reader(
                Page(page.named_refs, namespaces=page.namespaces), footnote=True, quiet=True
            )
            text = fold(reader.text(tag.contents))
            if text:
                page.named_refs.setdefault(name, text)


def _refs(entry: _Entry, page: Page) -> tuple[str, ...]:
    """The entry's footnotes, a reused one resolved to its text where it is defined."""
    texts = []
    for ref in entry.refs:
        if isinstance(ref, str):
            texts.append(ref)
        elif ref.name in page.named_refs:
            texts.append(page.named_refs[ref.name])
        else:
            message = f"footnote <ref name={ref.name}/> has no text anywhere on the page"
            page.warnings.append(ParseWarning(ref.line, message))
    return tuple(texts)


def _number(walk: _Walk, source: str) -> ParseResult:
    """Number the items within their groups; gather the groups and captions in page order."""
    page = walk.page
    counts: dict[str, int] = {}
    intros: dict[str, str] = {}
    captions: dict[str, list[Caption]] = {}
    seen_texts: dict[tuple[str, str], int] = {}
    items: list[Item] = []
    for entry in walk.entries:
        if entry.is_caption:
            _caption(entry, counts.get(entry.group, 0), intros, captions, page)
            continue
        if entry.orphan:
            message = f"item above any heading put in group {entry.group!r}"
            page.warnings.append(ParseWarning(entry.line, message))
        counts[entry.group] = counts.get(entry.group, 0) + 1
        key = (entry.group, entry.text.casefold())
        if key in seen_texts:
            message = f"same text as the item on line {seen_texts[key]} in group {entry.group!r}"
            page.warnings.append(ParseWarning(entry.line, message))
        seen_texts.setdefault(key, entry.line)
        items.append(
            Item(
                group=entry.group,
                number=counts[entry.group],
                text=entry.text,
                wikitext=entry.wikitext,
                nodes=entry.nodes,
                details=tuple(entry.details),
                refs=_refs(entry, page),
                links=tuple(entry.links),
                anchor=entry.anchor,
                line=entry.line,
                units=walk.units.get(entry.line, ()),
            )
        )
    groups = tuple(
        Group(
            name=name,
            intro=intros.get(name),
            count=count,
            line=walk.group_lines.get(name, 0),
            captions=tuple(captions.get(name, ())),
        )
        for name, count in counts.items()
    )
    warnings = tuple(sorted(page.warnings, key=lambda w: w.line))
    return ParseResult(source=source, items=tuple(items), groups=groups, warnings=warnings)


def _caption(
    entry: _Entry,
    before: int,
    intros: dict[str, str],
    captions: dict[str, list[Caption]],
    page: Page,
) -> None:
    """A caption is its group's intro if it comes first; a later one is kept and warned about."""
    group = entry.group
    if before == 0 and group not in intros:
        intros[group] = entry.text
        return
    captions.setdefault(group, []).append(Caption(entry.text, entry.line, before))
    if before == 0:
        message = f"second introduction in group {group!r} kept as a caption: {entry.text!r}"
    else:
        message = (
            f"caption after item {before} of group {group!r} kept as a caption, "
            f"not an item: {entry.text!r}"
        )
    page.warnings.append(ParseWarning(entry.line, message))
