"""The page as MediaWiki lays it out: nodes -> lines, and a line's list marks.  Pure.

Block wrappers (``<div>``, ``<center>``...) are looked through; line numbers count
``\\n`` only, as MediaWiki does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mwparserfromhell.nodes import Comment, Node, Tag, Text
from mwparserfromhell.wikicode import Wikicode

#: Block wrappers whose contents are laid out as if the wrapper were not there.
TRANSPARENT_TAGS = frozenset(
    {"div", "center", "section", "onlyinclude", "includeonly", "noinclude"}
)
LIST_MARKS = "*#:;"


@dataclass
class Line:
    number: int
    nodes: list[Node]
    #: Each node's source text; None where it was not needed (writing a node back to
    #: text is not cheap on big trees), and then ``text`` holds the whole line.
    raw: list[str | None]
    text: str | None = None


def flatten(code: Wikicode) -> Iterator[Node | str]:
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
            yield from flatten(node.contents)
            yield "</" + str(node.closing_tag) + ">"
        else:
            yield node


def layout_lines(code: Wikicode, text: str) -> list[Line]:
    """Split the flattened nodes at the newlines of top-level text.

    Counting lines needs the newlines inside nodes (a template over three lines), and
    that means writing every node back to text.  First try without: if the newlines
    outside such nodes are all the text has, none holds one, and each line's source is
    simply that line of ``text``.
    """
    split = _split_lines(code, cheap=True)
    if split is not None and split[1] == text.count("\n"):
        source_lines = text.split("\n")
        for line in split[0]:
            line.text = source_lines[line.number - 1]
        return split[0]
    exact = _split_lines(code, cheap=False)
    assert exact is not None
    return exact[0]


def _split_lines(code: Wikicode, cheap: bool) -> tuple[list[Line], int] | None:
    """The lines and the newlines counted; ``cheap``: write back only comments and
    list marks (None if a block wrapper stands in the way of that)."""
    lines: list[Line] = []
    current = Line(1, [], [])
    newlines = 0
    for piece in flatten(code):
        if isinstance(piece, str):
            if cheap:
                return None
            newlines += piece.count("\n")
            continue
        if not isinstance(piece, Text) or "\n" not in piece.value:
            raw: str | None = None
            if isinstance(piece, Tag) and piece.wiki_markup:
                raw = str(piece.wiki_markup)
            elif isinstance(piece, Text | Comment) or not cheap:
                raw = str(piece)
            current.nodes.append(piece)
            current.raw.append(raw)
            newlines += raw.count("\n") if raw is not None else 0
            continue
        parts = piece.value.split("\n")
        for index, part in enumerate(parts):
            if index > 0:
                newlines += 1
                lines.append(current)
                current = Line(newlines + 1, [], [])
            if part:
                current.nodes.append(Text(part))
                current.raw.append(part)
    lines.append(current)
    return lines, newlines


def split_list_mark(nodes: list[Node]) -> tuple[str, list[Node]]:
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


def raw_of(line: Line, rest: list[Node]) -> str:
    """The source text of the nodes after the list marks (a suffix of the line)."""
    if not rest:
        return ""
    start = len(line.nodes) - len(rest)
    split = line.nodes[start] is not rest[0]  # a Text split after its marks
    if line.text is not None:  # the line's source, less what comes before ``rest``
        before = sum(len(raw or "") for raw in line.raw[:start])
        if split:
            before += len(line.raw[start] or "") - len(str(rest[0]))
        return line.text[before:]
    if not split:
        return "".join(raw or "" for raw in line.raw[start:])
    return str(rest[0]) + "".join(raw or "" for raw in line.raw[start + 1 :])
