"""A page the bot last read or wrote is not parsed again; an edit of it always is.

The index's rows remember each subpage's content (``data-seen``: the sha1 of its text and
a digest of the bot's parameters in it).  A later plan takes the call from the row when
the text the tree read brings has that sha1 and the index's latest revision is the bot's
own.  These scenarios play the bot's and the editors' edits on a dict that stands for
the wiki, as tests/test_plan.py does, with the bot's account saving the bot's edits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import recsync.existing
from recsync.config import JobConfig
from recsync.index import read_rows
from recsync.model import Action, PageState, Plan
from recsync.plan import PlanContext, make_plan
from recsync.seen import STALE_ROWS, content_sha1, item_key, memorable, seen_value, valid
from recsync.source import parse_source
from recsync.subpage import read_call

FIXTURES = Path(__file__).parent / "fixtures" / "plan"
SKELETON = (Path(__file__).parents[1] / "templates" / "subpage.wiki").read_text(encoding="utf-8")
SOURCE = (FIXTURES / "source.wiki").read_text(encoding="utf-8")
SOURCE_TITLE = "User:Ex/Recs"
JOB = JobConfig(source=SOURCE_TITLE, prefix="Recs")
BOT = "ExampleBot"
TEMPLATE = "Recommendation status"

Wiki = dict[str, PageState]


def plan(
    source: str, wiki: Wiki, revision: int, job: JobConfig = JOB, rendering: str = "v1"
) -> Plan:
    parsed = parse_source(source, source=SOURCE_TITLE)
    context = PlanContext(today="2026-12-01", bot_user=BOT, rendering=rendering)
    state = PageState(SOURCE_TITLE, source, revision)
    return make_plan(job, parsed, state, list(wiki.values()), SKELETON, context)


def save(result: Plan, wiki: Wiki, user: str = BOT) -> Wiki:
    """The wiki after the run's writes, saved by ``user`` (MediaWiki trims the end)."""
    after = dict(wiki)
    for change in result.writes:
        text = (change.new_text or "").rstrip()
        after[change.title] = PageState(change.title, text, 1, user=user, date="2026-12-01")
    return after


def edit(wiki: Wiki, title: str, old: str, new: str, user: str = "Editor") -> Wiki:
    text = wiki[title].text
    assert text is not None and old in text
    return {**wiki, title: replace(wiki[title], text=text.replace(old, new, 1), user=user)}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The titles of the subpages whose call the plan parses (read_call, counted)."""
    seen: list[str] = []
    real = recsync.existing.read_call

    def counted(text: str, template: str, strict: bool = True):  # type: ignore[no-untyped-def]
        call = real(text, template, strict)
        seen.append(call.get("id") if call is not None else "?")
        return call

    monkeypatch.setattr(recsync.existing, "read_call", counted)
    yield seen


def status_of(wiki: Wiki, title: str) -> str:
    call = read_call(wiki[title].text or "", TEMPLATE)
    assert call is not None
    return call.get("status")


def index_rows(result: Plan) -> dict[str, tuple[str, str]]:
    """Each row of the index the plan writes: id -> (status, data-seen)."""
    [index] = [c for c in result.changes if c.title == "Recs/Index"]
    return {row.id: (row.status, row.seen) for row in read_rows(index.new_text or "")}


def big_source(items: int) -> str:
    lines = []
    for number in range(items):
        if number % 100 == 0:
            lines.append(f"== Working group {number // 100 + 1} ==")
        lines.append(f"* Recommendation {number + 1}: build [[Capacity|capacity]] for '''all'''")
    return "\n".join(lines) + "\n"


# --- the memory itself -------------------------------------------------------------------


def test_the_sha1_is_of_the_text_as_mediawiki_stores_it() -> None:
    assert content_sha1("{{X}}\n\n") == content_sha1("{{X}}")
    assert content_sha1("{{X}} \t\n") == content_sha1("{{X}}")
    assert content_sha1("\n{{X}}") != content_sha1("{{X}}")  # only the end is trimmed
    assert content_sha1("{{X}}") != content_sha1("{{Y}}")
    assert len(content_sha1("")) == 20


def test_a_value_is_the_sha1_then_the_key_and_nothing_else_is_read() -> None:
    value = seen_value("{{X}}", item_key(["A/1", "Advocacy", "1", "Do it"]))

    assert re.fullmatch(r"[0-9a-f]{20}-[0-9a-f]{16}", value)
    assert item_key(["A/1", "Advocacy", "1", "Do it"]) != item_key(["A/1", "Advocacy", "1Do it"])
    assert valid(value) == value
    assert valid(value.upper()) == ""
    assert valid(value + " ") == ""
    assert valid("9" * 20) == "9" * 20  # a retired page: no parameters to compare


@pytest.mark.parametrize(
    ("call", "remembered"),
    [
        ({"id": "A/3", "number": "3", "text": "Do it"}, True),
        ({"id": "A/3", "number": "3", "text": "Do it", "anchor": "hub"}, False),  # matching
        ({"number": "3", "text": "Do it"}, False),  # no id of its own: the title's
        ({"id": "A/3", "number": "4", "text": "Do it"}, False),  # a number an editor set
        ({"id": "A/3", "number": "3", "text": ""}, False),  # the index shows the id instead
    ],
)
def test_only_a_call_the_row_describes_exactly_is_remembered(
    call: dict[str, str], remembered: bool
) -> None:
    assert memorable("A/3", call) is remembered


# --- the first run and a no-op -----------------------------------------------------------


def test_a_first_sync_remembers_every_page_it_creates() -> None:
    result = plan(SOURCE, {}, 100)
    wiki = save(result, {})

    rows = index_rows(result)
    assert len(rows) == 5
    for page_id, (_, seen) in rows.items():
        text = wiki[f"Recs/{page_id}"].text or ""
        assert seen.startswith(content_sha1(text) + "-")


def test_a_no_op_parses_no_subpage(parses: list[str]) -> None:
    wiki = save(plan(SOURCE, {}, 100), {})

    again = plan(SOURCE, wiki, 101)

    assert parses == []
    assert all(c.action == Action.UNCHANGED for c in again.changes)


def test_an_editor_s_status_is_seen_on_the_next_run(parses: list[str]) -> None:
    wiki = save(plan(SOURCE, {}, 100), {})
    wiki = edit(wiki, "Recs/Advocacy/2", "| status = proposed", "| status = adopted")

    again = plan(SOURCE, wiki, 100)

    assert parses == ["Advocacy/2"]  # the one page whose text is not the remembered one
    assert {c.title for c in again.writes} == {"Recs/Index"}
    assert index_rows(again)["Advocacy/2"][0] == "adopted"
    assert index_rows(again)["Advocacy/2"][1].startswith(
        content_sha1(wiki["Recs/Advocacy/2"].text or "")
    )


def test_memory_someone_else_wrote_is_not_trusted(parses: list[str]) -> None:
    """A forged row: the page's status changed, and the row names the new text's sha1."""
    wiki = save(plan(SOURCE, {}, 100), {})
    wiki = edit(wiki, "Recs/Advocacy/2", "| status = proposed", "| status = rejected")
    forged = content_sha1(wiki["Recs/Advocacy/2"].text or "")
    index = wiki["Recs/Index"].text or ""
    line = next(x for x in index.splitlines() if 'data-id="Advocacy/2"' in x)
    index = index.replace(line, re.sub(r'data-seen="[0-9a-f]{20}', f'data-seen="{forged}', line))
    wiki["Recs/Index"] = replace(wiki["Recs/Index"], text=index, user="Forger")

    again = plan(SOURCE, wiki, 100)

    assert sorted(parses) == ["Advocacy/1", "Advocacy/2", "Advocacy/3", "Diversity/1",
                              "Diversity/2"]  # fmt: skip
    assert index_rows(again)["Advocacy/2"][0] == "rejected"


def test_the_bot_s_own_forged_looking_row_is_checked_against_the_page(
    parses: list[str],
) -> None:
    """The bot's index names a sha1 the page no longer has: the page is read."""
    wiki = save(plan(SOURCE, {}, 100), {})
    wiki = edit(wiki, "Recs/Diversity/1", "| status = proposed", "| status = in progress")

    again = plan(SOURCE, wiki, 100)

    assert parses == ["Diversity/1"]
    assert index_rows(again)["Diversity/1"][0] == "in progress"


# --- what the source changes -------------------------------------------------------------


def test_a_changed_item_is_updated_though_its_page_is_remembered(parses: list[str]) -> None:
    wiki = save(plan(SOURCE, {}, 100), {})
    source = SOURCE.replace(
        "Publish a yearly report on policy work",
        "Publish a yearly [[Report|report]] on policy work",
    )

    again = plan(source, wiki, 101)

    assert parses == ["Advocacy/2"]  # read to be merged: the item's markup changed
    [page] = again.writes  # the index shows the same: it is not saved for its memory alone
    assert page.title == "Recs/Advocacy/2"
    assert "[[Report|report]]" in (page.new_text or "")
    parses.clear()

    plan(source, save(again, wiki), 101)

    # Until the index is next saved for a change readers see, that page is read each run.
    assert parses == ["Advocacy/2"]


def test_a_retired_page_is_remembered_and_comes_back(parses: list[str]) -> None:
    wiki = save(plan(SOURCE, {}, 100), {})
    shorter = SOURCE.replace("* Publish a yearly report on policy work\n", "")
    wiki = save(plan(shorter, wiki, 101), wiki)
    parses.clear()

    again = plan(shorter, wiki, 101)

    assert parses == []
    assert all(c.action == Action.UNCHANGED for c in again.changes)

    back = plan(SOURCE, wiki, 102)

    assert parses == ["Advocacy/2"]
    assert [c.action for c in back.writes if c.title == "Recs/Advocacy/2"] == [Action.UPDATE]


def test_an_item_with_an_anchor_is_always_read(parses: list[str]) -> None:
    source = SOURCE.replace(
        "* Publish a yearly report", "* {{anchor|report}}Publish a yearly report"
    )
    wiki = save(plan(source, {}, 100), {})

    again = plan(source, wiki, 100)

    assert parses == ["Advocacy/2"]
    assert index_rows(again)["Advocacy/2"][1] == ""
    assert all(c.action == Action.UNCHANGED for c in again.changes)


# --- when the memory alone changes -------------------------------------------------------


def test_an_editor_s_note_costs_a_parse_not_an_edit(parses: list[str]) -> None:
    wiki = save(plan(SOURCE, {}, 100), {})
    wiki = edit(wiki, "Recs/Advocacy/1", "| status = proposed", "| status = proposed\n| notes = ok")

    again = plan(SOURCE, wiki, 100)

    assert parses == ["Advocacy/1"]
    assert not again.writes  # the index only remembers an older text of the page

    wiki = edit(wiki, "Recs/Advocacy/3", "| status = proposed", "| status = adopted")
    later = plan(SOURCE, wiki, 100)

    assert {c.title for c in later.writes} == {"Recs/Index"}
    assert index_rows(later)["Advocacy/1"][1].startswith(
        content_sha1(wiki["Recs/Advocacy/1"].text or "")
    )  # the memory is brought up to date with the next edit


def without_memory(wiki: Wiki) -> Wiki:
    index = re.sub(r' data-seen="[^"]*"', "", wiki["Recs/Index"].text or "")
    return {**wiki, "Recs/Index": replace(wiki["Recs/Index"], text=index)}


def test_an_index_without_memory_gets_it_once_if_it_lists_many_pages() -> None:
    source = big_source(STALE_ROWS)
    first = save(plan(source, {}, 100), {})

    again = plan(source, without_memory(first), 100)

    [change] = again.writes
    assert change.title == "Recs/Index"
    assert "remembers what the subpages say" in change.summary
    assert index_rows(again) == index_rows(plan(source, {}, 100))


def test_a_few_pages_wait_for_the_next_edit_of_the_index() -> None:
    first = save(plan(SOURCE, {}, 100), {})

    assert plan(SOURCE, without_memory(first), 100).writes == []


def test_a_recsync_that_renders_otherwise_reads_every_page_and_remembers_anew(
    parses: list[str],
) -> None:
    source = big_source(STALE_ROWS)
    wiki = save(plan(source, {}, 100), {})

    again = plan(source, wiki, 100, rendering="v2")

    assert len(parses) == STALE_ROWS  # each item's parameters made again, each page compared
    [index] = again.writes  # nothing to change on the pages; the memory is saved
    assert "remembers what the subpages say" in index.summary
    parses.clear()

    plan(source, save(again, wiki), 100, rendering="v2")

    assert parses == []


def test_a_row_that_does_not_say_what_the_page_says_makes_the_plan_parse_all(
    parses: list[str],
) -> None:
    """A remembered page read after all (its item changed) is not as its row says: the
    row was wrong, so no row is trusted and the plan is made again from parsed pages."""
    wiki = save(plan(SOURCE, {}, 100), {})
    index = (wiki["Recs/Index"].text or "").replace(
        'data-id="Advocacy/2" data-group="Advocacy" data-title="Recs/Advocacy/2" '
        'data-status="proposed"',
        'data-id="Advocacy/2" data-group="Advocacy" data-title="Recs/Advocacy/2" '
        'data-status="adopted"',
    )
    wiki["Recs/Index"] = replace(wiki["Recs/Index"], text=index)
    source = SOURCE.replace("yearly report on policy work", "yearly report on our policy work")

    again = plan(source, wiki, 101)

    assert index_rows(again)["Advocacy/2"][0] == "proposed"  # what the page says
    assert len(parses) == 1 + 5  # the page read after all, then every page


# --- at scale ----------------------------------------------------------------------------


def test_at_10000_items_one_status_changed_between_two_runs_is_seen(parses: list[str]) -> None:
    source = big_source(10000)
    wiki = save(plan(source, {}, 100), {})
    title = "Recs/Working group 57/42"
    wiki = edit(wiki, title, "| status = proposed", "| status = adopted")
    parses.clear()

    again = plan(source, wiki, 100)

    assert parses == ["Working group 57/42"]
    assert {c.title for c in again.writes} == {"Recs/Index"}
    assert index_rows(again)["Working group 57/42"][0] == "adopted"
    assert status_of(wiki, title) == "adopted"
