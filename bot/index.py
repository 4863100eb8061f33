"""Items and their statuses -> the index section, and back.  Pure.

The bot owns only the text between the two markers; the rest of the index page is
the editors'.  The section is also the bot's memory: each row carries, in attributes
readers do not see, the item's id, its page, the status the bot last saw there and
since when and by whom, and what happened to a page an admin deleted.  One table row
is two lines (``|-`` with the attributes, then the cells), so a change to one item
changes one row.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .dashboard import KNOWN_STATUSES, status_key, summary_table
from .wikitext import escape, fold, unescape

BEGIN = "<!-- recsync:begin -->"
RETIRED_HEADING = "== No longer on the source page =="
END = "<!-- recsync:end -->"
__all__ = ["BEGIN", "END", "KNOWN_STATUSES", "IndexPageError", "IndexRow", "status_key"]


class IndexPageError(ValueError):
    """The index page cannot be edited safely (e.g. only one marker)."""


@dataclass(frozen=True)
class IndexRow:
    id: str
    group: str
    text: str  # plain text, as a reader sees it
    title: str  # the item's page (where a move took it)
    status: str  # as the editors set it on the page
    in_source: bool = True
    since: str = ""  # YYYY-MM-DD of the revision that set the status
    by: str = ""  # who saved it
    note: str = ""  # what happened to the page (deleted by ..., moved to ...)
    number: str = ""
    seen: str = ""  # the page's content as the bot last read or wrote it (bot.seen)

    @property
    def deleted(self) -> bool:
        return self.note.startswith("deleted")


def _attr(value: str) -> str:
    return escape(value).replace('"', "&quot;")


def _since(row: IndexRow) -> str:
    if row.note:
        return f"''{escape(row.note)}''"
    since = row.since if _DATE.fullmatch(row.since) else ""
    if not since:
        return ""
    by = escape(row.by)
    if not row.by:
        return since
    return f"{since} · [[Special:Contributions/{by}|{by}]]"


def _link(title: str) -> str:
    """A link target that links: a category or file page is linked, not used."""
    namespace = title.partition(":")[0].strip().lower() if ":" in title else ""
    return f":{title}" if namespace in _EMBEDDING else title


def _badge(template: str, status: str) -> str:
    return "{{" + template + "/badge|" + escape(status) + "}}"


def _row(row: IndexRow, template: str) -> list[str]:
    attrs = [("id", row.id), ("group", row.group), ("title", row.title), ("status", row.status)]
    attrs += [("since", row.since), ("by", row.by), ("note", row.note), ("seen", row.seen)]
    shown = " ".join(f'data-{name}="{_attr(value)}"' for name, value in attrs if value)
    label = escape(row.text) or escape(row.id)
    number = escape(row.number or row.id.rpartition("/")[2])
    cells = [number, f"[[{_link(row.title)}|{label}]]", _badge(template, row.status), _since(row)]
    if not row.in_source:
        cells.insert(1, escape(row.group))
    return [f"|- {shown}", ("| " + " || ".join(cells)).rstrip()]


def _table(rows: Iterable[IndexRow], template: str, retired: bool = False) -> list[str]:
    head = "! No. !! Group !! Recommendation" if retired else "! No. !! Recommendation"
    out = ['{| class="wikitable sortable recsync-items"', head + " !! Status !! Since"]
    for row in rows:
        out += _row(row, template)
    out.append("|}")
    return out


def render_section(
    rows: Sequence[IndexRow], source: str, source_revision: int | None, template: str
) -> str:
    """The bot's part of the index page, markers included.

    ``template`` is the status template's name without its namespace; the badges and
    the bars use its subpages, so the colours are defined once, on the wiki.
    """
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
        "== Summary ==",
        *summary_table([(r.group, r.status) for r in current], template),
    ]
    groups: dict[str, list[IndexRow]] = {}
    for row in current:
        groups.setdefault(row.group, []).append(row)
    for group, members in groups.items():
        shown = escape(group)
        out += ["", f"== {shown} ==", f"[[{source}#{_anchor(group)}|{shown} on the source page]]"]
        out += _table(members, template)
    if retired:
        out += ["", RETIRED_HEADING]
        out += _table(retired, template, retired=True)
    out.append(END)
    return "\n".join(out)


def _anchor(group: str) -> str:
    """A heading's name as a link fragment (characters that end a link escaped)."""
    return escape(group).replace("#", "&#35;")


# --- reading the section back -------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_EMBEDDING = frozenset({"category", "file", "image", "media"})
#: What a title can never hold: a row naming one is not the bot's (a forged row).
_NOT_IN_TITLES = re.compile(r"[\[\]{}|<>#\n]|~~~")
_SHOWN_REVISION = re.compile(
    re.escape(BEGIN) + r"\n''\d+ recommendations from \[\[Special:PermanentLink/(\d+)\|"
)
_ATTRS = re.compile(r'data-(\w+)="([^"]*)"')
_ROW_START = re.compile(r"^\|-\s*(.*)$")
#: A row of the first index format: | id || group || [[title|label]] || status
_OLD_ROW = re.compile(
    r"^\|\s*(.+?)\s*\|\|\s*(.*?)\s*\|\|\s*\[\[([^|\]]+)\|(.*?)\]\]\s*\|\|\s*(.*)$"
)


def shown_revision(page_text: str) -> int | None:
    """The source revision the page's section was last rendered from, if any."""
    match = _SHOWN_REVISION.search(page_text)
    return int(match.group(1)) if match else None


def _section(page_text: str) -> str:
    start, stop = page_text.find(BEGIN), page_text.find(END)
    return page_text[start:stop] if 0 <= start < stop else ""


def read_rows(page_text: str) -> list[IndexRow]:
    """The rows the section remembers (current and retired), in either format."""
    lines = _section(page_text).splitlines()
    rows: list[IndexRow] = []
    retired = False
    for number, line in enumerate(lines):
        if line.startswith("== "):
            retired = line.strip() == RETIRED_HEADING
        start = _ROW_START.match(line)
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if start and "data-id=" in start.group(1):
            values = {k: html.unescape(v) for k, v in _ATTRS.findall(start.group(1))}
            if not _NOT_IN_TITLES.search(values.get("title", "") + values.get("id", "")):
                rows.append(_remembered(values, following, retired))
        elif start and (old := _OLD_ROW.match(following)):
            rows.append(_old_row(old, retired))
        if line.strip() == "=== No longer on the source page ===":  # the first format
            retired = True
    return rows


def _remembered(values: dict[str, str], cells: str, retired: bool) -> IndexRow:
    link = re.search(r"\[\[[^|\]]*\|(.*?)\]\]", cells)
    return IndexRow(
        id=fold(values.get("id", "")),
        group=fold(values.get("group", "")),
        text=unescape(link.group(1)) if link else "",
        title=fold(values.get("title", "")),
        status=fold(values.get("status", "")),
        in_source=not retired,
        since=values.get("since", "") if _DATE.fullmatch(values.get("since", "")) else "",
        by=values.get("by", ""),
        note=values.get("note", ""),
        seen=values.get("seen", ""),
    )


def _old_row(match: re.Match[str], retired: bool) -> IndexRow:
    page_id, group, title, label, status = match.groups()
    status = "" if status.strip() == "''not set''" else unescape(status)
    return IndexRow(
        unescape(page_id), unescape(group), unescape(label), title.strip(), status, not retired
    )


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
