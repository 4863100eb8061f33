"""The index page: the bot's section between two markers, the rest is the editors'.

``tests/fixtures/index/section.wiki`` is the section rendered from ``ROWS`` below; the
``*.before.wiki`` / ``*.after.wiki`` pairs are index pages before and after the bot put
that section in (``markers.before.wiki`` holds a section of the first index format).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path

import mwparserfromhell
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wikis import GERMAN

from recsync.dashboard import is_known, shares, status_key
from recsync.index import (
    BEGIN,
    END,
    IndexPageError,
    IndexRow,
    index_order,
    merge_section,
    read_rows,
    render_section,
    shown_revision,
)
from recsync.wikitext import fold

FIXTURES = Path(__file__).parent / "fixtures" / "index"
SOURCE = "User:Ex/Recs"
TEMPLATE = "Recommendation status"
#: In the plan's order (the source's): a page kept from the group it moved from (Diversity/3)
#: and a page added in the middle of the group later (Advocacy/11) come between the others.
ROWS = [
    IndexRow("Advocacy/1", "Advocacy", "Build a campaign team", "Recs/Advocacy/1", "adopted"),
    IndexRow(
        "Diversity/3", "Advocacy", "Share tools across groups", "Recs/Diversity/3", "proposed"
    ),
    IndexRow(
        "Advocacy/2",
        "Advocacy",
        "Publish a yearly report on policy work",
        "Recs/Advocacy/2",
        "In Progress",
        since="2026-11-30",
        by="Editor",
    ),
    IndexRow(
        "Advocacy/11", "Advocacy", "Train the trainers", "Recs/Advocacy/11", "proposed", number="11"
    ),
    IndexRow("Advocacy/4", "Advocacy", "Train local advocates", "Recs/Advocacy/4", ""),
    IndexRow(
        "Product & Technology/1",
        "Product & Technology",
        "Fix the [[editor]] | fast",
        "Recs/Product & Technology/1",
        "on hold",
    ),
    IndexRow(
        "Advocacy/3",
        "Advocacy",
        "Lobby every parliament",
        "Recs/Advocacy/3",
        "declined",
        in_source=False,
    ),
]
I18N = "{{Recommendation status/i18n|"
TOTAL = f"| style=\"white-space:nowrap;\" | '''{I18N}index-total}}}}'''"
RETIRED = f"== {I18N}index-retired}}}} =="
#: Each group's title segment, as the plan gives it: a page whose id starts otherwise was
#: kept from the group it moved from.
SEGMENTS = {
    "Advocacy": "Advocacy",
    "Product & Technology": "Product & Technology",
    "Diversity": "Diversity",
}


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def render(rows: list[IndexRow], revision: int | None = 100) -> str:
    return render_section(rows, SOURCE, revision, TEMPLATE, segments=SEGMENTS)


def changed_lines(old: str, new: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


# --- the section ------------------------------------------------------------------------


def test_section_example() -> None:
    assert render(ROWS) + "\n" == read("section.wiki")


def test_the_summary_comes_before_the_first_heading_so_the_contents_come_after_it() -> None:
    lines = render(ROWS).splitlines()
    headings = [n for n, line in enumerate(lines) if line.startswith("== ")]

    assert lines.index('{| class="wikitable recsync-summary"') < headings[0]
    assert "__TOC__" not in "".join(lines) and "__NOTOC__" not in "".join(lines)
    assert [lines[n] for n in headings] == [
        "== Advocacy ==",
        "== Product &amp; Technology ==",
        RETIRED,
    ]


def cells(section: str, number: str) -> str:
    """What the row of a number shows: its cells without their layout markup."""
    [line] = [line for line in section.splitlines() if line.startswith(f"| {number} || ")]
    return re.sub(r"</?(?:div|span)[^>]*>", " ", line).split(maxsplit=1)[1].split()


def test_every_word_is_a_message_in_the_readers_language() -> None:
    lines = render(ROWS).splitlines()

    assert lines[1] == (
        f'<div class="recsync-index mw-content-{I18N}@dir}}}}" '
        f'lang="{I18N}@lang}}}}" dir="{I18N}@dir}}}}">'
    )
    assert lines[-2:] == ["</div>", END]
    head = next(line for line in lines if line.startswith(f"! {I18N}index-number}}}} !! "))
    assert f"{I18N}index-recommendation}}}}" in head and f"{I18N}index-status-since}}}}" in head
    summary = next(line for line in lines if line.startswith(f"! {I18N}index-group}}}} !! "))
    assert f"{I18N}index-progress}}}}" in summary
    assert f"{I18N}status-under-discussion}}}}" in summary
    words = re.sub(r"\{\{[^{}]*\}\}|\[\[[^\]]*\]\]|<[^>]*>|data-\w+=\"[^\"]*\"", "", render(ROWS))
    english = {"Group", "Progress", "Proposed", "Other", "Total", "Since", "since", "source", "Of"}
    assert english.isdisjoint(re.findall(r"[A-Za-z]+", words))


def test_a_row_shows_number_linked_text_badge_and_since_on_one_line() -> None:
    section = render(ROWS)

    assert " ".join(cells(section, "2")) == (
        "2 || [[Recs/Advocacy/2|Publish a yearly report on policy work]] "
        "{{Recommendation status/badge|In Progress}} "
        f"{I18N}index-since-line|2026-11-30 · [[Special:Contributions/Editor|Editor]]}}}}"
    )
    assert (
        '<span class="recsync-since" style="display:block; font-size:90%; white-space:nowrap;">'
        in section
    )
    assert " ".join(cells(section, "4")) == (
        "4 || [[Recs/Advocacy/4|Train local advocates]] {{Recommendation status/badge|}}"
    )


def test_the_status_goes_below_the_text_where_both_do_not_fit_side_by_side() -> None:
    row = next(line for line in render(ROWS).splitlines() if line.startswith("| 1 || "))

    assert '<div class="recsync-item" style="display:flex; flex-wrap:wrap;' in row
    assert '<span style="flex:1 1 18em;">[[Recs/Advocacy/1|' in row
    assert (
        '<span class="recsync-status" style="flex:0 0 15em;">'
        "{{Recommendation status/badge|adopted}}" in row
    )


def test_rows_are_listed_by_number_a_page_kept_from_another_group_last() -> None:
    section = render(ROWS).split("== Product")[0]

    numbers = [
        line.split(" || ")[0] for line in section.splitlines() if re.match(r"\| \S+ \|\| ", line)
    ]
    assert numbers == ["| 1", "| 2", "| 4", "| 11", "| Diversity/3"]
    assert "{{Recommendation status/i18n|index-numbers-rule}}" in section


def test_the_same_order_for_the_reports_current_first_then_retired() -> None:
    assert [row.id for row in index_order(ROWS, SEGMENTS)] == [
        "Advocacy/1", "Advocacy/2", "Advocacy/4", "Advocacy/11", "Diversity/3",
        "Product & Technology/1", "Advocacy/3",
    ]  # fmt: skip


def test_each_group_links_to_its_section_of_the_source() -> None:
    lines = render(ROWS).splitlines()

    assert f"{I18N}index-on-source-page|Advocacy|User:Ex/Recs#Advocacy}}}}" in lines
    assert (
        f"{I18N}index-on-source-page|Product &amp; Technology"
        "|User:Ex/Recs#Product &amp; Technology}}"
    ) in lines


def test_a_source_title_with_an_equals_sign_is_passed_by_number() -> None:
    section = render_section(ROWS[:1], "User:Ex/A=B", 100, TEMPLATE)

    assert f"{I18N}index-on-source-page|Advocacy|3=User:Ex/A=B#Advocacy}}}}" in section
    assert "|[[User:Ex/A=B]]}}" in section  # inside a link, = names no parameter
    assert shown_revision(section) == 100


def test_counts_fold_case_and_unknown_statuses_are_named() -> None:
    lines = render(ROWS).splitlines()
    advocacy = next(line for line in lines if "| [[#Advocacy|" in line)
    product = next(line for line in lines if "| [[#Product" in line)

    # adopted, In Progress, (empty), proposed twice; the retired row is not counted.
    assert "|| 2&nbsp;(40&nbsp;%) || – || 1&nbsp;(20&nbsp;%) || 1&nbsp;(20&nbsp;%) ||" in advocacy
    assert advocacy.endswith(f"|| {I18N}status-not-set}}}}:&nbsp;1&nbsp;(20&nbsp;%) || 5")
    assert product.endswith("|| on hold:&nbsp;1&nbsp;(100&nbsp;%) || 1")
    assert lines[2].startswith(f"''{I18N}index-intro|6|Special:PermanentLink/100|100|")


def test_whole_shares_add_up_to_100_by_the_largest_remainder_as_the_page_says() -> None:
    lines = render(ROWS).splitlines()
    total = next(line for line in lines if line.startswith(TOTAL))

    # 2, 1, 1, 1 and 1 of 6: 33.3, then four of 16.7; the three first of those get the
    # points left over, the last (on hold) keeps 16
    shown = [int(p) for p in re.findall(r"\((\d+)&nbsp;%\)", total)]
    assert shown == [33, 17, 17, 17, 16]
    assert sum(shown) == 100
    assert any(f"{I18N}index-shares-rule}}}}" in line for line in lines)


def test_the_key_names_every_status_with_its_count_and_share() -> None:
    key = next(line for line in render(ROWS).splitlines() if line.startswith(f"{I18N}index-key|6"))

    named = re.findall(r"badge\|([^}]*)\}\}&nbsp;([^<]*)<", key)
    assert named == [
        ("proposed", "2&nbsp;(33&nbsp;%)"), ("under discussion", "0"),
        ("adopted", "1&nbsp;(17&nbsp;%)"), ("in progress", "1&nbsp;(17&nbsp;%)"),
        ("implemented", "0"), ("declined", "0"), ("", "1&nbsp;(17&nbsp;%)"),
        ("on hold", "1&nbsp;(16&nbsp;%)"),
    ]  # fmt: skip


STATUS_KEYS = ("proposed", "adopted", "in-progress", "not-set")


def test_each_segment_is_named_on_hover_and_kept_apart_by_a_divider() -> None:
    advocacy = next(line for line in render(ROWS).splitlines() if "[[#Advocacy|" in line)

    segments = re.findall(
        r'<span class="recsync-bar-segment" title="([^"]*)" style="([^"]*)"', advocacy
    )
    named = [f"{I18N}index-bar-segment|{I18N}status-{key}}}}}|" for key in STATUS_KEYS]
    assert [title for title, _ in segments] == [
        f"{named[0]}2|5|40}}}}", f"{named[1]}1|5|20}}}}", f"{named[2]}1|5|20}}}}",
        f"{named[3]}1|5|20}}}}",
    ]  # fmt: skip
    dividers = ["border-inline-start:1px solid #202122;" in style for _, style in segments]
    assert dividers == [False, True, True, True]


def test_the_bars_are_coloured_by_the_colour_template_and_add_up() -> None:
    total = next(line for line in render(ROWS).splitlines() if line.startswith(TOTAL))

    widths = [float(w) for w in re.findall(r" width:([\d.]+)%", total)]
    assert sum(widths) == pytest.approx(100)
    assert "background:{{Recommendation status/colour|adopted}}" in total
    assert "background:{{Recommendation status/colour|on hold}}" in total


@pytest.mark.parametrize("counts", [[1, 1, 1], [2, 1], [1] * 7, [5, 0, 3], [1]])
def test_shares_add_up_to_exactly_100(counts: list[int]) -> None:
    assert sum(shares(counts)) == 100
    assert round(sum(shares(counts, 2)), 2) == 100


def test_retired_rows_have_their_own_table() -> None:
    current, retired = render(ROWS).split(RETIRED)

    assert "Advocacy/3" not in current
    assert " ".join(cells(retired, "3")) == (
        "3 || Advocacy || [[Recs/Advocacy/3|Lobby every parliament]] "
        "{{Recommendation status/badge|declined}}"
    )


def test_no_retired_table_when_nothing_is_retired() -> None:
    section = render([r for r in ROWS if r.in_source])

    assert "index-retired" not in section


def test_a_deleted_page_says_who_deleted_it_and_why() -> None:
    note = "deleted by Admin on 2026-12-02: out of scope"
    rows = [replace(ROWS[0], note=note)]

    assert (
        f"<span class=\"recsync-note\" style=\"display:block; font-size:90%;\">''{note}''</span>"
        in render(rows)
    )
    assert read_rows(render(rows))[0].deleted


def test_without_a_revision_the_header_links_the_page() -> None:
    section = render(ROWS[:1], None)

    assert section.splitlines()[2].startswith(
        f"''{I18N}index-intro-unrevised|1|[[User:Ex/Recs]]}}}} "
    )


def test_a_changed_item_text_changes_one_line() -> None:
    reworded = [
        replace(r, text="Publish a yearly report on our policy work") if r.id == "Advocacy/2" else r
        for r in ROWS
    ]

    diff = changed_lines(render(ROWS), render(reworded))

    assert len(diff) == 2
    assert diff[0].startswith("-| 2 || ") and "|Publish a yearly report on policy" in diff[0]
    assert diff[1].startswith("+| 2 || ") and "|Publish a yearly report on our policy" in diff[1]


def test_a_changed_status_changes_its_row_and_the_counts() -> None:
    adopted = [
        replace(r, status="adopted", since="2026-12-01", by="Admin") if r.id == "Advocacy/2" else r
        for r in ROWS
    ]

    diff = changed_lines(render(ROWS), render(adopted))

    changed = {line[1:].split(" ||")[0] for line in diff}
    # the key, the group's and the total's summary lines, the row's memory and its cells
    assert len(diff) == 10
    assert {'| style="white-space:nowrap;" | [[#Advocacy|Advocacy]]', "| 2"} <= changed
    assert any('data-status="adopted" data-since="2026-12-01" data-by="Admin"' in d for d in diff)


# --- the section as the bot's memory ----------------------------------------------------


def test_rows_read_back_as_they_were_rendered() -> None:
    back = read_rows(render(ROWS))
    in_order = index_order(ROWS, SEGMENTS)

    def memory(rows: list[IndexRow]) -> list[tuple[object, ...]]:
        return [(r.id, r.group, r.title, r.status, r.in_source, r.since, r.by) for r in rows]

    assert memory(back) == memory(in_order)
    assert [r.text for r in back] == [fold(r.text) for r in in_order]


def test_a_group_named_like_the_retired_table_is_not_retired() -> None:
    rows = [replace(ROWS[0], group="No longer relevant")]

    assert [r.in_source for r in read_rows(render(rows))] == [True]


def test_what_an_editor_forges_in_the_memory_is_not_written_back_as_markup() -> None:
    forged = render(ROWS[:1]).replace(
        'data-status="adopted"',
        'data-status="adopted" data-since="2020-01-01 [[Category:Spam]]{{Delete}} ~~~~"',
    )
    back = read_rows(forged)

    assert back[0].since == ""
    assert "[[Category:" not in render(back) and "~~~" not in render(back)


def test_a_row_naming_an_impossible_title_is_not_the_bots() -> None:
    forged = render(ROWS[:1]).replace(
        'data-title="Recs/Advocacy/1"', 'data-title="Recs/Zzz/9]] [[Category:Spam]] [[X"'
    )

    assert read_rows(forged) == []


def test_a_category_or_file_page_is_linked_not_used() -> None:
    rows = [replace(ROWS[0], title="Category:Recs")]

    assert "[[:Category:Recs|Build a campaign team]]" in render(rows)


def test_on_a_german_wiki_its_category_and_file_pages_are_linked_not_used() -> None:
    rows = [replace(ROWS[0], title=title) for title in ("Kategorie:Recs", "Bild:Recs.png")]
    rows.append(replace(ROWS[2], title="Benutzer:Ex/Recs/Advocacy/2"))

    section = render_section(rows, SOURCE, 100, TEMPLATE, GERMAN)

    assert "[[:Kategorie:Recs|Build a campaign team]]" in section
    assert "[[:Bild:Recs.png|Build a campaign team]]" in section
    assert "[[Benutzer:Ex/Recs/Advocacy/2|Publish a yearly report on policy work]]" in section


#: The section as the bot wrote it before its words were messages (English only).
ENGLISH_ONLY = f"""{BEGIN}
''2 recommendations from [[Special:PermanentLink/90|revision 90]] of [[User:Ex/Recs]]. x''

== Advocacy ==
{{| class="wikitable sortable recsync-items"
! No. !! Recommendation !! Status !! Since
|- data-id="Advocacy/1" data-group="Advocacy" data-title="Recs/Advocacy/1" data-status="adopted"
| 1 || [[Recs/Advocacy/1|Build a campaign team]] || {{{{Recommendation status/badge|adopted}}}} ||
|}}

== No longer on the source page ==
{{| class="wikitable sortable recsync-items"
! No. !! Group !! Recommendation !! Status !! Since
|- data-id="Advocacy/3" data-group="Advocacy" data-title="Recs/Advocacy/3" data-status="declined"
| 3 || Advocacy || [[Recs/Advocacy/3|Lobby]] || {{{{Recommendation status/badge|declined}}}} ||
|}}
{END}"""


def test_the_english_only_section_is_read_back() -> None:
    back = read_rows(ENGLISH_ONLY)

    assert [(r.id, r.in_source) for r in back] == [("Advocacy/1", True), ("Advocacy/3", False)]
    assert shown_revision(ENGLISH_ONLY) == 90


def test_rows_of_the_first_index_format_are_read_too() -> None:
    back = read_rows(read("markers.before.wiki"))

    assert back == [
        IndexRow("Advocacy/1", "Advocacy", "Build a campaign team", "Recs/Advocacy/1", "proposed")
    ]


HOSTILE = "}} | [[Category:X]] ~~~~ __NOTOC__ <noinclude> {{Delete}} ''x'' \n== Y ==\n* z"


def outside_calls(text: str) -> str:
    """The text without its template calls (an empty argument is not a table cell)."""
    while re.search(r"\{\{[^{}]*\}\}", text):
        text = re.sub(r"\{\{[^{}]*\}\}", "", text)
    return text


def shape(section: str) -> dict[str, object]:
    code = mwparserfromhell.parse(section)
    return {
        "templates": len(code.filter_templates(recursive=True)),
        "links": len(code.filter_wikilinks(recursive=True)),
        "tags": [(str(t.tag), t.wiki_markup) for t in code.filter_tags(recursive=True)],
        "headings": len(code.filter_headings(recursive=True)),
        "lines": section.count("\n"),
        "cells": outside_calls(section).count("||"),
    }


def test_hostile_text_shows_as_text() -> None:
    rows = [IndexRow("G/1", HOSTILE, HOSTILE, "Recs/G/1", HOSTILE, by=HOSTILE, since="2026-01-01")]
    plain = [IndexRow("G/1", "plain", "plain", "Recs/G/1", "plain", by="x", since="2026-01-01")]

    section = render(rows)

    assert shape(section) == shape(render(plain))
    assert "[[Category:" not in section
    assert "__NOTOC__" not in section and "~~~~" not in section
    assert read_rows(section)[0].status == fold(HOSTILE)


ROW_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(list("{}|=[]<>'~_!-\n")),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(ROW_TEXT, ROW_TEXT, ROW_TEXT, st.booleans()), max_size=6))
def test_any_text_keeps_the_section_shape(rows: list[tuple[str, str, str, bool]]) -> None:
    hostile = [
        IndexRow(f"G/{n}", group, text, f"Recs/G/{n}", status, in_source)
        for n, (group, text, status, in_source) in enumerate(rows, 1)
    ]
    groups = {group: f"g{n}" for n, group in enumerate(dict.fromkeys(r.group for r in hostile))}
    # a status the template knows is shown by a message: it stays one in the plain rows
    keys = {
        k: k if is_known(k) else f"s{n}"
        for n, k in enumerate(dict.fromkeys(status_key(r.status) for r in hostile))
    }
    plain = [
        replace(row, group=groups[row.group], text=f"t{n}", status=keys[status_key(row.status)])
        for n, row in enumerate(hostile, 1)
    ]

    assert shape(render(hostile, 7)) == shape(render(plain, 7))
    back = read_rows(render(hostile, 7))
    in_order = index_order(hostile)
    assert [r.status for r in back] == [fold(r.status) for r in in_order]
    assert [r.group for r in back] == [fold(r.group) for r in in_order]


# --- the page ---------------------------------------------------------------------------


def test_a_page_without_markers_gets_the_section_at_its_end() -> None:
    section = render(ROWS)

    assert merge_section(read("no_markers.before.wiki"), section) == read("no_markers.after.wiki")


def test_a_page_with_markers_changes_only_between_them() -> None:
    section = render(ROWS)

    assert merge_section(read("markers.before.wiki"), section) == read("markers.after.wiki")


def test_merging_the_same_section_again_changes_nothing() -> None:
    section = render(ROWS)

    for name in ("no_markers.after.wiki", "markers.after.wiki"):
        assert merge_section(read(name), section) == read(name)


def test_a_new_or_blank_page_is_the_section() -> None:
    section = render(ROWS)

    assert merge_section("", section) == section + "\n"
    assert merge_section("\n \n", section) == section + "\n"


@pytest.mark.parametrize(
    "page",
    [
        f"Intro\n{BEGIN}\nold table\n",
        f"Intro\nold table\n{END}\n",
        f"{BEGIN}\n{BEGIN}\nx\n{END}\n",
        f"{BEGIN}\nx\n{END}\n{END}\n",
        f"{END}\nx\n{BEGIN}\n",
    ],
    ids=["begin only", "end only", "two begins", "two ends", "end before begin"],
)
def test_broken_markers_are_refused(page: str) -> None:
    with pytest.raises(IndexPageError, match=r"\[\[Recs/Index\]\].*by hand"):
        merge_section(page, render(ROWS), "[[Recs/Index]]")


def test_shown_revision() -> None:
    assert shown_revision(read("markers.before.wiki")) == 90
    assert shown_revision(read("markers.after.wiki")) == 100
    assert shown_revision(read("no_markers.before.wiki")) is None
    assert shown_revision(render(ROWS, None)) is None
