"""What Chromium shows of the index and a subpage, measured in the page.

Scripts run in a tab (``devtools.Tab.evaluate``) and return plain data; the checks on it
are here too, so that the dashboard's test and the screenshots' test measure alike:

* ``wrapped(tab)``: every header and cell of the index that shows on more than one line
  (the recommendations' own text may wrap; nothing else);
* ``bar_contrasts(tab)``: how each pair of neighbouring bar segments is told apart (their
  contrast, or that of the divider between them against each), and each end segment
  against the bar's border;
* ``footnotes(tab)``: the subpage's lists of footnotes, where they sit, what they say;
* ``side_scroll(tab)`` and ``status_below_text(tab)``: the page at a phone's width.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from colours import contrast
from devtools import Tab
from harness import TEST_URL

#: Both widths of issue 19: a desktop, and a phone (with the skin phones get).
WIDE, NARROW = 1400, 400
SKIN = {WIDE: "vector", NARROW: "minerva"}
#: WCAG 1.4.11: what one needs to tell apart in a graphic, 3:1.
NON_TEXT = 3.0


def page_url(title: str, width: int = WIDE, language: str = "") -> str:
    """The page in the skin of that width, in a reader's ``language`` (uselang=) if given."""
    url = f"{TEST_URL}/index.php?title={quote(title.replace(' ', '_'))}&useskin={SKIN[width]}"
    return f"{url}&uselang={quote(language)}" if language else url


# Lines of a unit: its text's boxes, one line per run of boxes that overlap vertically.
_LINES = """
const lines = unit => {
  const rects = [];
  const walker = document.createTreeWalker(unit, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    rects.push(...[...range.getClientRects()].filter(r => r.width > 0));
  }
  rects.sort((a, b) => a.top - b.top);
  let count = 0, bottom = -Infinity;
  for (const r of rects) {
    if (r.top >= bottom - 1) {
      count += 1;
      bottom = r.bottom;
    } else {
      bottom = Math.max(bottom, r.bottom);
    }
  }
  return count;
};
"""

#: The index's units that must show on one line: the summary's caption, headers and
#: cells; the items' number (and group) cells, header labels, badges and since lines.
_UNITS = ", ".join(
    [
        "table.recsync-summary caption",
        "table.recsync-summary th",
        "table.recsync-summary td",
        "table.recsync-items th:not(:has(.recsync-item))",
        "table.recsync-items td:not(:has(.recsync-item))",
        "table.recsync-items th .recsync-item > span",
        "table.recsync-items .recsync-badge",
        "table.recsync-items .recsync-since",
    ]
)
WRAPPED = (
    "(() => {"
    + _LINES
    + f"return [...document.querySelectorAll({_UNITS!r})]"
    + ".filter(unit => lines(unit) > 1).map(unit => unit.textContent.trim());"
    + "})()"
)


def wrapped(tab: Tab) -> list[str]:
    found: list[str] = tab.evaluate(WRAPPED)
    return found


BARS = """JSON.stringify([...document.querySelectorAll('.recsync-bar')].map(bar => ({
  group: bar.closest('tr').cells[0].textContent.trim(),
  border: getComputedStyle(bar).borderTopColor,
  segments: [...bar.children].map(s => ({
    title: s.title, background: getComputedStyle(s).backgroundColor,
    divider: getComputedStyle(s).borderLeftColor,
    dividerWidth: parseFloat(getComputedStyle(s).borderLeftWidth)}))})))"""


@dataclass(frozen=True)
class Pair:
    """Two things side by side in a bar, and what tells them apart."""

    where: str  # "Advocacy: Proposed: 1 of 3 (34 %) | Adopted: 1 of 3 (33 %)"
    contrast: float  # between the two colours
    divider: float  # the lower of the divider's contrasts with each (0: no divider)
    edge: bool = False  # a segment at an end of the bar, and the bar's border

    @property
    def told_apart(self) -> bool:
        return self.contrast >= NON_TEXT or self.divider >= NON_TEXT


def bar_contrasts(bars: list[dict[str, Any]]) -> list[Pair]:
    """Each neighbouring pair of segments, and each end segment against the bar's border."""
    pairs = []
    for bar in bars:
        segments = bar["segments"]
        for end in segments[:1] + segments[1:][-1:]:
            edge = contrast(end["background"], bar["border"])
            where = f"{bar['group']}: {end['title']} | the bar's border"
            pairs.append(Pair(where, edge, edge, edge=True))
        for left, right in itertools.pairwise(segments):
            divider = 0.0
            if right["dividerWidth"] >= 1:
                divider = min(
                    contrast(right["divider"], left["background"]),
                    contrast(right["divider"], right["background"]),
                )
            where = f"{bar['group']}: {left['title']} | {right['title']}"
            pairs.append(Pair(where, contrast(left["background"], right["background"]), divider))
    return pairs


FOOTNOTES = """JSON.stringify((() => {
  const box = document.querySelector('table.recommendation-status');
  const discussion = document.getElementById('Discussion');
  return {
    discussion: discussion.getBoundingClientRect().top,
    markers: [...box.querySelectorAll('sup.reference')].map(s => s.textContent),
    lists: [...document.querySelectorAll('ol.references')].map(ol => ({
      in_box: box.contains(ol),
      row: ol.closest('tr') ? ol.closest('tr').cells[0].textContent.trim() : '',
      top: ol.getBoundingClientRect().top,
      notes: [...ol.children].map(li => ({
        text: li.querySelector('.reference-text').textContent.trim(),
        links: [...li.querySelectorAll('.reference-text a')].map(a => a.getAttribute('href')),
        uses: li.querySelectorAll('.mw-cite-backlink a').length}))}))};
})())"""


def side_scroll(tab: Tab) -> dict[str, int]:
    """How far the page, and each items table, would have to scroll sideways (px)."""
    found: dict[str, int] = tab.evaluate(
        """(() => {
      const over = el => Math.max(0, el.scrollWidth - el.clientWidth);
      const tables = [...document.querySelectorAll('table.recsync-items')];
      return {page: over(document.documentElement),
              items: Math.max(0, ...tables.map(over))};
    })()"""
    )
    return found


def status_below_text(tab: Tab) -> list[bool]:
    """For each item row: does its status sit below its text (else beside it)?"""
    found: list[bool] = tab.evaluate(
        """[...document.querySelectorAll('td .recsync-item')].map(item => {
      const [text, status] = item.children;
      return status.getBoundingClientRect().top >= text.getBoundingClientRect().bottom - 1;
    })"""
    )
    return found
