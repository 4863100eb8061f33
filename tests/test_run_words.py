"""Words match what happened: a run that saved nothing says what it would do, counts are
said with the right plural, the parser's warnings reach every report and the status page."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from recsync.config import JobConfig
from recsync.model import PageState, ParseWarning, Plan, RunSummary, plural
from recsync.plan import make_plan
from recsync.report import (
    plan_text,
    report_html,
    report_json,
    report_markdown,
    report_wikitext,
)
from recsync.resources import template_text
from recsync.source import parse_source
from recsync.status import status_text

SOURCE_TITLE = "User:Editor/Source"
WARNED = "== Advocacy ==\n* Create an advocacy hub {{citation needed}}\n* Protect advocates\n"
WARNING = "template {{Citation needed}} left out of the item's text"
WHEN = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def warned_plan() -> Plan:
    parsed = parse_source(WARNED, source=SOURCE_TITLE)
    return make_plan(
        JobConfig(source=SOURCE_TITLE), parsed, PageState(SOURCE_TITLE, WARNED, 12), [],
        template_text("subpage.wiki"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("count", "word", "said"),
    [(0, "request", "0 requests"), (1, "request", "1 request"), (2, "request", "2 requests"),
     (1, "retry", "1 retry"), (3, "retry", "3 retries"), (2, "day", "2 days")],
)  # fmt: skip
def test_counts_take_the_right_plural(count: int, word: str, said: str) -> None:
    assert plural(count, word) == said


def test_a_run_that_edited_says_what_it_did() -> None:
    line = RunSummary("default", created=6, requests=1, reads=1).line()

    assert line == (
        "default: 6 created, 0 updated, 0 retired, 0 unchanged, 0 skipped, 0 deleted, "
        "0 conflicts, 0 errors; 1 request (1 read, 0 writes)"
    )


@pytest.mark.parametrize("mode", ["dry run", "refused", "simulate", "preview"])
def test_a_run_that_saved_nothing_says_would_and_its_json_says_so(mode: str) -> None:
    summary = RunSummary("default", created=6, updated=1, dry_run=mode)

    line = summary.line()
    data = summary.to_json()

    assert line.startswith(f"default ({mode}): would create 6, would update 1, would retire 0, ")
    assert "created" not in line and "updated" not in line
    assert data["dry_run"] is True and data["mode"] == mode
    assert data["created"] == 6  # what it would create
    assert RunSummary("default", created=6).to_json()["dry_run"] is False


def test_declined_and_deferred_pages_are_counted_where_they_happened() -> None:
    summary = RunSummary("default", created=1, declined=2, deferred=3)

    assert ", 2 declined, 3 deferred;" in summary.line()
    assert summary.to_json()["declined"] == 2
    assert "declined" not in RunSummary("default").line()  # shown when not 0


def test_totals_do_not_mix_edits_made_with_edits_planned() -> None:
    totals = RunSummary("all jobs")
    totals.add(RunSummary("a", created=2))
    totals.add(RunSummary("b", created=5, dry_run="refused"))

    assert totals.created == 2


# --- the parser's warnings, in every place a person reads -------------------------------


def test_the_plan_carries_the_parsers_warnings_with_their_lines() -> None:
    assert warned_plan().source_warnings == (ParseWarning(2, WARNING),)


def test_the_terminal_text_shows_each_warning_once_with_its_line() -> None:
    text = plan_text(warned_plan())

    assert text.count(WARNING) == 1
    assert f"warning   [[{SOURCE_TITLE}]] line 2: {WARNING}" in text
    assert WARNING not in plan_text(warned_plan(), notes=False)  # a run said it already


@pytest.mark.parametrize(
    ("render", "shown"),
    [
        (report_markdown, "- line 2: `template {{Citation needed}} left out of the item's text`"),
        (report_html, "<li>line 2: template {{Citation needed}} left out of the item&#x27;s"),
        (report_wikitext, "* line 2: template &#123;&#123;Citation needed&#125;&#125; left out"),
    ],
    ids=["markdown", "html", "wikitext"],
)
def test_every_report_format_shows_the_warnings(render: object, shown: str) -> None:
    assert callable(render)
    assert shown in render(warned_plan())


def test_the_json_report_gives_each_warning_its_line() -> None:
    data = json.loads(report_json(warned_plan()))

    assert data["source_warnings"] == [{"line": 2, "message": WARNING}]


def test_the_status_page_lists_the_warnings_and_a_refused_run_says_would() -> None:
    summary = RunSummary(
        "default", created=4, dry_run="refused", warnings=[ParseWarning(2, WARNING)],
        refused="[[X]] does not look like a list of recommendations",
    )  # fmt: skip

    text = status_text(summary, JobConfig(source=SOURCE_TITLE), WHEN)

    assert "== Source warnings ==" in text
    assert "* line 2: template &#123;&#123;Citation needed&#125;&#125; left out" in text
    assert "! Would create\n| 4" in text
    assert "! Created" not in text
    assert "! Result\n| refused: " in text and "does not look like a list" in text
