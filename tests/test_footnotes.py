"""A subpage's footnotes: with the box, their links kept, a reused one written once.

The fixtures in fixtures/footnotes/ are one item with a named footnote used twice (its
text holds a link) and a footnote with an external link: the page the bot creates for
it, and a page the bot wrote before footnotes kept their links and had their own row
(before), as the next run leaves it (after).  The box lists the footnotes when
``footnotes`` is set (templates/status.wiki), so an existing page gets them without a
byte changed outside the template call.
"""

from __future__ import annotations

from pathlib import Path

import mwparserfromhell
import pytest

from recsync.config import JobConfig
from recsync.footnotes import count_written
from recsync.model import Action, PageState, Plan
from recsync.plan import make_plan
from recsync.source import parse_source

FIXTURES = Path(__file__).parent / "fixtures" / "footnotes"
SKELETON = (Path(__file__).parents[1] / "templates" / "subpage.wiki").read_text(encoding="utf-8")
JOB = JobConfig(source="User:Ex/Recs", prefix="Recs")
TITLE = "Recs/Advocacy/1"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def plan(pages: list[PageState]) -> Plan:
    source = fixture("source.wiki")
    parsed = parse_source(source, source=JOB.source)
    return make_plan(JOB, parsed, PageState(JOB.source, source, 100), pages, SKELETON)


def subpage_change(result: Plan) -> tuple[Action, str]:
    [found] = [c for c in result.changes if c.title == TITLE]
    return found.action, found.new_text or ""


def subpage_summary(result: Plan) -> str:
    [found] = [c for c in result.changes if c.title == TITLE]
    return found.summary


def outside_the_call(text: str) -> str:
    code = mwparserfromhell.parse(text)
    [call] = code.filter_templates(recursive=False)
    return str(code).replace(str(call), "{{…}}")


def test_a_new_subpage_gets_its_footnotes_with_their_links_and_a_reused_one_once() -> None:
    action, text = subpage_change(plan([]))

    assert action == Action.CREATE
    assert text == fixture("Advocacy-1.created.wiki")


def test_an_old_subpage_moves_its_footnotes_into_the_box_in_one_edit_of_the_call() -> None:
    before = fixture("Advocacy-1.before.wiki")

    result = plan([PageState(TITLE, before, 5)])

    action, text = subpage_change(result)

    assert action == Action.UPDATE
    assert text == fixture("Advocacy-1.after.wiki")
    # the editors' part, the discussion's own footnote included, is byte for byte the same
    assert outside_the_call(text) == outside_the_call(before)
    assert subpage_summary(result) == (
        "recsync: Advocacy no. 1 now shows its footnotes in the box, with the source's links, "
        "as of [[Special:PermanentLink/100|source revision 100]]"
    )


def test_a_subpage_in_the_new_layout_is_left_alone() -> None:
    after = fixture("Advocacy-1.after.wiki")

    action, _ = subpage_change(plan([PageState(TITLE, after, 6)]))

    assert action == Action.UNCHANGED


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("no footnote", 0),
        ("a<ref>one</ref> b<ref>two</ref>", 2),
        ('a<ref name="x">one</ref> b<ref name="x" /> c<ref>two</ref>', 2),
    ],
)
def test_the_footnotes_parameter_counts_the_footnotes_a_reader_sees(text: str, count: int) -> None:
    assert count_written(text) == count
