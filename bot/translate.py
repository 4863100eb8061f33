"""A Meta page as the Translate extension serves it to readers.  Pure.

Translate removes its own markup before MediaWiki parses a page: the ``<translate>`` tags
(``nowrap`` or not), the ``<!--T:n-->`` unit markers, and the ``<tvar>`` wrappers around
text that must not be translated (``<tvar name="x">…</tvar>`` and the older
``<tvar|x>…</>``), whose contents stay.  ``unwrap`` does the same, so that a heading on the
line of a ``<translate>`` tag is a heading and ``[<tvar name="1">URL</tvar> label]`` is a link.

Nothing that is cut holds a newline (a cut piece's newlines are put back), so every line
of the unwrapped text is the same line of the page as stored; ``Unwrapped.original_offset``
maps any position back.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import pairwise

#: Markup Translate removes; a tvar's contents (group ``tvar`` or ``old``) stay.
TRANSLATE_MARKUP = re.compile(
    r"</?translate\b[^>]*>"
    r"|(?P<pre>[ \t]*)<!--\s*T:\d+\s*-->(?P<post>[ \t]*)"
    r"|<tvar\s+name\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*)\s*>(?P<tvar>(?:(?!<tvar\b).)*?)</tvar\s*>"
    r"|<tvar\|[^>]*>(?P<old>(?:(?!<tvar\b).)*?)</>",
    re.IGNORECASE | re.DOTALL,
)
#: What may stand between a marker and its line's start or end for it to count as there.
ONLY_TAGS = re.compile(r"(?:</?translate\b[^>]*>|\s)*", re.IGNORECASE)


@dataclass(frozen=True)
class Unwrapped:
    """The text readers are served, with the way back to the text as stored.

    ``kept_at[i]`` is the offset in the unwrapped text where the i-th kept stretch starts,
    and ``shift[i]`` how many characters were cut before it.
    """

    text: str
    kept_at: tuple[int, ...] = ()
    shift: tuple[int, ...] = ()

    def original_offset(self, offset: int) -> int:
        """The offset in the stored page of the character at ``offset`` here."""
        index = bisect.bisect_right(self.kept_at, offset) - 1
        return offset + (self.shift[index] if index >= 0 else 0)


def unwrap(text: str) -> Unwrapped:
    """``text`` without Translate's markup, the contents of tvars kept."""
    pieces: list[str] = []
    kept_at: list[int] = []
    shift: list[int] = []
    done = 0  # offset in ``text`` up to which pieces hold it
    length = 0  # length of the unwrapped text so far
    for match in TRANSLATE_MARKUP.finditer(text):
        # Keep the stretch before the match, then the part of the match that stays.
        keep = _kept_span(match, text)
        for start, end in ((done, match.start()), keep):
            if end > start:
                kept_at.append(length)
                shift.append(start - length)
                pieces.append(text[start:end])
                length += end - start
        newlines = 0 if match.lastgroup in ("tvar", "old") else match.group(0).count("\n")
        if newlines:  # a tag spread over lines: map its newlines into the tag
            kept_at.append(length)
            shift.append(match.start() - length)
            pieces.append("\n" * newlines)
            length += newlines
        done = match.end()
    kept_at.append(length)
    shift.append(done - length)
    pieces.append(text[done:])
    return Unwrapped("".join(pieces), tuple(kept_at), tuple(shift))


def _kept_span(match: re.Match[str], text: str) -> tuple[int, int]:
    """The span of a match that stays: a tvar's contents, or one blank around a marker.

    A marker between words leaves one of the blanks around it (``'''X''' <!--T:4--> y``
    reads ``'''X''' y``); at the start or end of a line, translate tags aside, none
    (``<translate>== X == <!--T:1--></translate>`` is the heading ``== X ==``).
    """
    for name in ("tvar", "old"):
        if match.start(name) != -1:
            return match.span(name)
    blanks = match.group("pre") or match.group("post")
    if match.start("pre") == -1 or not blanks:
        return (0, 0)
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = len(text) if (end := text.find("\n", match.end())) == -1 else end
    at_start = ONLY_TAGS.fullmatch(text, line_start, match.start()) is not None
    at_end = ONLY_TAGS.fullmatch(text, match.end(), line_end) is not None
    if at_start or at_end:
        return (0, 0)
    return (
        (match.start(), match.start() + 1) if match.group("pre") else (match.end() - 1, match.end())
    )


# --- translation units ------------------------------------------------------------------

#: A unit's marker; its id is what every translation of the unit is filed under.
UNIT_MARKER = re.compile(r"<!--\s*T:(\d+)\s*-->")
#: What separates units: a blank line, or a translate tag (with the blanks around it).
UNIT_SEPARATOR = re.compile(r"\s*(?:\n\n|</?translate\b[^>]*>)\s*", re.IGNORECASE)
#: A tvar, whose contents a translation names as ``$name``.
TVAR = re.compile(
    r"<tvar\s+name\s*=\s*(?:'(?P<k1>[^']*)'|\"(?P<k2>[^\"]*)\"|(?P<k3>[^\"'\s>]*))\s*>"
    r"(?P<value>.*?)</tvar\s*>"
    r"|<tvar\|(?P<old>[^>]+)>(?P<old_value>.*?)</>",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Unit:
    """One translation unit: the stretch one ``<!--T:n-->`` marker names.

    As the Translate extension cuts a page: the text inside ``<translate>`` tags, split at
    blank lines; the marker stands at the unit's start (``<!--T:3-->`` and a blank or a
    newline) or, for a heading, at the end of its first line (``== X == <!--T:1-->``).
    Offsets are in the text as stored; ``cut`` is the marker with the blank that goes
    with it, which is no part of the unit's text; ``at_line_end``: a heading's marker (at
    the end of the unit's first line; leniently, of its line ``line``).
    """

    id: str
    start: int
    end: int
    cut: tuple[int, int]
    at_line_end: bool = False
    line: int = 0  # the line of the unit's text whose end a marker at a line's end ends

    def content(self, text: str) -> str:
        """The unit's text, as translators are given it (tvars still in place)."""
        return text[self.start : self.cut[0]] + text[self.cut[1] : self.end]

    def spans(self) -> tuple[tuple[int, int], ...]:
        """Where the unit's text lies in the page (one stretch, or two around a marker)."""
        pieces = ((self.start, self.cut[0]), (self.cut[1], self.end))
        return tuple((a, b) for a, b in pieces if b > a)

    def render(self, text: str, translation: str) -> str:
        """The unit with ``translation`` for its text, its marker kept where it was."""
        marker = text[self.cut[0] : self.cut[1]]
        if not self.at_line_end:
            return marker + translation
        lines = translation.split("\n")
        at = min(self.line, len(lines) - 1)
        lines[at] += marker
        return "\n".join(lines)


def units(text: str) -> list[Unit]:
    """The page's translation units with a marker, in page order.

    Lenient where Translate would refuse to mark the page: a marker outside translate
    tags still names its unit, and a unit with two markers is two units.
    """
    if "T:" not in text:
        return []
    found: list[Unit] = []
    start = 0
    for separator in [*UNIT_SEPARATOR.finditer(text), None]:
        end = len(text) if separator is None else separator.start()
        found.extend(_chunk_units(text, start, end))
        start = len(text) if separator is None else separator.end()
    return found


def _chunk_units(text: str, start: int, end: int) -> list[Unit]:
    """The units of one stretch between separators: one for each marker in it."""
    markers = list(UNIT_MARKER.finditer(text, start, end))
    if not markers:
        return []
    starts = [start]
    for previous, marker in pairwise(markers):
        split = marker.start()
        # A heading's marker ends the line its unit starts with, unless the line holds
        # the marker before it too: then this one starts its unit where it stands.
        line_start = max(text.rfind("\n", start, split) + 1, previous.end())
        if text[line_start:split].strip() and _ends_line(text, marker.end(), end):
            split = line_start
        starts.append(max(split, starts[-1]))
    out = []
    for index, marker in enumerate(markers):
        piece_end = starts[index + 1] if index + 1 < len(markers) else end
        piece_start = starts[index]
        piece_end = piece_start + len(text[piece_start:piece_end].rstrip())
        piece_start += len(text[piece_start:piece_end]) - len(text[piece_start:piece_end].lstrip())
        if piece_start < piece_end:
            cut, at_line_end = _marker_cut(text, marker, piece_start, piece_end)
            line = text.count("\n", piece_start, cut[0]) if at_line_end else 0
            out.append(Unit(marker.group(1), piece_start, piece_end, cut, at_line_end, line))
    return out


def _ends_line(text: str, offset: int, end: int) -> bool:
    """Only blanks between ``offset`` and the end of its line (or of the stretch)."""
    line_end = text.find("\n", offset, end)
    return not text[offset : end if line_end == -1 else line_end].strip()


def _marker_cut(
    text: str, marker: re.Match[str], start: int, end: int
) -> tuple[tuple[int, int], bool]:
    """The marker and its blank (after it at a unit's start, before it at a line's end),
    and whether it is a heading's marker, at the end of its line."""
    if marker.start() <= start:
        after = marker.end() + (marker.end() < end and text[marker.end()] in " \n")
        return (marker.start(), after), False
    if _ends_line(text, marker.end(), end):
        # The blanks before it go with it, a line break too: a marker on a line of its
        # own after the text it names ends that text's line, as a heading's marker does.
        before = len(text[start : marker.start()].rstrip()) + start
        after = (
            marker.end()
            + len(text[marker.end() : end])
            - len(text[marker.end() : end].lstrip(" \t"))
        )
        return (before, after), True
    after = marker.end() + (marker.end() < end and text[marker.end()] == " ")
    return (marker.start(), after), False


def unit_lines(text: str) -> dict[int, tuple[str, ...]]:
    """Line (1-based, as stored) -> the ids of the units whose text is on that line."""
    found = units(text)
    if not found:
        return {}
    newlines = [index for index, character in enumerate(text) if character == "\n"]
    lines: dict[int, list[str]] = {}
    for unit in found:
        for start, end in unit.spans():
            piece = text[start:end]
            start += len(piece) - len(piece.lstrip())
            end = start + len(piece.strip())
            if end <= start:
                continue
            first = bisect.bisect_right(newlines, start - 1) + 1
            last = bisect.bisect_right(newlines, end - 1) + 1
            for line in range(first, last + 1):
                ids = lines.setdefault(line, [])
                if unit.id not in ids:
                    ids.append(unit.id)
    return {line: tuple(ids) for line, ids in lines.items()}


def variables(content: str) -> dict[str, str]:
    """A unit's tvars: ``$name`` (as translations write it) -> the text it stands for."""
    found = {}
    for match in TVAR.finditer(content):
        if match.group("old") is not None:
            found["$" + match.group("old")] = match.group("old_value")
        else:
            name = match.group("k1") or match.group("k2") or match.group("k3") or ""
            found["$" + name] = match.group("value")
    return found
