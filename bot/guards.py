"""The guard rails: may a planned run write, and if not, why not.  Pure.

Checked once the plan is made and before the first edit, in this order:

* the run page (the kill switch): unless it reads "true", the run makes no edit of
  any kind, its status page included (Wikimedia's rule for a stopped bot);
* a source with no item on a first sync: the job points at the wrong page, or the
  list is not written yet: a failure, since there is nothing to be refused;
* ``strict`` (``--strict`` or the job key): the parser's warnings stop the run;
* a source that is not a list of recommendations at all (too few of its lines are
  items: random text, an essay, the wrong page);
* the mass-change guard: the source lost every item, or more than a share, at once.

The last two are refusals that ``--force`` overrides; the kill switch and the input's
failures are not.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Action, PageState, Plan, plural


@dataclass(frozen=True)
class Verdict:
    """Why the run may not write; all empty when it may."""

    stop: str = ""  # the run page is off: no edit at all, not even the status page
    failure: str = ""  # the input cannot be used (exit 1)
    refused: str = ""  # a guard rail (exit 3); --force overrides

    @property
    def blocked(self) -> str:
        return self.stop or self.failure or self.refused


def verdict(
    plan: Plan, run_page: PageState | None, *, force: bool = False, strict: bool = False
) -> Verdict:
    """The guard rails, in order, for a plan made from the source page."""
    job = plan.job
    if job.run_page and (stop := kill_switch(job.run_page, run_page)):
        return Verdict(stop=stop)
    if failure := no_items(plan) or strict_warnings(plan, strict or job.strict):
        return Verdict(failure=failure)
    if force:
        return Verdict()
    refused = not_a_list(plan, job.min_item_share) or retire_guard(plan, job.max_retire_share)
    return Verdict(refused=refused or "")


def kill_switch(title: str, page: PageState | None) -> str:
    """Why the run page stops this run ('' when it reads "true")."""
    value = (page.text or "").strip() if page is not None else ""
    if value.lower() == "true":
        return ""
    shown = "does not exist" if page is None or page.text is None else f"reads {value[:40]!r}"
    return f"the run page [[{title}]] {shown}, not 'true': no edit made, not even the status page"


def no_items(plan: Plan) -> str:
    """A source with no item where there were none before either: nothing to sync."""
    if plan.items or plan.in_source_before:
        return ""  # a source that lost its items is the mass-change guard's
    return (
        f"[[{plan.source_title}]] holds no recommendation (no top-level * or # entry that "
        "is not an introduction): check the job's source"
    )


def strict_warnings(plan: Plan, strict: bool) -> str:
    if not strict or not plan.source_warnings:
        return ""
    return (
        f"{plural(len(plan.source_warnings), 'parser warning')} on [[{plan.source_title}]] "
        "with strict: nothing written (fix the source page, or run without --strict)"
    )


def not_a_list(plan: Plan, min_item_share: float) -> str:
    """Why the source does not look like a list of recommendations ('' when it does).

    On a list nearly every line is an item, a heading or an introduction (Meta's page:
    88 % items; the shortest real lists tried: a quarter); in random text or prose a
    line starts an item by chance (about 2 %).
    """
    lines = plan.source_lines
    if not min_item_share or not plan.items or not lines or plan.items >= min_item_share * lines:
        return ""
    warned = len(plan.source_warnings)
    return (
        f"[[{plan.source_title}]] does not look like a list of recommendations: "
        f"{plural(plan.items, 'item')} in {plural(plan.groups, 'group')} on "
        f"{lines:,} non-blank lines ({plan.items / lines:.0%} of them items, fewer than "
        f"min_item_share = {min_item_share:.0%}), {plural(warned, 'parser warning')}: "
        "check the job's source, lower min_item_share in the job file, or pass --force"
    )


def retire_guard(plan: Plan, max_share: float) -> str | None:
    """Why this plan must not run (a blanked or vandalised source), or None.

    A source that suddenly has no item, or has lost more than ``max_share`` of the
    items of the last sync, is far likelier an accident than a decision.
    """
    if plan.items == 0 and plan.in_source_before:
        return (
            f"[[{plan.source_title}]] has no recommendation now "
            f"({plan.in_source_before} at the last sync): blanked or vandalised?"
        )
    retiring = plan.count(Action.RETIRE)
    if plan.in_source_before and retiring > max_share * plan.in_source_before:
        return (
            f"{retiring} of the {plan.in_source_before} recommendations would leave "
            f"[[{plan.source_title}]] at once, more than {max_share:.0%}: "
            "check the source page's history"
        )
    return None
