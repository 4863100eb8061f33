"""A plan as one JSON object, for other tools.  Pure."""

from __future__ import annotations

import json

from ..model import Action, Plan
from .common import written_diff


def report_json(plan: Plan) -> str:
    """The plan for other tools, as one JSON object.

    ``{"source": title, "source_revision": int | null, "job": name, "items": n,
    "counts": {action: n for every action, zeros included}, "warnings": [text, ...]
    (what needs a person's attention, e.g. unknown statuses), "source_warnings":
    [{"line": n, "message": text}, ...] (the parser's, about the source page),
    "changes": [...]}``.
    ``changes`` holds EVERY page of the plan in its order, the unchanged ones too, so a
    tool sees each page the run looked at and ``counts`` is the tally of ``changes``;
    each change is ``{"title", "action", "item_id" (null for the index), "summary",
    "reason", "diff"}``.  ``diff`` is the unified diff of a page the run writes and ""
    for the pages it leaves alone (unchanged, skipped, error).
    """
    data = {
        "source": plan.source_title,
        "source_revision": plan.source_revision,
        "job": plan.job.name,
        "items": plan.items,
        "counts": {action: plan.count(action) for action in tuple(Action)},
        "warnings": list(plan.warnings),
        "source_warnings": [{"line": w.line, "message": w.message} for w in plan.source_warnings],
        "changes": [
            {
                "title": change.title,
                "action": change.action,
                "item_id": change.item_id,
                "summary": change.summary,
                "reason": change.reason,
                "diff": written_diff(change),
            }
            for change in plan.changes
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
