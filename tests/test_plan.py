"""Planning a run: the source page and the pages that exist -> what each page becomes.

Every scenario starts from ``tests/fixtures/plan/source.wiki`` (revision 100: Advocacy
with three items, Diversity with two), lets the first run create the pages, plays the
editors' and the bot's edits on a dict that stands for the wiki, then plans the next
run.  The assertions are what an editor would see: which pages change, their diff and
the edit summary.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path

import mwparserfromhell
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from recsync.config import JobConfig
from recsync.guards import retire_guard
from recsync.index import BEGIN, END, read_rows
from recsync.model import Action, PageChange, PageState, Plan
from recsync.plan import PlanError, make_plan
from recsync.report.text import plan_text
from recsync.source import parse_source
from recsync.subpage import read_call

FIXTURES = Path(__file__).parent / "fixtures" / "plan"
SKELETON = (Path(__file__).parents[1] / "templates" / "subpage.wiki").read_text(encoding="utf-8")
SOURCE = (FIXTURES / "source.wiki").read_text(encoding="utf-8")
SOURCE_TITLE = "User:Ex/Recs"
JOB = JobConfig(source=SOURCE_TITLE, prefix="Recs")
TEMPLATE = "Recommendation status"
REPORT = "Publish a yearly report on policy work"

Wiki = dict[str, PageState]


def plan(source: str, wiki: Wiki, revision: int, job: JobConfig = JOB) -> Plan:
    parsed = parse_source(source, source=SOURCE_TITLE)
    return make_plan(
        job, parsed, PageState(SOURCE_TITLE, source, revision), list(wiki.values()), SKELETON
    )


def save(result: Plan, wiki: Wiki) -> Wiki:
    """The wiki after the run's writes (MediaWiki drops trailing whitespace on save)."""
    after = dict(wiki)
    for change in result.writes:
        after[change.title] = PageState(change.title, (change.new_text or "").rstrip(), 1)
    return after


def first_run() -> Wiki:
    return save(plan(SOURCE, {}, 100), {})


def edit(wiki: Wiki, title: str, old: str, new: str) -> Wiki:
    """An editor's edit of one page."""
    text = wiki[title].text
    assert text is not None and old in text
    return {**wiki, title: replace(wiki[title], text=text.replace(old, new, 1))}


def writes(result: Plan) -> dict[str, str]:
    return {c.title: c.action for c in result.writes}


def change(result: Plan, title: str) -> PageChange:
    [found] = [c for c in result.changes if c.title == title]
    return found


def diff(change: PageChange) -> list[str]:
    """The changed lines of a page, as a unified diff shows them."""
    return [
        line
        for line in difflib.unified_diff(
            (change.old_text or "").splitlines(),
            (change.new_text or "").splitlines(),
            lineterm="",
            n=0,
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def link(revision: int) -> str:
    return f"[[Special:PermanentLink/{revision}|source revision {revision}]]"


def row(
    page_id: str, text: str, status: str = "proposed", group: str = "", number: str = ""
) -> str:
    """An index row as the editor sees it, up to its status badge (``group`` when retired)."""
    number = number or page_id.rpartition("/")[2]
    cells = [number, group, f"[[Recs/{page_id}|{text}]]"]
    badge = "{{Recommendation status/badge|" + status + "}}"
    return "| " + " || ".join(c for c in cells if c) + f" {badge}"


def rows(page: str) -> list[str]:
    """The index's item rows (one line per item), up to their status badges, without the
    markup that lays them out."""
    shown = [
        " ".join(re.sub(r"</?(?:div|span)[^>]*>", " ", line).split())
        for line in page.splitlines()
        if line.startswith("| ") and "[[Recs/" in line and "/badge|" in line
    ]
    return [line[: line.index("}}") + 2] for line in shown]


# --- the first run ----------------------------------------------------------------------


def test_first_run_creates_a_page_per_item_and_the_index() -> None:
    result = plan(SOURCE, {}, 100)

    assert [(c.action, c.title, c.summary) for c in result.changes] == [
        (
            Action.CREATE,
            "Recs/Advocacy/1",
            f"recsync: new page for Advocacy no. 1, as of {link(100)}",
        ),
        (
            Action.CREATE,
            "Recs/Advocacy/2",
            f"recsync: new page for Advocacy no. 2, as of {link(100)}",
        ),
        (
            Action.CREATE,
            "Recs/Advocacy/3",
            f"recsync: new page for Advocacy no. 3, as of {link(100)}",
        ),
        (
            Action.CREATE,
            "Recs/Diversity/1",
            f"recsync: new page for Diversity no. 1, as of {link(100)}",
        ),
        (
            Action.CREATE,
            "Recs/Diversity/2",
            f"recsync: new page for Diversity no. 2, as of {link(100)}",
        ),
        (
            Action.CREATE,
            "Recs/Index",
            f"recsync: index created: 5 recommendations, as of {link(100)}",
        ),
    ]
    assert link(100) == "[[Special:PermanentLink/100|source revision 100]]"
    assert (result.source_revision, result.items) == (100, 5)


def test_first_run_subpage_and_index_text() -> None:
    result = plan(SOURCE, {}, 100)

    assert change(result, "Recs/Advocacy/3").new_text == (
        FIXTURES / "first_sync.Advocacy-3.wiki"
    ).read_text(encoding="utf-8")
    assert change(result, "Recs/Index").new_text == (FIXTURES / "first_sync.Index.wiki").read_text(
        encoding="utf-8"
    )


def test_a_second_run_on_the_same_revision_writes_nothing() -> None:
    result = plan(SOURCE, first_run(), 100)

    assert result.writes == []
    assert result.count(Action.UNCHANGED) == 6


def test_a_source_edit_that_changes_no_item_writes_nothing() -> None:
    source = SOURCE.replace("as drafted by the working groups.", "as drafted in 2019.\n<!-- x -->")

    result = plan(source, first_run(), 101)

    assert result.writes == []  # not even the index's revision link


# --- source edits -----------------------------------------------------------------------


def test_a_reworded_item_updates_its_page_and_one_index_row() -> None:
    source = SOURCE.replace(REPORT, "Publish a yearly report on our policy work")

    result = plan(source, first_run(), 101)

    assert writes(result) == {"Recs/Advocacy/2": Action.UPDATE, "Recs/Index": Action.UPDATE}
    page = change(result, "Recs/Advocacy/2")
    assert page.summary == f"recsync: Advocacy no. 2 reworded, as of {link(101)}"
    assert diff(page) == [
        "-| text = Publish a yearly report on policy work",
        "+| text = Publish a yearly report on our policy work",
        "-| source_revision = 100",
        "+| source_revision = 101",
    ]
    index = change(result, "Recs/Index")
    assert index.summary == f"recsync: index: Advocacy no. 2 reworded, as of {link(101)}"
    assert rows("\n".join(line[1:] for line in diff(index) if "[[Recs/" in line)) == [
        row("Advocacy/2", "Publish a yearly report on policy work"),
        row("Advocacy/2", "Publish a yearly report on our policy work"),
    ]
    # the row's two lines (the text, and what the bot remembers of the page in its
    # attributes) and the revision in the header line
    assert len(diff(index)) == 6
    assert [line.startswith(("-|- data-id=\"Advocacy/2\"", "+|- data-id=\"Advocacy/2\""))
            for line in diff(index)].count(True) == 2  # fmt: skip


def test_a_reorder_renumbers_nothing() -> None:
    source = SOURCE.replace(
        "* Build a campaign team for global advocacy\n* Publish a yearly report on policy work\n",
        "* Publish a yearly report on policy work\n* Build a campaign team for global advocacy\n",
    )

    result = plan(source, first_run(), 101)

    # The index lists each group by number: it reads as before, and is not edited.
    assert writes(result) == {}
    assert rows(change(result, "Recs/Index").new_text or "")[:2] == [
        row("Advocacy/1", "Build a campaign team for global advocacy"),
        row("Advocacy/2", "Publish a yearly report on policy work"),
    ]


def test_an_inserted_item_gets_the_next_free_number() -> None:
    source = SOURCE.replace(
        "== Advocacy ==\n", "== Advocacy ==\n* Open a policy office in Brussels\n"
    )

    result = plan(source, first_run(), 101)

    assert writes(result) == {"Recs/Advocacy/4": Action.CREATE, "Recs/Index": Action.UPDATE}
    assert change(result, "Recs/Advocacy/4").summary == (
        f"recsync: new page for Advocacy no. 4, as of {link(101)}"
    )
    created = read_call(change(result, "Recs/Advocacy/4").new_text or "", TEMPLATE)
    assert created is not None
    assert (created.get("id"), created.get("number"), created.get("text")) == (
        "Advocacy/4",
        "4",
        "Open a policy office in Brussels",
    )


def test_an_item_added_in_the_middle_is_listed_by_its_number_on_the_index_and_in_reports() -> None:
    source = SOURCE.replace(
        "* Publish a yearly report on policy work\n",
        "* Publish a yearly report on policy work\n* Open a policy office in Brussels\n",
    ).replace("local advocates in every region", "local advocates in each region")

    result = plan(source, first_run(), 101)

    index = change(result, "Recs/Index").new_text or ""
    advocacy = index.split("== Advocacy ==")[1].split("== Diversity ==")[0]
    assert [line.split(" || ")[0] for line in rows(advocacy)] == ["| 1", "| 2", "| 3", "| 4"]
    # the run's output, the reports and the status page list the pages in the same order:
    # Advocacy/3 (reworded) before Advocacy/4 (new), though the source has 4 above 3
    subpages = [c.item_id for c in result.changes if c.title != "Recs/Index"]
    assert subpages == [
        "Advocacy/1", "Advocacy/2", "Advocacy/3", "Advocacy/4", "Diversity/1", "Diversity/2"
    ]  # fmt: skip
    listed = [line.split()[:3] for line in plan_text(result, diffs=False).splitlines()[:3]]
    assert listed == [
        ["would", "update", "[[Recs/Advocacy/3]]:"],
        ["would", "create", "[[Recs/Advocacy/4]]:"],
        ["would", "update", "[[Recs/Index]]:"],
    ]


def test_a_deleted_item_is_retired_not_blanked() -> None:
    source = SOURCE.replace(f"* {REPORT}\n", "")

    result = plan(source, first_run(), 101)

    assert writes(result) == {"Recs/Advocacy/2": Action.RETIRE, "Recs/Index": Action.UPDATE}
    page = change(result, "Recs/Advocacy/2")
    assert page.summary == (
        f"recsync: Advocacy no. 2 is no longer on the source page, as of {link(101)}"
    )
    # The last revision that had it stays as source_revision.
    assert diff(page) == ["-| in_source = yes", "+| in_source = no"]
    index = change(result, "Recs/Index").new_text or ""
    retired = index.split("== {{Recommendation status/i18n|index-retired}} ==")[1]
    assert rows(retired) == [row("Advocacy/2", REPORT, group="Advocacy")]
    assert "''{{Recommendation status/i18n|index-intro|4|Special:PermanentLink/101|101|" in index


def test_a_retired_item_stays_retired_quietly() -> None:
    source = SOURCE.replace(f"* {REPORT}\n", "")
    wiki = save(plan(source, first_run(), 101), first_run())

    assert plan(source, wiki, 102).writes == []


def test_a_restored_item_gets_its_page_back() -> None:
    source = SOURCE.replace(f"* {REPORT}\n", "")
    wiki = save(plan(source, first_run(), 101), first_run())

    result = plan(SOURCE, wiki, 102)

    assert writes(result) == {"Recs/Advocacy/2": Action.UPDATE, "Recs/Index": Action.UPDATE}
    page = change(result, "Recs/Advocacy/2")
    assert page.summary == (
        f"recsync: Advocacy no. 2 is back on the source page, as of {link(102)}"
    )
    assert diff(page) == [
        "-| source_revision = 100",
        "-| in_source = no",
        "+| source_revision = 102",
        "+| in_source = yes",
    ]
    assert "No longer on the source page" not in (change(result, "Recs/Index").new_text or "")


def test_ids_are_never_reused() -> None:
    # Delete the last item of a group, then add a new one: it gets 4, not 3.
    without_3 = SOURCE.replace("* Train local advocates in every region\n", "")
    wiki = save(plan(without_3, first_run(), 101), first_run())
    source = without_3.replace(
        "== Diversity ==", "* Open a policy office in Brussels\n\n== Diversity =="
    )

    result = plan(source, wiki, 102)

    assert writes(result) == {"Recs/Advocacy/4": Action.CREATE, "Recs/Index": Action.UPDATE}


def test_a_replaced_item_in_one_edit_is_retired_and_the_new_one_gets_a_new_number() -> None:
    source = SOURCE.replace(
        "Train local advocates in every region", "Open a policy office in Brussels"
    )

    result = plan(source, first_run(), 101)

    assert writes(result) == {
        "Recs/Advocacy/4": Action.CREATE,
        "Recs/Advocacy/3": Action.RETIRE,
        "Recs/Index": Action.UPDATE,
    }


def test_an_item_moved_to_another_group_keeps_its_id_and_page() -> None:
    source = SOURCE.replace(f"* {REPORT}\n", "") + f"* {REPORT}\n"

    result = plan(source, first_run(), 101)

    assert writes(result) == {"Recs/Advocacy/2": Action.UPDATE, "Recs/Index": Action.UPDATE}
    page = change(result, "Recs/Advocacy/2")
    assert page.summary == (
        f"recsync: Advocacy no. 2 moved from Advocacy to Diversity, as of {link(101)}"
    )
    assert diff(page) == [
        "-| group = Advocacy",
        "+| group = Diversity",
        "-| source_revision = 100",
        "+| source_revision = 101",
    ]
    diversity = (change(result, "Recs/Index").new_text or "").split("== Diversity ==")[1]
    # named by its page, after the group's own numbers (no two 2s in the table)
    assert rows(diversity)[-1] == row("Advocacy/2", REPORT, number="Advocacy/2")


# --- what editors did -------------------------------------------------------------------


#: The skeleton's last line: the discussion's intro, in the reader's language.
DISCUSSION_INTRO = "{{Recommendation status/i18n|subpage-discussion-intro}}</div>"


def editors_at_work(wiki: Wiki) -> Wiki:
    wiki = edit(wiki, "Recs/Advocacy/2", "| status = proposed\n", (
        "| status = In progress\n"
        "| notes = Drafting started.<ref>Minutes of 3 May</ref>\n* chapter 1 done\n"
        "|owner=[[User:Jane|Jane]]\n"
    ))  # fmt: skip
    return edit(
        wiki,
        "Recs/Advocacy/2",
        DISCUSSION_INTRO,
        DISCUSSION_INTRO + "\n\n"
        "=== Who writes it? ===\nI can. --[[User:Jane|Jane]] 10:00, 3 May 2020 (UTC)",
    )


def test_editors_params_and_discussion_survive_a_source_change() -> None:
    wiki = editors_at_work(first_run())
    source = SOURCE.replace(REPORT, "Publish a yearly report on our policy work")

    result = plan(source, wiki, 101)

    page = change(result, "Recs/Advocacy/2")
    assert page.action == Action.UPDATE
    assert diff(page) == [
        "-| text = Publish a yearly report on policy work",
        "+| text = Publish a yearly report on our policy work",
        "-| source_revision = 100",
        "+| source_revision = 101",
    ]
    index = change(result, "Recs/Index").new_text or ""
    assert row("Advocacy/2", "Publish a yearly report on our policy work", "In progress") in rows(
        index
    )
    advocacy = next(line for line in index.splitlines() if "| [[#Advocacy|" in line)
    assert advocacy.endswith(
        "|| 2&nbsp;(67&nbsp;%) || – || – || 1&nbsp;(33&nbsp;%) || – || – || – || 3"
    )


def test_a_status_change_alone_updates_only_the_index() -> None:
    wiki = edit(first_run(), "Recs/Diversity/1", "| status = proposed", "| status = adopted")

    result = plan(SOURCE, wiki, 100)

    assert writes(result) == {"Recs/Index": Action.UPDATE}
    assert change(result, "Recs/Index").summary == (
        f"recsync: index: Diversity no. 1 adopted, as of {link(100)}"
    )


def test_an_editor_overwriting_an_owned_field_is_set_right() -> None:
    wiki = edit(first_run(), "Recs/Advocacy/1", "| group = Advocacy", "| group = Advocacy (moved?)")

    result = plan(SOURCE, wiki, 100)

    assert writes(result) == {"Recs/Advocacy/1": Action.UPDATE}
    assert diff(change(result, "Recs/Advocacy/1")) == [
        "-| group = Advocacy (moved?)",
        "+| group = Advocacy",
    ]


def test_a_page_that_keeps_bots_out_is_skipped() -> None:
    wiki = first_run()
    wiki["Recs/Advocacy/2"] = replace(wiki["Recs/Advocacy/2"], bots_allowed=False)
    wiki["Recs/Index"] = replace(wiki["Recs/Index"], bots_allowed=False)
    source = SOURCE.replace(REPORT, "Publish a yearly report on our policy work")

    result = plan(source, wiki, 101)

    assert result.writes == []
    assert change(result, "Recs/Advocacy/2").action == Action.SKIPPED
    assert "nobots" in change(result, "Recs/Advocacy/2").reason
    assert change(result, "Recs/Index").action == Action.SKIPPED


def test_a_retirement_is_skipped_on_a_page_that_keeps_bots_out() -> None:
    wiki = first_run()
    wiki["Recs/Advocacy/2"] = replace(wiki["Recs/Advocacy/2"], bots_allowed=False)

    result = plan(SOURCE.replace(f"* {REPORT}\n", ""), wiki, 101)

    assert change(result, "Recs/Advocacy/2").action == Action.SKIPPED
    assert writes(result) == {"Recs/Index": Action.UPDATE}


# --- pages the bot cannot use -----------------------------------------------------------


def test_two_pages_claiming_one_id_are_an_error_for_the_second() -> None:
    wiki = first_run()
    copy = wiki["Recs/Advocacy/2"].text
    wiki["Recs/Advocacy/2 (copy)"] = PageState("Recs/Advocacy/2 (copy)", copy, 1)

    result = plan(SOURCE, wiki, 100)

    error = change(result, "Recs/Advocacy/2 (copy)")
    assert error.action == Action.ERROR
    assert error.reason == "id 'Advocacy/2' is already used by [[Recs/Advocacy/2]]"
    assert result.writes == []


def test_the_page_named_after_the_id_keeps_it_over_a_copy_that_sorts_first() -> None:
    wiki = editors_at_work(first_run())
    copy = wiki["Recs/Advocacy/1"].text or ""
    wiki["Recs/Advocacy/0 draft"] = PageState("Recs/Advocacy/0 draft", copy, 1)

    result = plan(SOURCE, wiki, 100)

    assert change(result, "Recs/Advocacy/0 draft").action == Action.ERROR
    assert change(result, "Recs/Advocacy/1").action == Action.UNCHANGED


def test_a_page_with_two_calls_is_an_error() -> None:
    wiki = edit(
        first_run(),
        "Recs/Diversity/1",
        "|subpage-discussion}} ==\n",
        "|subpage-discussion}} ==\nCopy: {{Recommendation status|id=Diversity/1|status=no}}\n",
    )

    result = plan(SOURCE, wiki, 100)

    error = change(result, "Recs/Diversity/1")
    assert (error.action, error.new_text) == (Action.ERROR, None)
    assert "2 calls" in error.reason
    assert result.count(Action.CREATE) == 0  # its item is known: no second page for it


def test_pages_below_the_prefix_without_the_call_are_not_the_bots() -> None:
    wiki = first_run()
    wiki["Recs/FAQ"] = PageState("Recs/FAQ", "Questions and answers.", 1)
    wiki["Recs/Advocacy/1/Archive"] = PageState("Recs/Advocacy/1/Archive", "Old talk.", 1)

    result = plan(SOURCE, wiki, 100)

    assert result.writes == []
    assert {c.title for c in result.changes} == {
        "Recs/Advocacy/1",
        "Recs/Advocacy/2",
        "Recs/Advocacy/3",
        "Recs/Diversity/1",
        "Recs/Diversity/2",
        "Recs/Index",
    }


def test_an_index_page_with_one_marker_is_an_error_and_the_subpages_go_on() -> None:
    wiki = edit(first_run(), "Recs/Index", "<!-- recsync:end -->", "")
    source = SOURCE.replace(REPORT, "Publish a yearly report on our policy work")

    result = plan(source, wiki, 101)

    assert change(result, "Recs/Index").action == Action.ERROR
    assert "fix the page by hand" in change(result, "Recs/Index").reason
    assert writes(result) == {"Recs/Advocacy/2": Action.UPDATE}


def test_an_existing_index_page_keeps_the_editors_text() -> None:
    index = "Intro by editors.\n\n== Talk ==\nNice table. ~~~~\n"
    result = plan(SOURCE, {"Recs/Index": PageState("Recs/Index", index, 1)}, 100)

    new = change(result, "Recs/Index")
    assert new.action == Action.UPDATE
    assert (new.new_text or "").startswith(index + "\n<!-- recsync:begin -->\n")


def test_a_title_pattern_outside_the_prefix_is_refused() -> None:
    job = replace(JOB, title_pattern="Elsewhere/{group}/{number}")  # not validated

    with pytest.raises(PlanError, match=r"refusing to write \[\[Elsewhere/Advocacy/1\]\]"):
        plan(SOURCE, {}, 100, job)


# --- odd source text --------------------------------------------------------------------

ODD_GROUPS = """== Capacity/Building ==
* Run a mentoring programme
== [Draft] Ideas ==
* Hold a hackathon
"""


def test_group_names_that_are_not_valid_titles() -> None:
    result = plan(ODD_GROUPS, {}, 100)

    assert writes(result) == {
        "Recs/Capacity-Building/1": Action.CREATE,
        "Recs/(Draft) Ideas/1": Action.CREATE,
        "Recs/Index": Action.CREATE,
    }
    call = read_call(change(result, "Recs/Capacity-Building/1").new_text or "", TEMPLATE)
    assert call is not None
    assert (call.get("id"), call.get("group")) == ("Capacity-Building/1", "Capacity/Building")
    assert plan(ODD_GROUPS, save(result, {}), 100).writes == []


HOSTILE = "}} | [[Category:X]] ~~~~ __NOTOC__ <noinclude> {{Delete}} x=y"


def markup(page: str) -> dict[str, object]:
    code = mwparserfromhell.parse(page)
    return {
        "templates": [
            (str(t.name).strip(), [str(p.name).strip() for p in t.params])
            for t in code.filter_templates(recursive=True)
        ],
        "links": [str(link.title) for link in code.filter_wikilinks(recursive=True)],
        "tags": [str(tag.tag) for tag in code.filter_tags(recursive=True)],
        "lines": page.count("\n"),
    }


def test_hostile_item_text_shows_as_text_on_the_subpage_and_in_the_index() -> None:
    hostile = "== Advocacy ==\n* <nowiki>" + HOSTILE + "</nowiki>\n"
    plain = "== Advocacy ==\n* plain text\n"
    assert parse_source(hostile).items[0].text == HOSTILE

    result, expected = plan(hostile, {}, 100), plan(plain, {}, 100)

    for title in ("Recs/Advocacy/1", "Recs/Index"):
        page = change(result, title).new_text or ""
        assert markup(page) == markup(change(expected, title).new_text or "")
        assert not re.search(r"\[\[\s*Category:", page, re.IGNORECASE)
        assert "__NOTOC__" not in page
    call = read_call(change(result, "Recs/Advocacy/1").new_text or "", TEMPLATE)
    assert call is not None and call.get("text") == HOSTILE
    # And it is read back as the same text: the next run writes nothing.
    assert plan(hostile, save(result, {}), 100).writes == []


# --- properties -------------------------------------------------------------------------

WORDS = st.sampled_from(
    ["report", "policy", "train", "advocates", "fund", "language", "yearly", "global", "team"]
)
ENTRIES = st.lists(
    st.tuples(
        st.sampled_from(["Advocacy", "Diversity", "Capacity/Building"]),
        st.lists(WORDS, min_size=1, max_size=5).map(" ".join),
    ),
    max_size=10,
)


def source_page(entries: list[tuple[str, str]]) -> str:
    lines = []
    for group in dict.fromkeys(group for group, _ in entries):
        lines.append(f"== {group} ==")
        lines += [f"* {text}" for g, text in entries if g == group]
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(ENTRIES, ENTRIES)
def test_after_any_source_edit_a_second_run_writes_nothing(
    before: list[tuple[str, str]], after: list[tuple[str, str]]
) -> None:
    # Two entries with the same text (the parser warns) are told apart by their order
    # only, so a run after such an edit may still swap their rows: left out here.
    assume(len({text for _, text in after}) == len(after))
    wiki = save(plan(source_page(before), {}, 100), {})

    result = plan(source_page(after), wiki, 101)
    wiki = save(result, wiki)

    assert plan(source_page(after), wiki, 101).writes == []
    assert all(c.action != Action.ERROR for c in result.changes)
    current = [
        call
        for call in (read_call(p.text or "", TEMPLATE) for p in wiki.values())
        if call is not None and call.in_source
    ]
    assert sorted(c.get("text") for c in current) == sorted(text for _, text in after)
    assert len({c.get("id") for c in current}) == len(current)


# --- guard rails -------------------------------------------------------------------------


def test_guard_lets_an_ordinary_deletion_through() -> None:
    one_gone = SOURCE.replace("* Fund small language projects\n", "")

    result = plan(one_gone, first_run(), 101)

    assert result.count(Action.RETIRE) == 1
    assert retire_guard(result, 0.2) is None


def test_guard_refuses_a_blanked_source() -> None:
    result = plan("", first_run(), 101)

    reason = retire_guard(result, 0.2)

    assert reason is not None
    assert "has no recommendation now (5 at the last sync)" in reason


def test_guard_refuses_losing_more_than_the_share() -> None:
    gutted = "== Advocacy ==\n* Build a campaign team for global advocacy\n"

    result = plan(gutted, first_run(), 101)

    assert retire_guard(result, 0.2) == (
        f"4 of the 5 recommendations would leave [[{SOURCE_TITLE}]] at once, more than 20%: "
        "check the source page's history"
    )
    assert retire_guard(result, 0.9) is None


def test_an_index_of_the_first_format_moves_to_the_new_layout_and_says_so() -> None:
    wiki = first_run()
    rows = read_rows(wiki["Recs/Index"].text or "")
    first_format = "\n".join(
        [
            "Intro written by editors.",
            BEGIN,
            '{| class="wikitable sortable"',
            "! Id !! Group !! Recommendation !! Status",
            *(f"|-\n| {r.id} || {r.group} || [[{r.title}|{r.text}]] || {r.status}" for r in rows),
            "|}",
            END,
        ]
    )
    wiki["Recs/Index"] = PageState("Recs/Index", first_format, 7)

    index = change(plan(SOURCE, wiki, 100), "Recs/Index")

    assert index.summary == (
        f"recsync: index in its new layout: a summary, then a section per group, as of {link(100)}"
    )
    assert (index.new_text or "").startswith("Intro written by editors.\n" + BEGIN)
    assert plan(SOURCE, save(plan(SOURCE, wiki, 100), wiki), 100).writes == []


def test_a_heading_given_a_numbered_title_lists_its_pages_by_their_numbers() -> None:
    """``A_b`` takes the title ``A b (2)`` (``A b`` has ``A b``): its pages are at home there,
    so the index shows their numbers; a page kept from ``A b`` is shown by its id."""
    before = "== A b ==\n* Spaced one\n* Spaced two\n\n== A_b ==\n* First\n* Second\n"
    after = "== A b ==\n* Spaced one\n\n== A_b ==\n* First\n* Second\n* Spaced two\n"

    result = plan(after, save(plan(before, {}, 100), {}), 101)

    index = change(result, "Recs/Index").new_text or ""
    underscored = index.split("== A_b ==")[1]
    assert "Recs/A b (2)/1" in underscored
    assert [line.split(" || ")[0] for line in rows(underscored)] == ["| 1", "| 2", "| A b/2"]
