"""Which existing subpage is each parsed item?  Pure.

An item keeps its page through rewording, reordering, insertions and deletions
around it, and moves between groups.  The passes, in order:

1. its explicit anchor (the page's ``anchor`` or ``id``);
2. the same text (any group; the same group first, then a current page);
3. the closest reworded text in the same group, at or above a similarity threshold.

Each page is matched at most once; what is left gets a new page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from .model import Item


@dataclass(frozen=True)
class Known:
    """An existing subpage, as identity sees it."""

    id: str
    group: str
    text: str
    anchor: str = ""
    in_source: bool = True


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def similarity(a: str, b: str, at_least: float = 0.0) -> float:
    """How alike two texts are, 0 to 1: difflib's ratio of their case- and space-folded forms.

    With ``at_least``, a pair that difflib's cheap upper bounds already put below it
    gets that bound (below ``at_least`` too) instead of the costly exact ratio; the
    answer is exact whenever it is ``at_least`` or more.
    """
    matcher = SequenceMatcher(None, _norm(a), _norm(b), autojunk=False)
    for upper_bound in (matcher.real_quick_ratio, matcher.quick_ratio):
        bound = upper_bound()
        if bound < at_least:
            return bound
    return matcher.ratio()


def match_items(items: Sequence[Item], known: Sequence[Known], threshold: float) -> dict[int, str]:
    """Item index -> id of the existing page it keeps."""
    matched: dict[int, str] = {}
    taken: set[str] = set()

    def assign(index: int, page: Known) -> None:
        matched[index] = page.id
        taken.add(page.id)

    # 1. explicit anchors: pages with that anchor, then the page with that id.  Two
    #    entries may share an anchor (a copied line): the page with the same text first.
    by_anchor: dict[str, list[Known]] = {}
    for page in known:
        if page.anchor:
            by_anchor.setdefault(page.anchor, []).append(page)
    for page in known:
        by_anchor.setdefault(page.id, []).append(page)
    for index, item in enumerate(items):
        if not item.anchor:
            continue
        anchored = [
            (page.anchor != item.anchor, _norm(page.text) != _norm(item.text), n, page)
            for n, page in enumerate(by_anchor.get(item.anchor, []))
            if page.id not in taken
        ]
        if anchored:
            assign(index, min(anchored, key=lambda a: a[:3])[3])

    # 2. the same text
    by_text: dict[str, list[Known]] = {}
    for page in known:
        by_text.setdefault(_norm(page.text), []).append(page)
    for index, item in enumerate(items):
        if index in matched:
            continue
        candidates = [p for p in by_text.get(_norm(item.text), []) if p.id not in taken]
        if candidates:
            candidates.sort(key=lambda p: (p.group != item.group, not p.in_source))
            assign(index, candidates[0])

    # 3. the closest reworded text in the same group, best pairs first
    pairs: list[tuple[float, int, str, Known]] = []
    for index, item in enumerate(items):
        if index in matched:
            continue
        for page in known:
            if page.id in taken or page.group != item.group:
                continue
            score = similarity(item.text, page.text, at_least=threshold)
            if score >= threshold:
                pairs.append((-score, index, page.id, page))
    for _, index, _, page in sorted(pairs, key=lambda p: p[:3]):
        if index not in matched and page.id not in taken:
            assign(index, page)
    return matched
