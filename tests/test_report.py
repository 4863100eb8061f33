"""Reports of a plan: Markdown, HTML, JSON and wikitext, as their readers see them.

Two runs of one job on ``tests/fixtures/report/source.wiki`` (revision 100: Advocacy
with three items, Diversity with one):

* the FIRST sync creates a page per item and the index;
* the SECOND sync (revision 101) comes after a week of edits: Advocacy/2 was reworded,
  Advocacy/3 was removed from the source (its page is retired), the Diversity item was
  reworded but its page keeps bots out (skipped), and an editor put hostile text in the
  ``notes`` of Advocacy/2, next to the lines the bot changes.  Advocacy/1 is unchanged.

The assertions are what a reader of each report gets: every page the run acts on, its
edit summary or reason, its diff lines and the counts, with no way for wiki text to
turn into markup, script or categories.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import mwparserfromhell
import pytest
from mwparserfromhell.nodes import Tag, Wikilink

from recsync.config import JobConfig
from recsync.model import Action, PageChange, PageState, Plan
from recsync.plan import make_plan
from recsync.report import (
    plan_text,
    render_report,
    report_html,
    report_json,
    report_markdown,
    report_wikitext,
    unified_diff,
)
from recsync.source import parse_source
from recsync.wikitext import escape

FIXTURES = Path(__file__).parent / "fixtures" / "report"
SKELETON = (Path(__file__).parents[1] / "templates" / "subpage.wiki").read_text(encoding="utf-8")
SOURCE = (FIXTURES / "source.wiki").read_text(encoding="utf-8")
JOB = JobConfig(source="User:Editor/Source")
PAGE = "User:Editor/Source/"  # the subpages' prefix

REPORT = "Publish a yearly report on policy work"
REWORDED = "Publish a yearly report on our policy work"
HOSTILE = "<script>alert(1)</script></syntaxhighlight>[[Category:X]]{{Y}}"

Wiki = dict[str, PageState]


def plan(source: str, wiki: Wiki, revision: int) -> Plan:
    parsed = parse_source(source, source=JOB.source)
    return make_plan(
        JOB, parsed, PageState(JOB.source, source, revision), list(wiki.values()), SKELETON
    )


def first_sync() -> Plan:
    return plan(SOURCE, {}, 100)


def second_sync(notes: str = HOSTILE) -> Plan:
    """Revision 101 after the week of edits (see the module docstring)."""
    wiki = {c.title: PageState(c.title, c.new_text, 1) for c in first_sync().writes}
    page = wiki[PAGE + "Advocacy/2"]
    text = (page.text or "").replace("| status = ", f"| notes = {notes}\n| status = ")
    wiki[page.title] = replace(page, text=text)
    wiki[PAGE + "Diversity/1"] = replace(wiki[PAGE + "Diversity/1"], bots_allowed=False)
    source = (
        SOURCE.replace(REPORT, REWORDED)
        .replace("* Train local advocates in every region\n", "")
        .replace("ten languages", "twelve languages")
    )
    return plan(source, wiki, 101)


def change(result: Plan, title: str) -> PageChange:
    [found] = [c for c in result.changes if c.title == title]
    return found


def test_the_scenarios_are_what_the_docstring_says() -> None:
    first, second = first_sync(), second_sync()

    assert [(c.title, c.action) for c in first.changes] == [
        (PAGE + "Advocacy/1", Action.CREATE),
        (PAGE + "Advocacy/2", Action.CREATE),
        (PAGE + "Advocacy/3", Action.CREATE),
        (PAGE + "Diversity/1", Action.CREATE),
        (PAGE + "Index", Action.CREATE),
    ]
    assert [(c.title, c.action) for c in second.changes] == [
        (PAGE + "Advocacy/1", Action.UNCHANGED),
        (PAGE + "Advocacy/2", Action.UPDATE),
        (PAGE + "Diversity/1", Action.SKIPPED),
        (PAGE + "Advocacy/3", Action.RETIRE),
        (PAGE + "Index", Action.UPDATE),
    ]


# --- Markdown ---------------------------------------------------------------------------


def md(text: str) -> str:
    """Wiki text as a Markdown table cell holds it (a pipe is escaped)."""
    return text.replace("|", "\\|")


def md_diffs(report: str) -> dict[str, str]:
    """Each ```diff block of a Markdown report by the page title in its heading."""
    blocks = re.findall(r"^## `([^`]+)` \(\w+\)\n.*?^(`{3,})diff\n(.*?)\n\2$", report, re.M | re.S)
    return {title: body for title, _, body in blocks}


def test_markdown_first_sync_shows_each_new_page_whole() -> None:
    result = first_sync()

    report = report_markdown(result)

    assert report.startswith("# recsync plan for `User:Editor/Source` (revision 100)\n")
    diffs = md_diffs(report)
    assert list(diffs) == [c.title for c in result.writes]
    for page in result.writes:
        assert f"| `{page.title}` | create | `{md(page.summary)}` |" in report
        assert diffs[page.title] == unified_diff(page)
        added = [line[1:] for line in diffs[page.title].splitlines()[3:]]
        assert added == (page.new_text or "").splitlines()  # every line, all added
    assert "| create | 5 |" in report


def test_markdown_second_sync_lists_actions_reasons_counts_and_diffs() -> None:
    result = second_sync()

    report = report_markdown(result)

    assert report.startswith("# recsync plan for `User:Editor/Source` (revision 101)\n")
    for page in result.changes:
        row = f"| `{page.title}` | {page.action} | `{md(page.reason or page.summary)}` |"
        assert (row in report) == (page.action != Action.UNCHANGED), row
    for action in tuple(Action):
        assert f"| {action} | {result.count(action)} |" in report
    diffs = md_diffs(report)
    assert list(diffs) == [PAGE + "Advocacy/2", PAGE + "Advocacy/3", PAGE + "Index"]
    assert f"-| text = {REPORT}\n+| text = {REWORDED}" in diffs[PAGE + "Advocacy/2"]
    assert "-| in_source = yes\n+| in_source = no" in diffs[PAGE + "Advocacy/3"]


def test_markdown_fence_is_longer_than_backticks_in_the_page() -> None:
    report = report_markdown(second_sync(notes="```` four ticks"))

    assert "\n`````diff\n" in report
    assert md_diffs(report)[PAGE + "Advocacy/2"] == unified_diff(
        change(second_sync(notes="```` four ticks"), PAGE + "Advocacy/2")
    )


def test_markdown_when_everything_is_in_step() -> None:
    wiki = {c.title: PageState(c.title, c.new_text, 1) for c in first_sync().writes}

    report = report_markdown(plan(SOURCE, wiki, 100))

    assert "nothing to do" in report
    assert "| unchanged | 5 |" in report
    assert "```" not in report


# --- HTML -------------------------------------------------------------------------------

VOID = {"meta", "wbr", "br", "col", "img", "hr", "input", "link", "source"}
INLINE = {"a", "span", "b", "i", "del", "ins", "wbr", "code", "q", "em", "strong"}


class Page(HTMLParser):
    """What an HTML report holds: its tags, links, visible text and diff cells."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.unbalanced: list[str] = []
        self.open: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.text: list[str] = []  # what a reader sees (no style, title, closed details)
        self.cells: list[tuple[str, str]] = []  # diff cells: (class, text)
        self._cell: tuple[str, list[str]] | None = None
        self._hidden = 0
        self.feed(document)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self.tags[tag] += 1
        self.ids += [found["id"]] if "id" in found else []
        self.hrefs += [found["href"]] if "href" in found else []
        self.srcs += [found["src"]] if "src" in found else []
        if tag not in INLINE:
            self.text.append(" ")  # a new block or cell: words do not run together
        if tag in VOID:
            return
        self.open.append(tag)
        if tag in ("style", "title", "details"):
            self._hidden += 1
        if tag == "summary":
            self._hidden -= 1  # a closed <details> still shows its summary
        if tag == "td" and found.get("class", "").startswith("c "):
            self._cell = (found["class"].removeprefix("c "), [])

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.unbalanced.append(tag)
        if tag not in INLINE:
            self.text.append(" ")
        if tag in ("style", "title", "details"):
            self._hidden -= 1
        if tag == "summary":
            self._hidden += 1
        if tag == "td" and self._cell is not None:
            self.cells.append((self._cell[0], "".join(self._cell[1])))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[1].append(data)
        if not self._hidden:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join("".join(self.text).split())


def test_html_is_one_self_contained_document() -> None:
    report = report_html(second_sync())
    page = Page(report)

    assert report.startswith("<!DOCTYPE html>\n")
    assert (page.tags["html"], page.tags["head"], page.tags["body"]) == (1, 1, 1)
    assert (page.unbalanced, page.open) == ([], [])
    assert '<meta charset="utf-8">' in report
    assert "<script" not in report.lower()
    assert page.tags["link"] == page.tags["img"] == page.tags["iframe"] == 0
    assert page.srcs == []
    assert "url(" not in report and "@import" not in report and "http" not in report
    assert all(href.startswith("#") for href in page.hrefs)
    assert {href[1:] for href in page.hrefs} <= set(page.ids)


def test_html_shows_pages_actions_counts_and_summaries() -> None:
    result = second_sync()

    text = Page(report_html(result)).visible

    assert "recsync plan for User:Editor/Source" in text
    assert "Source revision 101" in text
    for page in result.changes:
        if page.action != Action.UNCHANGED:
            assert f"{page.title} {page.action} {page.reason or page.summary}" in text
    for action in tuple(Action):
        assert f"{result.count(action)} {action}" in text
    assert "1 unchanged page" in text


def test_html_diff_is_side_by_side_with_removed_and_added_lines() -> None:
    cells = Page(report_html(second_sync())).cells

    assert ("del", f"| text = {REPORT}") in cells
    assert ("add", f"| text = {REWORDED}") in cells
    assert ("del", "| in_source = yes") in cells
    assert ("add", "| in_source = no") in cells
    assert ("ctx", "| number = 2") in cells  # context, on both sides
    assert cells.count(("ctx", "| number = 2")) == 2


def test_html_marks_the_changed_words() -> None:
    report = report_html(second_sync())

    assert "| text = Publish a yearly report on <ins>our </ins>policy work" in report
    assert "| source_revision = <del>100</del>" in report


def test_html_a_removed_row_is_not_shown_beside_a_reworded_one() -> None:
    cells = Page(report_html(second_sync())).cells
    index = [
        i
        for i, cell in enumerate(cells)
        if cell[1].startswith("| 1 ||") and "Diversity/1|" in cell[1]
    ]

    assert [cells[i][0] for i in index] == ["del", "add"]  # ten -> twelve, one row
    assert index[1] == index[0] + 1


def test_html_creation_shows_every_line_as_added() -> None:
    result = first_sync()
    created = change(result, PAGE + "Advocacy/1")

    cells = Page(report_html(result)).cells

    added = [text for kind, text in cells if kind == "add"]
    lines = (created.new_text or "").splitlines()
    assert added[: len(lines)] == lines
    assert not [kind for kind, _ in cells if kind in ("del", "ctx")]


def test_html_escapes_page_text() -> None:
    report = report_html(second_sync())

    assert "<script>" not in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert ("ctx", f"| notes = {HOSTILE}") in Page(report).cells  # shown as written


def test_html_rows_link_to_their_diffs() -> None:
    result = second_sync()
    report = report_html(result).replace("<wbr>", "")

    for page in result.writes:
        link = re.search(rf'<a href="#(diff-\d+)">{re.escape(page.title)}</a>', report)
        assert link, page.title
        heading = re.search(rf'id="{link.group(1)}">\n<h3>(.*?)</h3>', report)
        assert heading and Page(heading.group(1)).visible == f"{page.action} {page.title}"
    skipped = re.search(r'<tr class="skipped">.*?</tr>', report)
    assert skipped and "href" not in skipped.group(0)  # no diff to go to


# --- JSON -------------------------------------------------------------------------------


def test_json_holds_every_page_and_the_counts() -> None:
    result = second_sync()

    data = json.loads(report_json(result))

    assert data["source"] == "User:Editor/Source"
    assert data["source_revision"] == 101
    assert data["job"] == "default"
    assert data["counts"] == {action: result.count(action) for action in tuple(Action)}
    assert [(c["title"], c["action"]) for c in data["changes"]] == [
        (c.title, c.action) for c in result.changes
    ]
    assert Counter(c["action"] for c in data["changes"]) == {
        action: n for action, n in data["counts"].items() if n
    }
    by_title = {c["title"]: c for c in data["changes"]}
    update = by_title[PAGE + "Advocacy/2"]
    assert update["item_id"] == "Advocacy/2"
    assert update["summary"] == change(result, PAGE + "Advocacy/2").summary
    assert f"-| text = {REPORT}\n+| text = {REWORDED}" in update["diff"]
    assert by_title[PAGE + "Advocacy/1"]["diff"] == ""  # unchanged: listed, no diff
    skipped = by_title[PAGE + "Diversity/1"]
    assert (skipped["diff"], skipped["summary"]) == ("", "")
    assert "nobots" in skipped["reason"]
    assert by_title[PAGE + "Index"]["item_id"] is None


def test_json_without_a_revision() -> None:
    result = replace(first_sync(), source_revision=None)

    assert json.loads(report_json(result))["source_revision"] is None


# --- wikitext ---------------------------------------------------------------------------


def highlights(code: mwparserfromhell.wikicode.Wikicode) -> list[Tag]:
    return [tag for tag in code.filter_tags() if str(tag.tag).lower() == "syntaxhighlight"]


def test_wikitext_lists_links_counts_summaries_and_diffs() -> None:
    result = second_sync()

    report = report_wikitext(result, bot_user="RecsyncBot")

    assert report.startswith("__NOINDEX__\n== recsync preview: [[:User:Editor/Source]] (")
    assert "[[:Special:PermanentLink/101|revision 101]]" in report
    assert "[[:User:RecsyncBot|RecsyncBot]]" in report
    for action in tuple(Action):
        assert f'| {action} || style="text-align:right" | {result.count(action)}\n' in report
    for page in result.changes:
        row = f"| [[:{page.title}]] || {page.action} || {escape(page.reason or page.summary)}"
        assert (row in report) == (page.action != Action.UNCHANGED), row
    for page in result.writes:
        assert f"[[#{page.title} ({page.action})|diff]]" in report
        assert f"\n=== [[:{page.title}]] ({page.action}) ===\n" in report
    tags = highlights(mwparserfromhell.parse(report))
    assert len(tags) == len(result.writes)
    assert f"-| text = {REPORT}\n+| text = {REWORDED}" in str(tags[0].contents)


@pytest.mark.parametrize(
    "notes",
    [
        HOSTILE,
        "</SyntaxHighlight >[[Category:X]]{{Y}}",
        "</syntaxhighlight\t>[[Category:X]] {{Y|</syntaxhighlight>}}",
    ],
)
def test_wikitext_page_text_cannot_leave_its_syntaxhighlight_block(notes: str) -> None:
    result = second_sync(notes=notes)

    code = mwparserfromhell.parse(report_wikitext(result))

    tags = highlights(code)
    assert [str(tag.contents) for tag in tags] == [
        "\n" + re.sub("</(syntaxhighlight)", r"&lt;/\1", unified_diff(page), flags=re.I) + "\n"
        for page in result.writes
    ]
    assert "[[Category:X]]" in str(tags[0].contents)
    for tag in tags:
        code.remove(tag)
    assert code.filter_templates(recursive=True) == []
    assert [
        str(link.title)
        for link in code.filter(forcetype=Wikilink, recursive=True)
        if str(link.title).strip().lower().startswith("category")
    ] == []


def test_wikitext_titles_are_links_and_never_categories() -> None:
    result = second_sync()

    links = mwparserfromhell.parse(report_wikitext(result)).filter_wikilinks()

    targets = {str(link.title) for link in links}
    assert {
        f":{page.title}" for page in result.changes if page.action != Action.UNCHANGED
    } <= targets
    assert all(t.startswith((":", "#")) for t in targets)


def test_wikitext_without_a_bot_user_or_a_revision() -> None:
    result = replace(first_sync(), source_revision=None)

    report = report_wikitext(result)

    assert "== recsync preview: [[:User:Editor/Source]] (unknown revision) ==" in report
    assert "[[:User:" not in report.split("\n{|")[0].replace("[[:User:Editor/Source]]", "")


# --- by file name -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "render"),
    [
        (".md", report_markdown),
        (".html", report_html),
        (".json", report_json),
        (".wiki", report_wikitext),
        (".txt", lambda plan: plan_text(plan) + "\n"),  # what the terminal shows, not wikitext
        (".HTML", report_html),
    ],
)
def test_render_report_picks_the_format_by_suffix(
    suffix: str, render: Callable[[Plan], str]
) -> None:
    result = second_sync()

    assert render_report(result, suffix) == render(result)


@pytest.mark.parametrize("suffix", [".pdf", "", "md"])
def test_render_report_names_the_formats_it_knows(suffix: str) -> None:
    with pytest.raises(ValueError, match=r"\.md, \.html, \.json, \.wiki, \.txt"):
        render_report(first_sync(), suffix)
