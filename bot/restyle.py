"""Bold and italic among nodes read with ``skip_style_tags``, as a parse without it reads
them.  Pure.

bot.source parses the page with ``skip_style_tags`` (bold and italic left as text);
bot.inline renders each item from those nodes rather than parsing its markup again,
which would cost as much as the source's parse once more.  mwparserfromhell pairs the
marks in its tokenizer only, so the text between the other nodes is tokenized again,
each node a placeholder: a fraction of the cost.  Anything else the tokens show raises
``NotAsParsed``, and the caller parses the markup after all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from mwparserfromhell import nodes as mw
from mwparserfromhell.parser import Parser, tokens

#: The marks of italic and bold.
STYLE_MARKS = ("''", "'''")


#: How a line may start that a parse of the item's markup alone reads as a line's start.
_LINE_START = tuple("*#:;=-{|!")


class NotAsParsed(Exception):
    """The source's nodes would not read as a parse of the markup alone reads it."""


def stripped(nodes: Sequence[mw.Node]) -> list[mw.Node]:
    """An item's nodes as the parse of its markup, which is stripped, would start and end."""
    nodes = list(nodes)
    if nodes and isinstance(nodes[-1], mw.Text):
        nodes[-1] = mw.Text(nodes[-1].value.rstrip())
    if nodes and isinstance(nodes[0], mw.Text):
        nodes[0] = mw.Text(nodes[0].value.lstrip())
        if nodes[0].value.startswith(_LINE_START):  # alone, it would start a line
            raise NotAsParsed
    return nodes


#: Placeholders for the nodes among a text's pieces: the private use area, which
#: no text of the item may then hold.
_HOLE = 0xE000
_HOLES = re.compile("([\ue000-\uf8ff])")
_MOST_HOLES = 0xF8FF - _HOLE + 1


class Styled(mw.Node):
    """Bold or italic around nodes, as ``restyled`` reads them (a ``Tag`` to the parser)."""

    def __init__(self, mark: str, nodes: list[mw.Node]) -> None:
        super().__init__()
        self.mark = mark
        self.nodes = nodes

    def __str__(self) -> str:
        return self.mark + "".join(str(node) for node in self.nodes) + self.mark


#: mwparserfromhell's tokenizer (its C one where installed), which pairs the marks.
_TOKENIZER = Parser()._tokenizer  # type: ignore[no-untyped-call]


def restyled(nodes: Sequence[mw.Node]) -> list[mw.Node]:
    """Nodes read with ``skip_style_tags``, with their bold and italic as a parse
    without it reads them (see the module's docstring); ``NotAsParsed`` if it cannot."""
    if not any(isinstance(node, mw.Text) and "''" in node.value for node in nodes):
        return list(nodes)
    if len(nodes) > _MOST_HOLES:
        raise NotAsParsed
    holes: dict[str, mw.Node] = {}
    pieces: list[str] = []
    for index, node in enumerate(nodes):
        if isinstance(node, mw.Text):
            if _HOLES.search(node.value):
                raise NotAsParsed
            pieces.append(node.value)
        else:
            hole = chr(_HOLE + index)
            holes[hole] = node
            pieces.append(hole)
    stack: list[tuple[str, list[mw.Node]]] = [("", [])]
    stream = iter(_TOKENIZER.tokenize("".join(pieces), 0, False))
    for token in stream:
        if isinstance(token, tokens.Text):
            for part in _HOLES.split(token.text):
                if part in holes:
                    stack[-1][1].append(holes.pop(part))
                elif part:
                    stack[-1][1].append(mw.Text(part))
        elif isinstance(token, tokens.TagOpenOpen) and token.get("wiki_markup") in STYLE_MARKS:
            _expect(stream, tokens.Text, tokens.TagCloseOpen)  # the tag's name: b or i
            stack.append((token.wiki_markup, []))
        elif isinstance(token, tokens.TagOpenClose) and len(stack) > 1:
            _expect(stream, tokens.Text, tokens.TagCloseClose)
            mark, inner = stack.pop()
            stack[-1][1].append(Styled(mark, inner))
        else:  # more than bold and italic: not ours to read
            raise NotAsParsed
    if len(stack) > 1 or holes:
        raise NotAsParsed
    return stack[0][1]


def _expect(stream: Iterator[object], *kinds: type) -> None:
    for kind in kinds:
        if not isinstance(next(stream, None), kind):
            raise NotAsParsed
