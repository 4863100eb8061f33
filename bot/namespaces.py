"""The wiki's namespaces as plain data: names, canonical names, aliases.  Pure.

A link or a title names its namespace in the wiki's language (``[[Kategorie:X]]`` on
a German wiki), by its canonical English name (``[[Category:X]]`` works on every
wiki) or by an alias (``[[Bild:X]]``, ``[[Benutzerin:X]]``), in any case, with spaces
or underscores.  The shell reads the wiki's own from its siteinfo (``bot.wiki``) and
passes them down through the plan; ``ENGLISH`` holds MediaWiki's canonical names, for
text read without a wiki (``recsync parse --file``) and for tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

MEDIA, SPECIAL, MAIN, USER, FILE, TEMPLATE, CATEGORY = -2, -1, 0, 2, 6, 10, 14
#: Namespaces whose links embed a file or put the page in a category: not links.
EMBEDDING = frozenset({MEDIA, FILE, CATEGORY})
#: What MediaWiki reads as one space in a title (runs of them, underscores too).
_SPACES = re.compile("[ _\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e]")


def _key(name: str) -> str:
    """A namespace name as MediaWiki looks it up: case, spaces and underscores aside.

    (``casefold`` folds a little more than MediaWiki's lower case, ``ß`` as ``ss``:
    that can only take a link for a namespace's, never miss one.)
    """
    return _SPACES.sub(" ", _BIDI.sub("", name)).strip().casefold()


@dataclass(frozen=True)
class Namespace:
    id: int
    name: str  # as the wiki shows it ("Kategorie"); "" for the main namespace
    canonical: str = ""  # MediaWiki's English name ("Category"), valid on every wiki
    aliases: tuple[str, ...] = ()  # other names the wiki accepts ("Bild", "Image")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.canonical, *self.aliases) if n)


@dataclass(frozen=True)
class Namespaces:
    """The namespaces of one wiki, looked up by any of their names."""

    spaces: tuple[Namespace, ...]
    _ids: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ids = {_key(name): space.id for space in self.spaces for name in space.names}
        object.__setattr__(self, "_ids", ids)

    @classmethod
    def of(cls, spaces: Iterable[Namespace]) -> Namespaces:
        return cls(tuple(sorted(spaces, key=lambda space: space.id)))

    def id_of(self, name: str) -> int | None:
        """The id of the namespace called ``name`` (any of its names), or None."""
        return self._ids.get(_key(name))

    def split(self, title: str) -> tuple[int, str]:
        """A title's namespace id and the rest: ``Benutzer:A/B`` -> (2, ``A/B``)."""
        prefix, colon, rest = title.partition(":")
        space = self.id_of(prefix) if colon else None
        if space is None or space == MAIN:
            return MAIN, title.strip()
        return space, rest.strip()

    def embeds(self, target: str) -> bool:
        """Does ``[[target]]`` embed a file or categorise rather than link?

        A leading colon (``[[:Kategorie:X]]``) makes any of them a plain link.
        """
        if target.lstrip().startswith(":"):
            return False
        return self.split(target)[0] in EMBEDDING

    def name(self, space: int) -> str:
        """The name the wiki shows for a namespace ("" for the main one)."""
        return next((s.name for s in self.spaces if s.id == space), "")


def _english() -> Namespaces:
    names = {
        MEDIA: "Media", SPECIAL: "Special", MAIN: "", 1: "Talk", USER: "User",
        3: "User talk", 4: "Project", 5: "Project talk", FILE: "File", 7: "File talk",
        8: "MediaWiki", 9: "MediaWiki talk", TEMPLATE: "Template", 11: "Template talk",
        12: "Help", 13: "Help talk", CATEGORY: "Category", 15: "Category talk",
    }  # fmt: skip
    aliases = {FILE: ("Image",), 7: ("Image talk",)}
    return Namespaces.of(
        Namespace(space, name, name, aliases.get(space, ())) for space, name in names.items()
    )


#: MediaWiki's canonical namespaces, as an English wiki names them.
ENGLISH = _english()
