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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .dashboard import KNOWN_STATUSES, SHARES_RULE, status_key, summary_table
from .namespaces import ENGLISH, Namespaces
from .translations import LanguageCount, translation_table
from .wikitext import escape, fold, unescape

BEGIN = "<!-- recsync:begin -->"
#: What the "No." column is, as the page says it.
NUMBERS_RULE = (
    "No. is the number of a recommendation's page, which it keeps for good: one added to "
    "the source later takes its group's next free number, and each table lists its group "
    "by number."
)
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

    @property
    def deleted(self) -> bool:
        return self.note.startswith("deleted")


#: A line below the status badge.
_SHOWN_BELOW = '<span class="{}" style="display:block; font-size:90%;{}">{}</span>'
#: The recommendation and its status side by side, or the status below it when the screen
#: is too narrow for both (a phone): no column is squeezed, nothing needs a side scroll.
_SIDE_BY_SIDE = (
    '<div class="recsync-item" style="display:flex; flex-wrap:wrap; column-gap:1em; '
    'text-align:left;"><span style="flex:1 1 18em;">{}</span>'
    '<span class="recsync-status" style="flex:0 0 15em;">{}</span></div>'
)


def _attr(value: str) -> str:
    return escape(value).replace('"', "&quot;")


def _since(row: IndexRow) -> str:
    """Below the badge: since when and by whom (on one line), or what became of the page."""
    if row.note:
        return _SHOWN_BELOW.format("recsync-note", "", f"''{escape(row.note)}''")
    since = row.since if _DATE.fullmatch(row.since) else ""
    if not since:
        return ""
    by = escape(row.by)
    if row.by:
        since += f" · [[Special:Contributions/{by}|{by}]]"
    return _SHOWN_BELOW.format("recsync-since", " white-space:nowrap;", f"since {since}")


def _number(row: IndexRow) -> int | None:
    number = row.number or row.id.rpartition("/")[2]
    return int(number) if number.isdigit() else None


def _at_home(row: IndexRow, segments: Mapping[str, str]) -> bool:
    """Is the row's page numbered in its own group (not kept from a group it moved from)?

    ``segments``: each group's title segment, as the plan gave it (``bot.titles``); a
    group it does not name is taken to be at home.
    """
    home = segments.get(row.group)
    return home is None or row.id.rpartition("/")[0] == home


def _in_order(
    rows: Sequence[IndexRow], groups: dict[str, int], segments: Mapping[str, str]
) -> list[IndexRow]:
    def key(row: IndexRow) -> tuple[int, bool, int, str]:
        number = _number(row)
        home = _at_home(row, segments) and number is not None
        return (groups[row.group], not home, number if home and number else 0, row.id)

    return sorted(rows, key=key)


def index_order(
    rows: Sequence[IndexRow], segments: Mapping[str, str] = MappingProxyType({})
) -> list[IndexRow]:
    """The order the index lists the rows in, and the reports and the status page too: the
    current ones, then those no longer on the source; each by group (in the source's order)
    and within a group by number (a page kept from another group after its own)."""
    current = [row for row in rows if row.in_source]
    retired = [row for row in rows if not row.in_source]
    groups: dict[str, int] = {}
    for row in current + retired:
        groups.setdefault(row.group, len(groups))
    return _in_order(current, groups, segments) + _in_order(retired, groups, segments)


def _link(title: str, namespaces: Namespaces) -> str:
    """A link target that links: a category or file page (by the wiki's names for
    those namespaces) is linked, not used."""
    return f":{title}" if namespaces.embeds(title) else title


def _badge(template: str, status: str) -> str:
    return "{{" + template + "/badge|" + escape(status) + "}}"


def _row(
    row: IndexRow, template: str, namespaces: Namespaces, segments: Mapping[str, str]
) -> list[str]:
    attrs = [("id", row.id), ("group", row.group), ("title", row.title), ("status", row.status)]
    attrs += [("since", row.since), ("by", row.by), ("note", row.note)]
    shown = " ".join(f'data-{name}="{_attr(value)}"' for name, value in attrs if value)
    label = escape(row.text) or escape(row.id)
    number = row.number or row.id.rpartition("/")[2]
    # a page kept from the group it moved from is named by its id: no two 3s in a table
    number = escape(number if _at_home(row, segments) else row.id)
    status = _badge(template, row.status) + _since(row)
    link = _link(row.title, namespaces)
    cells = [number, _SIDE_BY_SIDE.format(f"[[{link}|{label}]]", status)]
    if not row.in_source:
        cells.insert(1, escape(row.group))
    return [f"|- {shown}", ("| " + " || ".join(cells)).rstrip()]


_HEAD = _SIDE_BY_SIDE.format("Recommendation", "Status, since")


def _table(
    rows: Iterable[IndexRow],
    template: str,
    namespaces: Namespaces,
    segments: Mapping[str, str],
    retired: bool = False,
) -> list[str]:
    head = "! No. !! Group !! " if retired else "! No. !! "
    out = ['{| class="wikitable sortable recsync-items"', head + _HEAD]
    for row in rows:
        out += _row(row, template, namespaces, segments)
    out.append("|}")
    return out


def render_section(
    rows: Sequence[IndexRow],
    source: str,
    source_revision: int | None,
    template: str,
    namespaces: Namespaces = ENGLISH,
    segments: Mapping[str, str] = MappingProxyType({}),
    *,
    translations: Sequence[LanguageCount] = (),
) -> str:
    """The bot's part of the index page, markers included.

    ``template`` is the status template's name without its namespace; the badges and
    the bars use its subpages, so the colours are defined once, on the wiki.
    ``namespaces`` are the wiki's (a page in its category namespace is linked with a
    colon).  ``segments``: each group's title segment (see ``index_order``).
    ``translations``: how many items each language of the source's translation has.
    """
    ordered = index_order(rows, segments)
    current = [r for r in ordered if r.in_source]
    retired = [r for r in ordered if not r.in_source]
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
        # before the first heading, so that the table of contents comes after it
        *summary_table([(r.group, r.status) for r in current], template),
        f"''{SHARES_RULE} {NUMBERS_RULE}''",
        *translation_table(translations, len(current), source),
    ]
    groups: dict[str, list[IndexRow]] = {}
    for row in current:
        groups.setdefault(row.group, []).append(row)
    for group, members in groups.items():
        shown = escape(group)
        out += ["", f"== {shown} ==", f"[[{source}#{_anchor(group)}|{shown} on the source page]]"]
        out += _table(members, template, namespaces, segments)
    if retired:
        out += ["", RETIRED_HEADING]
        out += _table(retired, template, namespaces, segments, retired=True)
    out.append(END)
    return "\n".join(out)


def _anchor(group: str) -> str:
    """A heading's name as a link fragment (characters that end a link escaped)."""
    return escape(group).replace("#", "&#35;")


# --- reading the section back -------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d\d-\d\d")
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
