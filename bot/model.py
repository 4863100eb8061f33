"""Plain data shared by the pure core: what the parser finds on the source page."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Item:
    """One recommendation: a top-level list entry under a group heading."""

    group: str
    number: int  # 1-based position in its group, in page order
    text: str  # plain text, as a reader sees it
    wikitext: str  # the entry's own markup, without translate markers
    details: tuple[str, ...] = ()  # plain text of deeper entries (**, ##, *:)
    refs: tuple[str, ...] = ()  # plain text of its footnotes
    links: tuple[str, ...] = ()  # link targets, in order
    anchor: str | None = None  # explicit identifier: {{anchor|X}} or <span id="X">
    line: int = 0  # 1-based line of the entry in the source

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("details", "refs", "links"):
            data[key] = list(data[key])
        return data


@dataclass(frozen=True)
class Caption:
    """A line ending with ':' that comes after a group's introduction: not an item."""

    text: str
    line: int
    after: int  # how many of the group's items come before it

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Group:
    name: str
    intro: str | None  # an entry ending with ':' that introduces the list
    count: int
    line: int  # line of the heading (0 for the default group)
    captions: tuple[Caption, ...] = ()  # later captions, in page order

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "intro": self.intro,
            "count": self.count,
            "captions": [caption.to_json() for caption in self.captions],
        }


@dataclass(frozen=True)
class ParseWarning:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ParseResult:
    source: str  # the page title or file the text came from
    items: tuple[Item, ...]
    groups: tuple[Group, ...]
    warnings: tuple[ParseWarning, ...]
    redirect: str | None = None  # the target, when the page is a redirect (and has no items)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "redirect": self.redirect,
            "items": [item.to_json() for item in self.items],
            "groups": [group.to_json() for group in self.groups],
            "warnings": [{"line": w.line, "message": w.message} for w in self.warnings],
        }
