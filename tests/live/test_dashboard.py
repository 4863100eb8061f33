"""The index at a glance (issues 13 and 19), on a real MediaWiki: what an editor sees.

One source with two groups is synced (its first item has footnotes, one of them used
twice); an editor sets ``adopted`` (with a comment holding a footnote of its own),
``in progress`` and a status the template does not know (``rejected``) on three
subpages; the bot syncs again.  Each test below reads one thing off that state: the
rendered index (through the parse API, as HTML) and the run's output.  The last one
syncs a third time.

A second source checks that subpages keep the source's links and nothing that would
embed, categorise or sign.  What Chromium shows of the same pages (colours, bar widths,
the contrast of neighbouring segments, where the footnotes are, that nothing wraps at
1,400 px) is read at the end, from the page headless Chromium builds (``devtools.py``,
``layout.py``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from cli_runs import Run, install_templates, sync
from devtools import Browser, chromium
from harness import Editor, LiveWiki
from layout import (
    BARS,
    FOOTNOTES,
    NON_TEXT,
    WIDE,
    bar_contrasts,
    page_url,
    status_below_text,
    wrapped,
)

from recsync.dashboard import KNOWN_STATUSES
from recsync.resources import template_text

pytestmark = pytest.mark.live

SOURCE_TEXT = """Working groups' drafts, rephrased.

== Advocacy ==
* Create an advocacy hub<ref name="hub">See [[Capacity Building]] notes.</ref> for advocates\
<ref name="hub"/> and partners<ref>Minutes of 3 May, [https://example.org/minutes online]</ref>
* Protect advocates with clearly defined safety measures
* Enable advocates to collaborate internationally with partners

== Diversity ==
* Planned community diversification
* Reflective policies for participation and governance
"""
#: The editor's comment on the first subpage, with a footnote: Cite lists it at the end.
COMMENT = "\n\nWho will run the hub?<ref>Asked at the May meeting.</ref> ~~~~"
#: What the editor sets, on which subpage.
STATUSES = {"Advocacy/1": "adopted", "Advocacy/2": "in progress", "Diversity/2": "rejected"}
UNKNOWN_WARNING = "Diversity/2 has status 'rejected', which the template does not know"


@dataclass
class Table:
    css_class: str
    rows: list[list[str]] = field(default_factory=list)  # cell texts, the header row first

    def column(self, name: str) -> int:
        return self.rows[0].index(name)

    def row(self, first_cell: str) -> list[str]:
        found = [row for row in self.rows if row and row[0] == first_cell]
        assert len(found) == 1, f"{first_cell!r} in {self.rows}"
        return found[0]


class Rendered(HTMLParser):
    """A page's HTML as a reader goes through it: headings and tables, in order."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.outline: list[str] = []  # "== Summary", "table recsync-summary", ...
        self.tables: list[Table] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._heading: list[str] | None = None
        self._cell: list[str] | None = None
        self._link: tuple[str, list[str]] | None = None
        self._depth = 0  # nested tables (none here) are not followed
        self.feed(document)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        classes = found.get("class", "").split()
        if tag == "span" and "mw-headline" in classes:
            self._heading = []
        elif tag == "table":
            self._depth += 1
            css = next((c for c in classes if c.startswith("recsync")), " ".join(classes))
            self.tables.append(Table(css))
            self.outline.append(f"table {css}")
        elif tag == "tr" and self._depth:
            self.tables[-1].rows.append([])
        elif tag in ("td", "th") and self._depth:
            self._cell = []
        elif self._cell is not None:  # a badge, a line below it: apart from the text before
            self._cell.append(" ")
        if tag == "a":
            self._link = (found.get("href", ""), [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._heading is not None:
            self.outline.append("== " + "".join(self._heading).strip())
            self._heading = None
        elif tag == "table":
            self._depth -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1].rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "a" and self._link is not None:
            self.links.append((self._link[0], "".join(self._link[1]).strip()))
            self._link = None

    def handle_data(self, data: str) -> None:
        for collecting in (self._heading, self._cell, self._link[1] if self._link else None):
            if collecting is not None:
                collecting.append(data)

    def table(self, css_class: str, number: int = 0) -> Table:
        return [t for t in self.tables if t.css_class == css_class][number]


def rendered(editor: Editor, title: str) -> Rendered:
    return Rendered(editor.parsed(title)["text"])


def last_revision(editor: Editor, title: str) -> dict[str, Any]:
    """The page's latest revision: its comment (the edit summary), user and timestamp."""
    data = editor.api(
        action="query", prop="revisions", rvprop="ids|comment|user|timestamp", titles=title
    )
    return dict(data["query"]["pages"][0]["revisions"][0])


@dataclass
class Dashboard:
    """The state every test of the first scenario reads."""

    source: str
    index: str
    first: Run
    second: Run
    set_on: dict[str, str]  # page id -> YYYY-MM-DD of the editor's status edit, by the wiki
    created_on: str  # YYYY-MM-DD of the bot's first edit of the index, by the wiki
    tmp: Path


@pytest.fixture(scope="module")
def dashboard(live_wiki: LiveWiki, tmp_path_factory: pytest.TempPathFactory) -> Dashboard:
    code, output = install_templates()
    assert code == 0, output
    editor = live_wiki.editor()
    source = "User:Editor/Dashboard"
    editor.save(source, SOURCE_TEXT, "source page for the dashboard")
    tmp = tmp_path_factory.mktemp("dashboard")
    first = sync(source, tmp)
    assert first.exit_code == 0, first.output + first.errors
    index = f"{source}/Index"
    set_on = {}
    for page_id, status in STATUSES.items():
        title = f"{source}/{page_id}"
        text = editor.text(title) or ""
        assert "| status = proposed" in text, text
        text = text.replace("| status = proposed", f"| status = {status}")
        editor.save(title, text + (COMMENT if page_id == "Advocacy/1" else ""))
        set_on[page_id] = last_revision(editor, title)["timestamp"][:10]
    created_on = last_revision(editor, index)["timestamp"][:10]
    second = sync(source, tmp)
    return Dashboard(source, index, first, second, set_on, created_on, tmp)


def test_the_index_opens_with_the_summary_then_one_section_per_group(
    dashboard: Dashboard, editor: Editor
) -> None:
    page = rendered(editor, dashboard.index)

    # the summary comes before the first heading: the table of contents comes after it
    assert page.outline == [
        "table recsync-summary",
        "== Advocacy",
        "table recsync-items",
        "== Diversity",
        "table recsync-items",
    ]
    summary = page.table("recsync-summary")
    assert [row[0] for row in summary.rows] == ["Group", "Advocacy", "Diversity", "Total"]
    adopted, total = summary.column("Adopted"), summary.column("Total")
    assert summary.row("Advocacy")[adopted] == "1 (33 %)"  # whole shares
    assert summary.row("Total")[total] == "5"


def test_each_group_section_links_to_its_section_of_the_source(
    dashboard: Dashboard, editor: Editor
) -> None:
    page = rendered(editor, dashboard.index)

    source_path = dashboard.source.replace(" ", "_")
    for group in ("Advocacy", "Diversity"):
        assert (f"/index.php/{source_path}#{group}", f"{group} on the source page") in page.links


def test_the_unknown_status_is_named_in_the_summary_not_folded_into_other(
    dashboard: Dashboard, editor: Editor
) -> None:
    summary = rendered(editor, dashboard.index).table("recsync-summary")

    other = summary.column("Other")
    assert summary.row("Diversity")[other] == "rejected: 1 (50 %)"
    assert summary.row("Total")[other] == "rejected: 1 (20 %)"
    assert summary.row("Advocacy")[other] == "–"


def test_the_unknown_status_is_warned_about_and_needs_attention(dashboard: Dashboard) -> None:
    run = dashboard.second

    assert run.exit_code == 4, run.output + run.errors
    assert f"attention {UNKNOWN_WARNING}" in run.output.splitlines()
    assert UNKNOWN_WARNING not in dashboard.first.output


def test_changed_rows_show_since_when_and_by_whom(dashboard: Dashboard, editor: Editor) -> None:
    page = rendered(editor, dashboard.index)

    advocacy, diversity = page.table("recsync-items", 0), page.table("recsync-items", 1)
    assert advocacy.rows[0] == ["No.", "Recommendation Status, since"]
    set_on, created_on = dashboard.set_on, dashboard.created_on

    assert advocacy.row("1")[1] == (
        f"Create an advocacy hub for advocates and partners Adopted since {set_on['Advocacy/1']}"
        " · Editor"
    )
    assert advocacy.row("2")[1].endswith(f" In progress since {set_on['Advocacy/2']} · Editor")
    assert diversity.row("2")[1].endswith(f" rejected since {set_on['Diversity/2']} · Editor")
    # statuses the bot wrote at creation: the creation date and the bot
    assert advocacy.row("3")[1].endswith(f" Proposed since {created_on} · RecsyncBot")
    assert diversity.row("1")[1].endswith(f" Proposed since {created_on} · RecsyncBot")


def test_the_index_edit_summary_names_the_changes(dashboard: Dashboard, editor: Editor) -> None:
    first_revision = editor.api(
        action="query", prop="revisions", rvprop="comment", rvdir="newer", rvlimit=1,
        titles=dashboard.index,
    )["query"]["pages"][0]["revisions"][0]  # fmt: skip
    latest = last_revision(editor, dashboard.index)

    source_revision = editor.revision(dashboard.source)
    assert first_revision["comment"].startswith("recsync: index created: 5 recommendations, as of")
    assert latest["user"] == "RecsyncBot"
    assert latest["comment"] == (
        "recsync: index: Advocacy no. 1 adopted, no. 2 in progress, Diversity no. 2 rejected, "
        f"as of [[Special:PermanentLink/{source_revision}|source revision {source_revision}]]"
    )


def test_a_subpages_history_names_it_by_group_and_number(
    dashboard: Dashboard, editor: Editor
) -> None:
    history = editor.api(
        action="query", prop="revisions", rvprop="comment|user", rvdir="newer", rvlimit=1,
        titles=f"{dashboard.source}/Diversity/2",
    )["query"]["pages"][0]["revisions"]  # fmt: skip

    first = editor.api(
        action="query", prop="revisions", rvprop="ids", rvdir="newer", rvlimit=1,
        titles=dashboard.source,
    )["query"]["pages"][0]["revisions"][0]["revid"]  # fmt: skip
    assert history == [
        {
            "user": "RecsyncBot",
            "comment": "recsync: new page for Diversity no. 2, "
            f"as of [[Special:PermanentLink/{first}|source revision {first}]]",
        }
    ]


def test_a_third_sync_makes_no_edit(dashboard: Dashboard, editor: Editor) -> None:
    last = editor.last_rcid()

    run = sync(dashboard.source, dashboard.tmp)

    assert run.edits == 0, run.output
    assert editor.recent_changes(since_id=last) == []
    assert run.exit_code == 4  # the unknown status still needs attention
    assert f"attention {UNKNOWN_WARNING}" in run.output.splitlines()


# --- subpages keep the source's links, and nothing else ---------------------------------

LINKS_SOURCE = (
    "== Advocacy ==\n"
    "* Tell the [[Wikimedia movement|movement]] about it on the "
    "[https://example.org/blog blog]\n"
    # A literal ~~~~ survives the source's own save only inside <nowiki> (MediaWiki
    # signs any other on save); the bot must not write it back as a live signature.
    "* Tidy up [[Category:X]] [[File:X.png]] {{Delete}} the rest <nowiki>~~~~</nowiki>\n"
)
#: Were {{Delete}} to get through, the page would show this and sit in this category.
DELETE_TEMPLATE = "'''This page is to be deleted.'''[[Category:Candidates for deletion]]"
TEMPLATE_PAGES = [
    "Template:Recommendation status",
    "Template:Recommendation status/badge",
    "Template:Recommendation status/colour",
    "Template:Recommendation status/i18n",
]


@pytest.fixture(scope="module")
def linked(live_wiki: LiveWiki, tmp_path_factory: pytest.TempPathFactory) -> str:
    code, output = install_templates()
    assert code == 0, output
    editor = live_wiki.editor()
    editor.save("Template:Delete", DELETE_TEMPLATE, "a template an item must not call")
    source = "User:Editor/Dashboard links"
    editor.save(source, LINKS_SOURCE, "source page with links and worse")
    run = sync(source, tmp_path_factory.mktemp("links"))
    assert run.exit_code == 0, run.output + run.errors
    return source


def parse(editor: Editor, title: str) -> dict[str, Any]:
    props = "text|links|externallinks|images|categories|templates|properties"
    return dict(editor.api(action="parse", page=title, prop=props)["parse"])


def recommendation_cell(page: Rendered) -> str:
    box = next(t for t in page.tables if "recommendation-status" in t.css_class)
    return next(row[1] for row in box.rows if row[0] == "Recommendation")


def test_a_subpage_keeps_the_sources_wikilink_and_external_link(
    linked: str, editor: Editor
) -> None:
    title = f"{linked}/Advocacy/1"

    parsed = parse(editor, title)
    page = Rendered(parsed["text"])

    assert recommendation_cell(page) == "Tell the movement about it on the blog"
    assert {"ns": 0, "title": "Wikimedia movement", "exists": False} in parsed["links"]
    assert parsed["externallinks"] == ["https://example.org/blog"]
    assert "movement" in [text for href, text in page.links if "Wikimedia_movement" in href]
    assert ("https://example.org/blog", "blog") in page.links


def test_a_subpage_gets_no_category_file_template_or_signature_from_the_source(
    linked: str, editor: Editor
) -> None:
    title = f"{linked}/Advocacy/2"

    parsed = parse(editor, title)
    page = Rendered(parsed["text"])
    shown = html.unescape(parsed["text"])

    assert recommendation_cell(page) == "Tidy up the rest ~~~~"
    assert {c["category"] for c in parsed["categories"]} == {
        "Recommendations",
        "Recommendations_–_proposed",
    }
    assert parsed["images"] == []
    assert not any("X.png" in link["title"] for link in parsed["links"])
    assert sorted(t["title"] for t in parsed["templates"]) == TEMPLATE_PAGES
    assert "to be deleted" not in shown
    assert not any(link["title"].startswith("User:RecsyncBot") for link in parsed["links"])
    assert "RecsyncBot" not in shown
    assert not parsed["properties"]


# --- what Chromium shows: colours, bars, footnotes, lines ----------------------------------

#: Measured in the page: each item's (or the box's) badge, label and background, each
#: bar's inner width and its segments' titles ("Adopted: 1 of 3 (33 %)"), widths and
#: backgrounds, with the row's group; the summary's status headers (the key).
MEASURE = """JSON.stringify({
  badges: [...document.querySelectorAll(
      '.recsync-items .recsync-badge, .recommendation-status .recsync-badge')].map(b => ({
    label: b.textContent.trim(), background: getComputedStyle(b).backgroundColor,
    width: b.getBoundingClientRect().width})),
  bars: [...document.querySelectorAll('.recsync-bar')].map(bar => ({
    group: bar.closest('tr').cells[0].textContent.trim(),
    width: bar.clientWidth, height: bar.clientHeight,
    segments: [...bar.children].map(s => ({
      title: s.title, width: s.getBoundingClientRect().width,
      background: getComputedStyle(s).backgroundColor}))})),
  key: [...document.querySelectorAll('.recsync-key')].map(k => ({
    label: k.textContent.trim(), background: getComputedStyle(k).backgroundColor}))
})"""
#: A segment's title: its status, count, the row's total and the whole share.
TITLE = re.compile(r"(?P<status>.+): (?P<count>\d+) of (?P<total>\d+) \((?P<share>\d+) %\)")


def template_colours() -> dict[str, str]:
    """Status -> background, from the colour template (the one definition of colours)."""
    switch = re.findall(r"^ \| ([^=\n]+?) = (#[0-9a-f]{6})$", template_text("colour.wiki"), re.M)
    colours = dict(switch)
    assert set(colours) == {*KNOWN_STATUSES, "#default"}, colours
    return colours


def colour_of(status: str) -> str:
    colours = template_colours()
    return colours.get(status, colours["#default"])


def hex_colour(computed: str) -> str:
    """``rgb(201, 240, 216)`` -> ``#c9f0d8``."""
    found = re.fullmatch(r"rgb\((\d+), (\d+), (\d+)\)", computed)
    assert found, f"not an opaque colour: {computed}"
    return "#" + "".join(f"{int(part):02x}" for part in found.groups())


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with chromium(tmp_path_factory.mktemp("chromium")) as running:
        yield running


def measured(browser: Browser, title: str) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(browser.open(page_url(title)).evaluate(MEASURE))
    return shown


def test_chromium_shows_each_badge_of_the_index_in_its_status_colour(
    dashboard: Dashboard, browser: Browser
) -> None:
    badges = measured(browser, dashboard.index)["badges"]

    shown = sorted((b["label"], hex_colour(b["background"])) for b in badges)
    assert shown == sorted(
        [
            ("Adopted", colour_of("adopted")),
            ("In progress", colour_of("in progress")),
            ("Proposed", colour_of("proposed")),
            ("Proposed", colour_of("proposed")),
            ("rejected", colour_of("rejected")),  # unknown: the template's default
        ]
    )
    assert all(b["width"] > 20 for b in badges), badges


def test_chromium_shows_the_subpages_badge_in_the_colour_the_index_uses(
    dashboard: Dashboard, browser: Browser
) -> None:
    badges = measured(browser, f"{dashboard.source}/Advocacy/2")["badges"]

    assert [(b["label"], hex_colour(b["background"])) for b in badges] == [
        ("In progress", colour_of("in progress"))
    ]


def test_chromium_shows_each_groups_bar_filled_by_its_segments(
    dashboard: Dashboard, browser: Browser
) -> None:
    bars = measured(browser, dashboard.index)["bars"]

    assert [bar["group"] for bar in bars] == ["Advocacy", "Diversity", "Total"]
    assert [[s["title"] for s in bar["segments"]] for bar in bars] == [
        ["Proposed: 1 of 3 (34 %)", "Adopted: 1 of 3 (33 %)", "In progress: 1 of 3 (33 %)"],
        ["Proposed: 1 of 2 (50 %)", "rejected: 1 of 2 (50 %)"],
        [
            "Proposed: 2 of 5 (40 %)", "Adopted: 1 of 5 (20 %)", "In progress: 1 of 5 (20 %)",
            "rejected: 1 of 5 (20 %)",
        ],
    ]  # fmt: skip
    for bar in bars:
        assert bar["width"] > 100 and bar["height"] > 5, bar  # a bar one can see
        segments = bar["segments"]
        # the segments fill 100 % of the bar, to half a pixel
        assert abs(sum(s["width"] for s in segments) - bar["width"]) <= 0.5, bar
        for segment in segments:
            title = TITLE.fullmatch(segment["title"])
            assert title, segment
            assert hex_colour(segment["background"]) == colour_of(title["status"].lower())
            share = int(title["count"]) / int(title["total"])
            assert abs(segment["width"] - share * bar["width"]) <= 0.5, (segment, bar)


def test_chromium_tells_each_pair_of_neighbouring_bar_colours_apart(
    dashboard: Dashboard, browser: Browser
) -> None:
    tab = browser.open(page_url(dashboard.index))
    bars = json.loads(tab.evaluate(BARS))

    pairs = bar_contrasts(bars)

    # both ends and every neighbouring pair of each bar: 2 + 2, 2 + 1 and 2 + 3
    assert len(pairs) == 12
    # 3:1 between the colours, or a divider with 3:1 against each (WCAG 1.4.11)
    assert [pair for pair in pairs if not pair.told_apart] == []
    # no two light status colours reach 3:1: it is the divider, between every pair
    neighbours = [pair for pair in pairs if not pair.edge]
    assert all(pair.contrast < NON_TEXT <= pair.divider for pair in neighbours), neighbours


def test_hovering_or_the_key_names_every_segment(dashboard: Dashboard, browser: Browser) -> None:
    shown = measured(browser, dashboard.index)
    key = {hex_colour(k["background"]): k["label"] for k in shown["key"]}

    # the key: each status's header has its colour, from Proposed to Declined, then Other
    assert list(key.values()) == [s.capitalize() for s in KNOWN_STATUSES] + ["Other"]
    for bar in shown["bars"]:
        for segment in bar["segments"]:
            title = TITLE.fullmatch(segment["title"])  # hovering names it
            assert title and title["status"], segment
            named = key[hex_colour(segment["background"])]  # and so does the key
            assert named in (title["status"].capitalize(), "Other"), (named, segment)


def test_chromium_shows_the_footnotes_with_the_box_not_under_the_discussion(
    dashboard: Dashboard, browser: Browser
) -> None:
    tab = browser.open(page_url(f"{dashboard.source}/Advocacy/1"))
    shown = json.loads(tab.evaluate(FOOTNOTES))

    box, comments = shown["lists"]
    assert (box["in_box"], box["row"]) == (True, "Footnotes")
    assert box["top"] < shown["discussion"]
    # the named footnote once, used twice; its link kept, as the other's
    assert [(n["text"], n["uses"]) for n in box["notes"]] == [
        ("See Capacity Building notes.", 2),
        ("Minutes of 3 May, online", 1),
    ]
    assert "title=Capacity_Building" in box["notes"][0]["links"][0]
    assert box["notes"][1]["links"] == ["https://example.org/minutes"]
    assert shown["markers"] == ["[1]", "[1]", "[2]"]
    # the discussion's own footnote: below it, as Cite lists it, never in the box
    assert not comments["in_box"] and comments["top"] > shown["discussion"]
    assert [n["text"] for n in comments["notes"]] == ["Asked at the May meeting."]


def test_no_header_or_cell_wraps_at_1400_px(dashboard: Dashboard, browser: Browser) -> None:
    tab = browser.open(page_url(dashboard.index), width=WIDE)

    assert wrapped(tab) == []
    assert status_below_text(tab) == [False] * 5  # beside the text, in a column of its own
