"""A parse result -> the listing ``recsync parse`` prints.  Pure."""

from __future__ import annotations

from .model import Caption, Group, Item, ParseResult


def parse_listing(result: ParseResult) -> str:
    """The readable listing of ``recsync parse``: items grouped by group.

    A group's later captions stand between its items, where they are on the page.
    """
    out = [f"{result.source}: {len(result.items)} items in {len(result.groups)} groups"]
    for group in result.groups:
        out.append("")
        out.append(f"{group.name} ({group.count})")
        if group.intro:
            out.append(f"    intro: {group.intro}")
        items = [item for item in result.items if item.group == group.name]
        for item in items:
            out.extend(_captions(group, after=item.number - 1))
            out.extend(_item_lines(item))
        out.extend(_captions(group, after=len(items)))
    return "\n".join(out)


def _captions(group: Group, after: int) -> list[str]:
    return [_caption_line(c) for c in group.captions if c.after == after]


def _caption_line(caption: Caption) -> str:
    return f"    caption: {caption.text}  [line {caption.line}]"


def _item_lines(item: Item) -> list[str]:
    extras = [f"line {item.line}"]
    if item.anchor:
        extras.append(f"anchor {item.anchor}")
    if item.refs:
        extras.append(f"{len(item.refs)} footnote{'s' if len(item.refs) > 1 else ''}")
    lines = [f"  {item.number:>3}. {item.text}  [{', '.join(extras)}]"]
    lines.extend(f"         - {detail}" for detail in item.details)
    return lines
