"""Items and their statuses -> the index section.  Pure.

The bot owns only the text between the two markers; the rest of the index page is
the editors'.  One table row is one line, so a change to one item changes one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.wikitext import escape

BEGIN = "<!-- recsync:begin -->"
END = "<!-- recsync:end -->"
STATUSES = ("proposed", "under discussion", "adopted", "in progress", "implemented", "declined")
OTHER = "other"


class IndexPageError(ValueError):
    """The index page cannot be edited safely (e.g. only one marker)."""


@dataclass(frozen=True)
class IndexRow:
    id: str
    group: str
    text: str
    title: str  # the subpage
    status: str  # as the editors set it on the subpage
    in_source: bool = True


def _status_key(status: str) -> str:
    key = " ".join(status.lower().split())
    return key if key in STATUSES else OTHER


def _row(row: IndexRow) -> str:
    label = escape(row.text) or escape(row.id)
    status = escape(row.status) or "''not set''"
    return f"| {escape(row.id)} || {escape(row.group)} || [[{row.title}|{label}]] || {status}"


def render_section(rows: list[IndexRow], source: str, source_revision: int | None) -> str:
    """The bot's part of the index page, markers included."""
    current = [r for r in rows if r.in_source]
    retired = [r for r in rows if not r.in_source]
    revision = (
        f"[[Special:PermanentLink/{source_revision}|revision {source_revision}]] of "
        if source_revision
        else ""
    )
    out = [
        BEGIN,
        f"''{len(current)} recommendations from {revision}[[{source}]]. "
        "This section is kept by a bot: edit the source page or the subpages instead.''",
        "",
        '{| class="wikitable sortable"',
        "! Id !! Group !! Recommendation !! Status",
    ]
    for row in current:
        out += ["|-", _row(row)]
    out.append("|}")

    groups: dict[str, dict[str, int]] = {}
    for row in current:
        counts = groups.setdefault(row.group, {})
        key = _status_key(row.status)
        counts[key] = counts.get(key, 0) + 1
    columns = [*STATUSES, OTHER]
    out += [
        "",
        "=== Status by group ===",
        '{| class="wikitable"',
        "! Group !! " + " !! ".join(c.capitalize() for c in columns) + " !! Total",
    ]
    totals = dict.fromkeys(columns, 0)
    for group, counts in groups.items():
        cells = [str(counts.get(c, 0)) for c in columns]
        for c in columns:
            totals[c] += counts.get(c, 0)
        out += ["|-", f"| {escape(group)} || " + " || ".join(cells) + f" || {sum(counts.values())}"]
    out += [
        "|-",
        "! Total !! " + " !! ".join(str(totals[c]) for c in columns) + f" !! {len(current)}",
        "|}",
    ]
    if retired:
        out += [
            "",
            "=== No longer on the source page ===",
            '{| class="wikitable sortable"',
            "! Id !! Group !! Recommendation !! Status",
        ]
        for row in retired:
            out += ["|-", _row(row)]
        out.append("|}")
    out.append(END)
    return "\n".join(out)


_SHOWN_REVISION = re.compile(
    re.escape(BEGIN) + r"\n''\d+ recommendations from \[\[Special:PermanentLink/(\d+)\|"
)


def shown_revision(page_text: str) -> int | None:
    """The source revision the page's section was last rendered from, if any."""
    match = _SHOWN_REVISION.search(page_text)
    return int(match.group(1)) if match else None


def merge_section(page_text: str, section: str, title: str = "the index page") -> str:
    """Put the section between the markers of an existing page, or at its end."""
    begins, ends = page_text.count(BEGIN), page_text.count(END)
    if begins == 0 and ends == 0:
        if not page_text.strip():
            return section + "\n"
        return page_text.rstrip("\n") + "\n\n" + section + "\n"
    if begins != 1 or ends != 1:
        raise IndexPageError(
            f"{title} has {begins} {BEGIN} and {ends} {END} markers; expected one of each "
            "(or none): fix the page by hand"
        )
    start = page_text.index(BEGIN)
    stop = page_text.index(END)
    if stop < start:
        raise IndexPageError(f"{title} has {END} before {BEGIN}: fix the page by hand")
    return page_text[:start] + section + page_text[stop + len(END) :]
