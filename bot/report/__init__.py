"""A plan as text for people and tools, one module per format.  Pure.

``text``: the terminal's lines, unified diffs and summary table; ``as_markdown``,
``as_html`` (with ``sidebyside``, its diff tables, and ``report.css``), ``as_json`` and
``as_wikitext``: the report files, which ``render_report`` picks by file name.
"""

from __future__ import annotations

from ..model import Plan
from .as_html import report_html
from .as_json import report_json
from .as_markdown import report_markdown
from .as_wikitext import report_wikitext
from .text import change_line, plan_text, summary_table, unified_diff

__all__ = [
    "REPORT_FORMATS",
    "change_line",
    "plan_text",
    "render_report",
    "report_html",
    "report_json",
    "report_markdown",
    "report_wikitext",
    "summary_table",
    "unified_diff",
]

#: The report file's format by the end of its name: what --report accepts.
REPORT_FORMATS = {
    ".md": "Markdown",
    ".html": "HTML",
    ".json": "JSON",
    ".wiki": "wikitext",
    ".txt": "plain text, as the terminal shows it",
}


def render_report(plan: Plan, path_suffix: str) -> str:
    """The report for a file name's suffix: .md, .html, .json, .wiki or .txt (the text a
    dry run prints).

    The suffix is compared without regard to case (``Path(name).suffix`` fits).
    """
    suffix = path_suffix.lower()
    if suffix == ".md":
        return report_markdown(plan)
    if suffix == ".html":
        return report_html(plan)
    if suffix == ".json":
        return report_json(plan)
    if suffix == ".wiki":
        return report_wikitext(plan)
    if suffix == ".txt":
        return plan_text(plan) + "\n"
    supported = ", ".join(REPORT_FORMATS)
    raise ValueError(f"no report format for {path_suffix!r}: use one of {supported}")
