"""One page's change as a side-by-side HTML diff table.  Pure.

All of it is difflib's ``SequenceMatcher``: the hunks are its grouped opcodes (the
hunks of ``unified_diff``, so the formats agree), the words that differ in a changed
line are the opcodes of a matcher over the line's words, and the lines of a changed
block are put side by side by its ``ratio``.  That pairing follows the rule of
difflib's ``Differ``: the most similar pair of lines (above 0.75) shares a row and the
lines before and after it are paired the same way.  ``Differ`` itself is not used:
its output says which lines it paired only through its optional ``?`` hint lines.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from html import escape
from itertools import zip_longest

from ..model import PageChange

#: Words, runs of spaces and single marks: the units a changed line is compared in.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
#: Lines at least this similar are shown side by side as one changed line (difflib's
#: ``Differ`` uses the same cutoff).
_SIMILAR = 0.75
#: Above this many line pairs in one changed block, lines are paired in order.
_MAX_PAIRINGS = 10_000
#: Below this share of words in common, a changed line pair is shown without marks.
_MARK_WORDS = 0.4

_Pair = tuple[int | None, int | None]


def diff_table(change: PageChange, context: int = 2) -> str:
    """The ``<table class="diff">`` of a change: the text now | the text after the run."""
    old = (change.old_text or "").splitlines()
    new = (change.new_text or "").splitlines() if change.new_text is not None else old
    before = "Now" if change.old_text is not None else "Now: the page does not exist"
    rows = _diff_rows(old, new, context)
    if not rows:
        rows = ['<tr class="hunk"><td colspan="4">No change in the text.</td></tr>']
    return "\n".join(
        [
            '<table class="diff">',
            '<colgroup><col class="num"><col><col class="num"><col></colgroup>',
            f'<thead><tr><th colspan="2">{before}</th>'
            '<th colspan="2" class="side2">After this run</th></tr></thead>',
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
        ]
    )


def _diff_rows(old: list[str], new: list[str], context: int) -> list[str]:
    """Side-by-side rows, hunk by hunk (the hunks of ``unified_diff``)."""
    rows: list[str] = []
    for group in SequenceMatcher(None, old, new).get_grouped_opcodes(context):
        i1, j1 = group[0][1], group[0][3]
        was = f"line {i1 + 1}" if old else "no page yet"
        rows.append(
            f'<tr class="hunk"><td colspan="2">{was}</td>'
            f'<td colspan="2" class="side2">line {j1 + 1}</td></tr>'
        )
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                rows += [_same_row(old[a1 + k], a1 + k + 1, b1 + k + 1) for k in range(a2 - a1)]
            else:
                rows += [_changed_row(old, new, i, j) for i, j in _pairs(old, new, a1, a2, b1, b2)]
    return rows


def _same_row(line: str, old_number: int, new_number: int) -> str:
    code = escape(line)
    return f"<tr>{_cells('ctx', old_number, code, 1)}{_cells('ctx', new_number, code, 2)}</tr>"


def _changed_row(old: list[str], new: list[str], i: int | None, j: int | None) -> str:
    """A row of a changed block: old line ``i`` (removed) beside new line ``j`` (added)."""
    left = old[i] if i is not None else None
    right = new[j] if j is not None else None
    if left is not None and right is not None:
        left_code, right_code = _inline(left, right)
    else:
        left_code, right_code = escape(left or ""), escape(right or "")
    return (
        "<tr>"
        + _cells("del", None if i is None else i + 1, left_code, 1)
        + _cells("add", None if j is None else j + 1, right_code, 2)
        + "</tr>"
    )


def _cells(kind: str, number: int | None, code: str, side: int) -> str:
    """The number and text cells of one side of a row (``kind``: ctx, del, add, gap)."""
    two = " side2" if side == 2 else ""
    if number is None:
        return f'<td class="n gap{two}"></td><td class="c gap"></td>'
    return f'<td class="n {kind}{two}">{number}</td><td class="c {kind}">{code}</td>'


def _inline(old: str, new: str) -> tuple[str, str]:
    """A changed pair of lines with the words that differ marked (``<del>``, ``<ins>``)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < _MARK_WORDS:  # little in common: marking every word helps nobody
        return escape(old), escape(new)
    left: list[str] = []
    right: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        was, now = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if tag == "equal":
            left.append(was)
            right.append(now)
            continue
        if was:
            left.append(f"<del>{was}</del>")
        if now:
            right.append(f"<ins>{now}</ins>")
    return "".join(left), "".join(right)


def _pairs(old: list[str], new: list[str], a1: int, a2: int, b1: int, b2: int) -> list[_Pair]:
    """The rows of the changed block ``old[a1:a2]`` -> ``new[b1:b2]``: which old line
    stands beside which new line (None: nothing beside it).

    The most similar pair is put on one row and the lines before and after it are
    paired the same way, so a removed row and a reworded row are not shown as one
    changed line; lines with no similar partner are paired in order, as they come.
    """
    at = _most_similar(old, new, a1, a2, b1, b2)
    if at is None:
        return list(zip_longest(range(a1, a2), range(b1, b2)))
    i, j = at
    return [*_pairs(old, new, a1, i, b1, j), (i, j), *_pairs(old, new, i + 1, a2, j + 1, b2)]


def _most_similar(
    old: list[str], new: list[str], a1: int, a2: int, b1: int, b2: int
) -> tuple[int, int] | None:
    """The most similar pair of an old and a new line of the block, if it is similar
    enough (above ``_SIMILAR``); of equal pairs the first, old line by old line."""
    if (a2 - a1) * (b2 - b1) > _MAX_PAIRINGS:
        return None
    best, at = _SIMILAR, None
    for i in range(a1, a2):
        for j in range(b1, b2):
            matcher = SequenceMatcher(None, old[i], new[j], autojunk=False)
            # the cheap upper bounds first, as difflib's Differ does
            if (
                matcher.real_quick_ratio() > best
                and matcher.quick_ratio() > best
                and matcher.ratio() > best
            ):
                best, at = matcher.ratio(), (i, j)
    return at
