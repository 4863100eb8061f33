"""How a change is made again on text someone saved meanwhile: one rule a kind.  Pure.

* a subpage: the bot's own parameters are re-applied onto the editor's fresh text;
* the index: the bot's marked section is put into the fresh page;
* a page the bot writes whole (status page, preview page, template): the bot cannot
  merge someone else's words into its own text, so their change is a conflict and
  the bot's text is not saved.
"""

from __future__ import annotations

from .index import IndexPageError, merge_section
from .model import Action, Kind, PageChange
from .subpage import SubpageError, merge_fields, template_call_name


class Conflict(Exception):
    """The change cannot be made on the fresh text: reported, nothing saved."""


def rebase(change: PageChange, fresh: str | None, template: str) -> str:
    """The text to save instead of ``change.new_text`` on top of ``fresh``."""
    if fresh is None:
        raise Conflict("the page was deleted meanwhile")
    if change.kind == Kind.SUBPAGE:
        if change.action == Action.CREATE:
            raise Conflict("the page was created by someone else meanwhile")
        try:
            return merge_fields(fresh, template_call_name(template), change.fields)
        except SubpageError as error:
            raise Conflict(str(error)) from error
    if change.kind == Kind.INDEX:
        try:
            return merge_section(fresh, change.section, f"[[{change.title}]]")
        except IndexPageError as error:
            raise Conflict(str(error)) from error
    if fresh.rstrip() == (change.new_text or "").rstrip():
        return fresh  # the same text: nothing to do
    raise Conflict("changed by someone else meanwhile; the bot's text was not saved")
