"""How a run ended decides who is alerted: one rule, on RunSummary, behind the exit code
and the status page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from recsync.config import JobConfig
from recsync.model import RunResult, RunSummary
from recsync.status import status_text


def summary(**counts: Any) -> RunSummary:
    return RunSummary(job="default", **counts)


@pytest.mark.parametrize(
    ("counts", "outcome"),
    [
        ({"created": 3, "unchanged": 80}, RunResult.OK),
        ({"errors": 1, "created": 2}, RunResult.FAILED),
        ({"conflicts": 1}, RunResult.FAILED),
        ({"failure": "the source page [[X]] does not exist"}, RunResult.FAILED),
        ({"refused": "the run page [[R]] reads 'false'"}, RunResult.REFUSED),
        ({"skipped": 1, "created": 5}, RunResult.ATTENTION),  # {{nobots}}
        ({"declined": 2}, RunResult.ATTENTION),
        ({"deferred": 2, "refused": "edit limit of 4 reached: 2 pages left"}, RunResult.ATTENTION),
        ({"skipped": 1, "errors": 1}, RunResult.FAILED),
        ({"deleted": 1}, RunResult.ATTENTION),  # an admin deleted a page: not recreated
        ({"attention": ["Diversity/2 has status 'rejected'"]}, RunResult.ATTENTION),
        ({"unusable": "the source page [[S]] is a double redirect"}, RunResult.UNUSABLE),
    ],
    ids=[
        "in step", "an error", "a conflict", "no plan", "kill switch", "skipped", "declined",
        "edit limit", "failure beats attention", "deleted", "unknown status", "bad source",
    ],
)  # fmt: skip
def test_each_kind_of_run_has_its_outcome(counts: dict[str, Any], outcome: RunResult) -> None:
    assert summary(**counts).result() is outcome


def test_a_preview_fails_or_is_refused_but_never_needs_attention() -> None:
    assert summary(skipped=2, errors=1).result(preview=True) is RunResult.OK
    assert summary(failure="no source").result(preview=True) is RunResult.FAILED


def test_exit_codes_keep_their_meanings_and_attention_has_its_own() -> None:
    codes = {outcome: outcome.exit_code for outcome in RunResult}

    assert codes == {
        RunResult.OK: 0, RunResult.FAILED: 1, RunResult.UNUSABLE: 2, RunResult.REFUSED: 3,
        RunResult.ATTENTION: 4,
    }  # fmt: skip


def test_the_status_page_shows_the_outcome_and_its_exit_code() -> None:
    text = status_text(
        summary(skipped=1, created=2), JobConfig(source="S"), datetime(2025, 1, 2, tzinfo=UTC)
    )

    assert "! Result\n| some pages need attention (see below)" in text
    assert "! Exit code\n| 4 (needs attention)" in text
