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
from .messages import call, reader_attributes
from .namespaces import ENGLISH, Namespaces
from .translations import LanguageCount, translation_table
from .wikitext import escape, fold, unescape

BEGIN = "<!-- recsync:begin -->"
#: The message saying what the "No." column is ("No. is the number of a recommendation's
#: page, which it keeps for good: one added to the source later takes its group's next
#: free number, and each table lists its group by number.").
NUMBERS_RULE = "index-numbers-rule"
RETIRED_HEADING = "== No longer on the source page =="  # the English-only index's
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


#: A line below the status badge.
_SHOWN_BELOW = '<span class="{}" style="display:block; font-size:90%;{}">{}</span>'
#: The recommendation and its status side by side, or the status below it when the screen
#: is too narrow for both (a phone): no column is squeezed, nothing needs a side scroll.
_SIDE_BY_SIDE = (
    '<div class="recsync-item" style="display:flex; flex-wrap:wrap; column-gap:1em; '
    'text-align:start;"><span style="flex:1 1 18em;">{}</span>'
    '<span class="recsync-status" style="flex:0 0 15em;">{}</span></div>'
)


def _attr(value: str) -> str:
    return escape(value).replace('"', "&quot;")


def _since(row: IndexRow, template: str) -> str:
    """Below the badge: since when and by whom (on one line), or what became of the page."""
    if row.note:
        return _SHOWN_BELOW.format("recsync-note", "", f"''{escape(row.note)}''")
    since = row.since if _DATE.fullmatch(row.since) else ""
    if not since:
        return ""
    by = escape(row.by)
    if row.by:
        since += f" · [[Special:Contributions/{by}|{by}]]"
    shown = call(template, "index-since-line", since)
    return _SHOWN_BELOW.format("recsync-since", " white-space:nowrap;", shown)


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
    attrs += [("since", row.since), ("by", row.by), ("note", row.note), ("seen", row.seen)]
    shown = " ".join(f'data-{name}="{_attr(value)}"' for name, value in attrs if value)
    label = escape(row.text) or escape(row.id)
    number = row.number or row.id.rpartition("/")[2]
    # a page kept from the group it moved from is named by its id: no two 3s in a table
    number = escape(number if _at_home(row, segments) else row.id)
    status = _badge(template, row.status) + _since(row, template)
    link = _link(row.title, namespaces)
    cells = [number, _SIDE_BY_SIDE.format(f"[[{link}|{label}]]", status)]
    if not row.in_source:
        cells.insert(1, escape(row.group))
    return [f"|- {shown}", ("| " + " || ".join(cells)).rstrip()]


def _table(
    rows: Iterable[IndexRow],
    template: str,
    namespaces: Namespaces,
    segments: Mapping[str, str],
    retired: bool = False,
) -> list[str]:
    words = ["number", "group"] if retired else ["number"]
    head = [call(template, f"index-{word}") for word in words]
    head.append(
        _SIDE_BY_SIDE.format(
            call(template, "index-recommendation"), call(template, "index-status-since")
        )
    )
    out = ['{| class="wikitable sortable recsync-items"', "! " + " !! ".join(head)]
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
    the bars use its subpages, so the colours are defined once, on the wiki, and so are
    the words: each reader sees them in their language, right to left where it is written
    so (the section is one block in the reader's direction).  ``namespaces`` are the
    wiki's (a page in its category namespace is linked with a colon).  ``segments``: each
    group's title segment (see ``index_order``).  ``translations``: how many items each
    language of the source's translation has.
    """
    ordered = index_order(rows, segments)
    current = [r for r in ordered if r.in_source]
    retired = [r for r in ordered if not r.in_source]
    count, link = str(len(current)), f"[[{source}]]"
    if source_revision:
        permanent = f"Special:PermanentLink/{source_revision}"
        intro = call(template, "index-intro", count, permanent, str(source_revision), link)
    else:
        intro = call(template, "index-intro-unrevised", count, link)
    rules = f"{call(template, SHARES_RULE)} {call(template, NUMBERS_RULE)}"
    out = [
        BEGIN,
        f"<div {reader_attributes(template, 'recsync-index')}>",
        f"''{intro} {call(template, 'index-kept-by-bot')}''",
        "",
        # before the first heading, so that the table of contents comes after it
        *summary_table([(r.group, r.status) for r in current], template),
        f"''{rules}''",
        *translation_table(translations, len(current), source, template),
    ]
    groups: dict[str, list[IndexRow]] = {}
    for row in current:
        groups.setdefault(row.group, []).append(row)
    for group, members in groups.items():
        shown = escape(group)
        there = call(template, "index-on-source-page", shown, f"{source}#{_anchor(group)}")
        out += ["", f"== {shown} ==", there]
        out += _table(members, template, namespaces, segments)
    if retired:
        out += ["", f"== {call(template, 'index-retired')} =="]
        out += _table(retired, template, namespaces, segments, retired=True)
    out += ["</div>", END]
    return "\n".join(out)


def _anchor(group: str) -> str:
    """A heading's name as a link fragment (characters that end a link escaped)."""
    return escape(group).replace("#", "&#35;")


# --- reading the section back -------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d\d-\d\d")
#: What a title can never hold: a row naming one is not the bot's (a forged row).
_NOT_IN_TITLES = re.compile(r"[\[\]{}|<>#\n]|~~~")
#: The revision named by the section's first line: a parameter of the intro's message,
#: or (in the English-only index) the target of its link.
_SHOWN_REVISION = re.compile(
    re.escape(BEGIN)
    + r"\n(?:<div [^\n]*>\n)?''[^\n]*?(?:\|Special:PermanentLink/(\d+)\|(?=\1\|)"
    + r"|\d+ recommendations from \[\[Special:PermanentLink/(\d+)\|)"
)
#: The heading of the retired table, in any index format.
_RETIRED = re.compile(re.escape(RETIRED_HEADING) + r"|== \{\{[^{}|\n]*/i18n\|index-retired\}\} ==")
_ATTRS = re.compile(r'data-(\w+)="([^"]*)"')
_ROW_START = re.compile(r"^\|-\s*(.*)$")
#: A row of the first index format: | id || group || [[title|label]] || status
_OLD_ROW = re.compile(
    r"^\|\s*(.+?)\s*\|\|\s*(.*?)\s*\|\|\s*\[\[([^|\]]+)\|(.*?)\]\]\s*\|\|\s*(.*)$"
)


def shown_revision(page_text: str) -> int | None:
    """The source revision the page's section was last rendered from, if any."""
    match = _SHOWN_REVISION.search(page_text)
    return int(match.group(1) or match.group(2)) if match else None


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
            retired = _RETIRED.fullmatch(line.strip()) is not None
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
