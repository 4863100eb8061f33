"""A citation template -> the text of its footnote.  Pure.

``<ref>{{cite web|url=…|title=Report|publisher=WMF}}</ref>`` shows the reader the
citation, not nothing: ``Report. WMF. https://…``.  The parts are taken in the order a
citation shows them, as far as the parameters give them.
"""

from __future__ import annotations

from collections.abc import Callable

from mwparserfromhell.nodes import Template
from mwparserfromhell.wikicode import Wikicode

#: Citation templates by name (lower case); any ``cite …`` and any template with a
#: ``title`` or ``url`` parameter are read as citations too.
CITATION_TEMPLATES = frozenset({"citation", "cite web", "cite news", "cite book", "cite journal"})
#: Where the work a citation comes from is named, in order of preference.
WORK_PARAMETERS = ("work", "website", "newspaper", "journal", "magazine", "periodical")
MAX_AUTHORS = 9


def parameters(template: Template) -> dict[str, Wikicode]:
    """A template's parameters by name; a repeated name has its last value, as in MediaWiki."""
    return {str(parameter.name).strip(): parameter.value for parameter in template.params}


def is_citation(name: str, params: dict[str, Wikicode]) -> bool:
    """Is a template of this name (in lower case) and these parameters a citation?"""
    return (
        name in CITATION_TEMPLATES
        or name.startswith("cite ")
        or "title" in params
        or "url" in params
    )


def citation_text(params: dict[str, Wikicode], read: Callable[[Wikicode], str]) -> str:
    """``Authors (date). Title. Work. Publisher. URL``, each part only when given.

    ``params`` are the template's parameters by name; ``read`` turns a value into the
    plain text a reader sees.
    """

    def value(*names: str) -> str:
        for name in names:
            if name in params:
                text = " ".join(read(params[name]).split())
                if text:
                    return text
        return ""

    authors = _authors(value)
    date = value("date", "year")
    parts = [
        f"{authors} ({date})" if authors and date else authors,
        value("title"),
        value(*WORK_PARAMETERS),
        value("publisher"),
        "" if authors else date,
        value("url"),
    ]
    return ". ".join(part.rstrip(".") for part in parts if part)


def _authors(value: Callable[..., str]) -> str:
    """``Last, First; Last2, First2`` (or ``author``, ``author2``...), as far as given."""
    names = []
    for number in range(1, MAX_AUTHORS + 1):
        suffixes = ("", "1") if number == 1 else (str(number),)
        author = value(*(f"author{s}" for s in suffixes), *(["authors"] if number == 1 else []))
        last = value(*(f"last{s}" for s in suffixes))
        first = value(*(f"first{s}" for s in suffixes))
        name = author or ", ".join(part for part in (last, first) if part)
        if not name:
            break
        names.append(name)
    return "; ".join(names)
