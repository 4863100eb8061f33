"""What needs a person reaches people: the run's output, every report, the status page."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from test_plan import SOURCE, edit, first_run

from recsync.apply import Progress
from recsync.config import JobConfig
from recsync.model import PageState, RunSummary
from recsync.plan import make_plan
from recsync.report import plan_text, render_report
from recsync.source import parse_source
from recsync.status import same_report, status_text

JOB = JobConfig(source="User:Ex/Recs", prefix="Recs")
WARNING = "Diversity/1 has status 'rejected', which the template does not know"


def rejected_plan():  # type: ignore[no-untyped-def]
    wiki = edit(first_run(), "Recs/Diversity/1", "| status = proposed", "| status = rejected")
    parsed = parse_source(SOURCE, source=JOB.source)
    return make_plan(JOB, parsed, PageState(JOB.source, SOURCE, 100), list(wiki.values()), "")


def test_the_terminal_plan_names_the_unknown_status() -> None:
    assert f"attention {WARNING}" in plan_text(rejected_plan())


@pytest.mark.parametrize("suffix", [".md", ".html", ".wiki"])
def test_every_report_names_the_unknown_status(suffix: str) -> None:
    report = render_report(rejected_plan(), suffix)

    assert "Needs attention" in report
    assert "rejected" in report and "which the template does not know" in report


def test_the_json_report_lists_it_for_tools() -> None:
    assert json.loads(render_report(rejected_plan(), ".json"))["warnings"] == [WARNING]


def test_the_status_page_lists_what_needs_attention() -> None:
    summary = RunSummary(job="default", attention=[WARNING])

    text = status_text(summary, JOB, datetime(2026, 12, 2, tzinfo=UTC))

    assert ("== Needs attention ==" in text and WARNING.replace("'", "&#39;") in text) or (
        WARNING in text
    )
    assert "| 4 (needs attention)" in text


def test_a_status_page_saying_the_same_is_not_saved_again() -> None:
    summary = RunSummary(job="default", deleted=1, attention=["[[Recs/A/3]]: deleted"])
    first = status_text(summary, JOB, datetime(2026, 12, 2, 1, tzinfo=UTC))
    later = status_text(summary, JOB, datetime(2026, 12, 2, 2, tzinfo=UTC))

    assert first != later
    assert same_report(first, later)
    assert not same_report(first, status_text(RunSummary(job="default"), JOB, datetime.now(UTC)))


def test_each_page_line_carries_its_place_in_the_run() -> None:
    progress = Progress(85, terminal=False)

    assert [progress.next() for _ in range(3)] == ["[ 1/85]", "[ 2/85]", "[ 3/85]"]
    assert progress.eta() == ""  # not on a terminal: logs get the counter only


def test_a_long_run_on_a_terminal_shows_what_is_left() -> None:
    progress = Progress(85, terminal=True)
    for _ in range(5):
        progress.next()

    assert progress.eta().startswith("  (80 left, about ")
