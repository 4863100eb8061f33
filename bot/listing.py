"""A parse result -> the listing ``recsync parse`` prints.  Pure."""

from __future__ import annotations

from bot.model import ParseResult


def parse_listing(result: ParseResult) -> str:
    """The readable listing of ``recsync parse``: items grouped by group."""
    out = [f"{result.source}: {len(result.items)} items in {len(result.groups)} groups"]
    for group in result.groups:
        out.append("")
        out.append(f"{group.name} ({group.count})")
        if group.intro:
            out.append(f"    intro: {group.intro}")
        for item in result.items:
            if item.group != group.name:
                continue
            extras = [f"line {item.line}"]
            if item.anchor:
                extras.append(f"anchor {item.anchor}")
            if item.refs:
                extras.append(f"{len(item.refs)} footnote{'s' if len(item.refs) > 1 else ''}")
            out.append(f"  {item.number:>3}. {item.text}  [{', '.join(extras)}]")
            out.extend(f"         - {detail}" for detail in item.details)
    return "\n".join(out)
