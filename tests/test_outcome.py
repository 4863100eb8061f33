"""How a run ended decides who is alerted: one rule, on RunSummary, behind the exit code
and the status page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from bot.outcome import Outcome

from bot.config import JobConfig
from bot.status import status_text
from bot.sync import RunSummary


def summary(**counts: Any) -> RunSummary:
    return RunSummary(job="default", **counts)


@pytest.mark.parametrize(
    ("counts", "outcome"),
    [
        ({"created": 3, "unchanged": 80}, Outcome.OK),
        ({"errors": 1, "created": 2}, Outcome.FAILED),
        ({"conflicts": 1}, Outcome.FAILED),
        ({"failure": "the source page [[X]] does not exist"}, Outcome.FAILED),
        ({"refused": "the run page [[R]] reads 'false'"}, Outcome.REFUSED),
        ({"skipped": 1, "created": 5}, Outcome.ATTENTION),  # {{nobots}}
        ({"declined": 2}, Outcome.ATTENTION),
        ({"deferred": 2, "refused": "edit limit of 4 reached: 2 pages left"}, Outcome.ATTENTION),
        ({"skipped": 1, "errors": 1}, Outcome.FAILED),
    ],
    ids=[
        "in step", "an error", "a conflict", "no plan", "kill switch", "skipped", "declined",
        "edit limit", "failure beats attention",
    ],
)  # fmt: skip
def test_each_kind_of_run_has_its_outcome(counts: dict[str, Any], outcome: Outcome) -> None:
    assert summary(**counts).outcome() is outcome


def test_a_preview_fails_or_is_refused_but_never_needs_attention() -> None:
    assert summary(skipped=2, errors=1).outcome(preview=True) is Outcome.OK
    assert summary(failure="no source").outcome(preview=True) is Outcome.FAILED


def test_exit_codes_keep_their_meanings_and_attention_has_its_own() -> None:
    codes = {outcome: outcome.exit_code for outcome in Outcome}

    assert codes == {
        Outcome.OK: 0, Outcome.FAILED: 1, Outcome.REFUSED: 3, Outcome.ATTENTION: 4,
    }  # fmt: skip


def test_the_status_page_shows_the_outcome_and_its_exit_code() -> None:
    text = status_text(
        summary(skipped=1, created=2), JobConfig(source="S"), datetime(2025, 1, 2, tzinfo=UTC)
    )

    assert "! Result\n| some pages need attention (see below)" in text
    assert "! Exit code\n| 4 (needs attention)" in text
