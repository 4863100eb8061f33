"""The index page: the bot's section between two markers, the rest is the editors'.

``tests/fixtures/index/section.wiki`` is the section rendered from ``ROWS`` below; the
``*.before.wiki`` / ``*.after.wiki`` pairs are index pages before and after the bot put
that section in.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

import mwparserfromhell
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.index import (
    BEGIN,
    END,
    IndexPageError,
    IndexRow,
    merge_section,
    render_section,
    shown_revision,
)

FIXTURES = Path(__file__).parent / "fixtures" / "index"
SOURCE = "User:Ex/Recs"
ROWS = [
    IndexRow("Advocacy/1", "Advocacy", "Build a campaign team", "Recs/Advocacy/1", "adopted"),
    IndexRow(
        "Advocacy/2",
        "Advocacy",
        "Publish a yearly report on policy work",
        "Recs/Advocacy/2",
        "In Progress",
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


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def changed_lines(old: str, new: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


# --- the section ------------------------------------------------------------------------


def test_section_example() -> None:
    assert render_section(ROWS, SOURCE, 100) + "\n" == read("section.wiki")


def test_rows_show_id_group_linked_text_and_status() -> None:
    lines = render_section(ROWS, SOURCE, 100).splitlines()

    assert (
        "| Advocacy/2 || Advocacy || [[Recs/Advocacy/2|Publish a yearly report on policy work]]"
        " || In Progress"
    ) in lines
    assert (
        "| Advocacy/4 || Advocacy || [[Recs/Advocacy/4|Train local advocates]] || ''not set''"
        in (lines)
    )


def test_counts_by_group_fold_case_and_put_unknown_statuses_in_other() -> None:
    lines = render_section(ROWS, SOURCE, 100).splitlines()

    # adopted, In Progress, (empty); the retired row is not counted.
    assert "| Advocacy || 0 || 0 || 1 || 1 || 0 || 0 || 1 || 3" in lines
    assert "| Product &amp; Technology || 0 || 0 || 0 || 0 || 0 || 0 || 1 || 1" in lines
    assert "! Total !! 0 !! 0 !! 1 !! 1 !! 0 !! 0 !! 2 !! 4" in lines
    assert lines[1].startswith("''4 recommendations from ")


def test_retired_rows_have_their_own_table() -> None:
    section = render_section(ROWS, SOURCE, 100)
    current, retired = section.split("=== No longer on the source page ===")

    assert "Advocacy/3" not in current
    assert "| Advocacy/3 || Advocacy || [[Recs/Advocacy/3|Lobby every parliament]] || declined" in (
        retired
    )


def test_no_retired_table_when_nothing_is_retired() -> None:
    section = render_section([r for r in ROWS if r.in_source], SOURCE, 100)

    assert "No longer on the source page" not in section


def test_without_a_revision_the_header_links_the_page() -> None:
    section = render_section(ROWS[:1], SOURCE, None)

    assert section.splitlines()[1].startswith("''1 recommendations from [[User:Ex/Recs]]. ")


def test_a_changed_item_text_changes_one_line() -> None:
    reworded = [
        replace(r, text="Publish a yearly report on our policy work") if r.id == "Advocacy/2" else r
        for r in ROWS
    ]

    assert changed_lines(
        render_section(ROWS, SOURCE, 100), render_section(reworded, SOURCE, 100)
    ) == [
        "-| Advocacy/2 || Advocacy || [[Recs/Advocacy/2|Publish a yearly report on policy work]]"
        " || In Progress",
        "+| Advocacy/2 || Advocacy "
        "|| [[Recs/Advocacy/2|Publish a yearly report on our policy work]] || In Progress",
    ]


def test_a_changed_status_changes_its_row_and_the_counts() -> None:
    adopted = [replace(r, status="adopted") if r.id == "Advocacy/2" else r for r in ROWS]

    diff = changed_lines(render_section(ROWS, SOURCE, 100), render_section(adopted, SOURCE, 100))

    assert diff == [
        "-| Advocacy/2 || Advocacy || [[Recs/Advocacy/2|Publish a yearly report on policy work]]"
        " || In Progress",
        "+| Advocacy/2 || Advocacy || [[Recs/Advocacy/2|Publish a yearly report on policy work]]"
        " || adopted",
        "-| Advocacy || 0 || 0 || 1 || 1 || 0 || 0 || 1 || 3",
        "+| Advocacy || 0 || 0 || 2 || 0 || 0 || 0 || 1 || 3",
        "-! Total !! 0 !! 0 !! 1 !! 1 !! 0 !! 0 !! 2 !! 4",
        "+! Total !! 0 !! 0 !! 2 !! 0 !! 0 !! 0 !! 2 !! 4",
    ]


HOSTILE = "}} | [[Category:X]] ~~~~ __NOTOC__ <noinclude> {{Delete}} ''x'' \n== Y ==\n* z"


def shape(section: str) -> dict[str, object]:
    code = mwparserfromhell.parse(section)
    return {
        "templates": len(code.filter_templates(recursive=True)),
        "links": [str(link.title) for link in code.filter_wikilinks(recursive=True)],
        "tags": [(str(t.tag), t.wiki_markup) for t in code.filter_tags(recursive=True)],
        "headings": len(code.filter_headings(recursive=True)),
        "lines": section.count("\n"),
        "cells": section.count("||"),
    }


def test_hostile_text_shows_as_text() -> None:
    rows = [IndexRow("G/1", HOSTILE, HOSTILE, "Recs/G/1", HOSTILE)]
    plain = [IndexRow("G/1", "plain", "plain", "Recs/G/1", "plain")]

    section = render_section(rows, SOURCE, 100)

    assert shape(section) == shape(render_section(plain, SOURCE, 100))
    assert "[[Category:" not in section
    assert "__NOTOC__" not in section and "~~~~" not in section


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
    plain = [  # an empty status shows as ''not set''
        replace(
            row, group=groups[row.group], text=f"t{n}", status="s" if row.status.split() else ""
        )
        for n, row in enumerate(hostile, 1)
    ]

    assert shape(render_section(hostile, SOURCE, 7)) == shape(render_section(plain, SOURCE, 7))


# --- the page ---------------------------------------------------------------------------


def test_a_page_without_markers_gets_the_section_at_its_end() -> None:
    section = render_section(ROWS, SOURCE, 100)

    assert merge_section(read("no_markers.before.wiki"), section) == read("no_markers.after.wiki")


def test_a_page_with_markers_changes_only_between_them() -> None:
    section = render_section(ROWS, SOURCE, 100)

    assert merge_section(read("markers.before.wiki"), section) == read("markers.after.wiki")


def test_merging_the_same_section_again_changes_nothing() -> None:
    section = render_section(ROWS, SOURCE, 100)

    for name in ("no_markers.after.wiki", "markers.after.wiki"):
        assert merge_section(read(name), section) == read(name)


def test_a_new_or_blank_page_is_the_section() -> None:
    section = render_section(ROWS, SOURCE, 100)

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
        merge_section(page, render_section(ROWS, SOURCE, 100), "[[Recs/Index]]")


def test_shown_revision() -> None:
    assert shown_revision(read("markers.before.wiki")) == 90
    assert shown_revision(read("markers.after.wiki")) == 100
    assert shown_revision(read("no_markers.before.wiki")) is None
    assert shown_revision(render_section(ROWS, SOURCE, None)) is None
