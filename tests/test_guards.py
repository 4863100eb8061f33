"""The guard rails as a maintainer meets them: what stops a run, in which order, and why.

Plans are made from real wikitext (the demo's Meta page, the shared corpus of real
pages, random text) the way a run makes them; no wiki is needed.
"""

from __future__ import annotations

import random
import string
from dataclasses import replace
from pathlib import Path

import pytest
from harness import ROOT

from recsync.config import JobConfig
from recsync.guards import Verdict, kill_switch, not_a_list, verdict
from recsync.model import PageState, Plan
from recsync.plan import make_plan
from recsync.resources import template_text
from recsync.source import parse_source

SOURCE_TITLE = "User:Econterms/89 strategy recommendations as of Nov 2019"
META = (ROOT / "demo" / "89-strategy-recommendations-nov-2019.wiki").read_text(encoding="utf-8")
CORPUS = Path("/work/shared/corpus")
JOB = JobConfig(source=SOURCE_TITLE, run_page="User:ExampleBot/Run")
ON = PageState("User:ExampleBot/Run", "true")


def first_plan(text: str, job: JobConfig = JOB, pages: tuple[PageState, ...] = ()) -> Plan:
    parsed = parse_source(text, source=SOURCE_TITLE)
    source = PageState(SOURCE_TITLE, text, 7)
    return make_plan(job, parsed, source, list(pages), template_text("subpage.wiki"))


def random_text(lines: int, seed: int) -> str:
    """What the issue saw planned as 49 pages: lines of random printable characters."""
    rnd = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + string.punctuation + " "
    return "\n".join(
        "".join(rnd.choice(alphabet) for _ in range(rnd.randint(5, 80))) for _ in range(lines)
    )


# --- the run page -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "said"),
    [
        (None, "does not exist"),
        (PageState("User:ExampleBot/Run", None), "does not exist"),
        (PageState("User:ExampleBot/Run", "false"), "reads 'false'"),
        (PageState("User:ExampleBot/Run", "stop, vandalism on the index"), "reads 'stop, vandal"),
    ],
    ids=["not read", "missing", "false", "a note"],
)
def test_a_run_page_that_is_off_stops_every_edit_even_the_status_page(
    page: PageState | None, said: str
) -> None:
    stop = verdict(first_plan(META), page).stop

    assert f"the run page [[User:ExampleBot/Run]] {said}" in stop
    assert stop.endswith("no edit made, not even the status page")


def test_the_run_page_is_read_in_any_case_and_with_blanks() -> None:
    assert kill_switch("R", PageState("R", " True\n")) == ""
    assert verdict(first_plan(META), ON) == Verdict()


def test_force_does_not_override_the_run_page() -> None:
    assert verdict(first_plan(META), None, force=True).stop


def test_the_run_page_comes_before_every_other_guard() -> None:
    result = verdict(first_plan(""), PageState("User:ExampleBot/Run", "false"), strict=True)

    assert result.stop and not result.failure and not result.refused


# --- a source with nothing, or nothing that is a list ----------------------------------


def test_an_empty_source_on_a_first_sync_is_a_failure_not_a_refusal() -> None:
    result = verdict(first_plan(""), ON)

    assert result.failure == (
        f"[[{SOURCE_TITLE}]] holds no recommendation (no top-level * or # entry that is not "
        "an introduction): check the job's source"
    )
    assert not result.refused
    assert verdict(first_plan("Just a paragraph of prose.\n"), ON, force=True).failure


@pytest.mark.parametrize("seed", range(5))
def test_random_text_is_refused_with_the_counts_that_show_it(seed: int) -> None:
    plan = first_plan(random_text(2000, seed))
    assert plan.items > 10  # it would have made pages with titles of random characters

    refused = verdict(plan, ON).refused

    assert refused.startswith(f"[[{SOURCE_TITLE}]] does not look like a list of recommendations: ")
    assert f"{plan.items} items in {plan.groups} group" in refused
    assert "on 2,000 non-blank lines (" in refused
    assert "fewer than min_item_share = 10%" in refused
    assert f"{len(plan.source_warnings)} parser warnings" in refused
    assert refused.endswith("lower min_item_share in the job file, or pass --force")


def test_the_threshold_is_the_job_files_and_force_overrides_it() -> None:
    plan = first_plan(random_text(2000, 0))

    assert not_a_list(plan, 0.0) == ""  # min_item_share = 0: the guard is off
    assert verdict(replace(plan, job=replace(JOB, min_item_share=0.0)), ON) == Verdict()
    assert verdict(plan, ON, force=True) == Verdict()


@pytest.mark.parametrize(
    "path",
    [ROOT / "demo" / "89-strategy-recommendations-nov-2019.wiki", *sorted(CORPUS.glob("*.wiki"))],
    ids=lambda path: path.stem,
)
def test_real_lists_pass_the_shape_guard(path: Path) -> None:
    plan = first_plan(path.read_text(encoding="utf-8"))

    assert plan.items
    assert not_a_list(plan, JobConfig().min_item_share) == ""


# --- strict -----------------------------------------------------------------------------

WARNED = "== Advocacy ==\n* Create an advocacy hub {{citation needed}}\n* Protect advocates\n"


def test_strict_writes_nothing_while_the_parser_warns() -> None:
    plan = first_plan(WARNED)
    assert [str(w) for w in plan.source_warnings] == [
        "line 2: template {{Citation needed}} left out of the item's text"
    ]

    assert verdict(plan, ON) == Verdict()
    assert verdict(plan, ON, strict=True).failure == (
        f"1 parser warning on [[{SOURCE_TITLE}]] with strict: nothing written "
        "(fix the source page, or run without --strict)"
    )
    assert verdict(first_plan(WARNED, replace(JOB, strict=True)), ON).failure  # the job key
    assert verdict(plan, ON, strict=True, force=True).failure  # --force is for guard rails


def test_strict_lets_a_clean_source_through() -> None:
    assert verdict(first_plan(META), ON, strict=True) == Verdict()
