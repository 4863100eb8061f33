"""Generated source pages for the benchmarks: N items in N/100 groups, Meta-style markup."""

from __future__ import annotations


def plain_page(items: int, per_group: int = 100) -> str:
    """Plain bullets under == headings ==, like the reconstruction of the real page."""
    lines = ["Rephrased here for brevity.", ""]
    for number in range(items):
        if number % per_group == 0:
            lines += ["", f"== Working group {number // per_group + 1} =="]
        lines.append(f"* Recommendation {number + 1}: build capacity for the communities")
    return "\n".join(lines) + "\n"


def source_page(items: int, per_group: int = 100) -> str:
    """A page with Meta's markup on every line: translate markers, links, bold, refs."""
    lines = ["<languages/>", "<translate>", "<!--T:0-->", "Recommendations, rephrased.", ""]
    marker = 1
    for number in range(items):
        if number % per_group == 0:
            group = number // per_group + 1
            lines += ["", f"== <!--T:{marker}--> Working group {group} =="]
            marker += 1
        lines.append(
            f"* <!--T:{marker}--> Recommendation {number + 1}: build [[Capacity|capacity]] for "
            f"'''group {number // per_group + 1}''' communities<ref>Draft {number % 7 + 1}</ref>"
        )
        marker += 1
    lines += ["", "== References ==", "<references/>", "</translate>", ""]
    return "\n".join(lines)


def translate_page(items: int, per_group: int = 100) -> str:
    """A page as Meta holds it for Translate, with a tvar link and a citation on every line."""
    lines = ["<languages/>", "<translate>", "<!--T:0-->", "Recommendations, rephrased.", ""]
    marker = 1
    for number in range(items):
        if number % per_group == 0:
            lines += ["", f"== Working group {number // per_group + 1} == <!--T:{marker}-->"]
            marker += 1
        draft = number % 7 + 1
        bold = "'" * 3
        lines.append(
            f"* <!--T:{marker}--> Recommendation {number + 1}: build "
            f'[[<tvar name="1">Special:MyLanguage/Capacity</tvar>|capacity]] for '
            f"{bold}group {number // per_group + 1}{bold} communities"
            f"<ref>{{{{cite web|title=Draft {draft}|url=https://example.org/drafts/{draft}}}}}</ref>"
        )
        marker += 1
    lines += ["", f"== References == <!--T:{marker}-->", "<references/>", "</translate>", ""]
    return "\n".join(lines)


def _sections(text: str) -> tuple[str, list[list[str]], str]:
    """The text before the first group, each group's lines (heading first), the rest
    (from the references heading on)."""
    head: list[str] = []
    groups: list[list[str]] = []
    tail: list[str] = []
    for line in text.split("\n"):
        if line.startswith("== References") or tail:
            tail.append(line)
        elif line.startswith("== "):
            groups.append([line])
        elif groups:
            groups[-1].append(line)
        else:
            head.append(line)
    return "\n".join(head), groups, "\n".join(tail)


def swapped_groups(text: str, first: int) -> str:
    """``text`` with the groups at ``first`` and ``first + 1`` (from 0) in each other's place."""
    head, groups, tail = _sections(text)
    groups[first], groups[first + 1] = groups[first + 1], groups[first]
    return "\n".join([head, *("\n".join(group) for group in groups), tail])


def renamed_group(text: str, group: int, name: str) -> str:
    """``text`` with the heading of the ``group``-th group (from 0) renamed ``name``."""
    head, groups, tail = _sections(text)
    old = groups[group][0]
    marker = old[old.index("==", 2) + 2 :]  # the heading's translate marker, kept
    groups[group][0] = f"== {name} =={marker}"
    return "\n".join([head, *("\n".join(g) for g in groups), tail])


# --- pagefromfile's input format (pywikibot-scripts) --------------------------------

#: What pagefromfile looks for by default; run it with ``-notitle`` so that the bold
#: title line is not part of the page text.
PAGE_START = "{{-start-}}"
PAGE_END = "{{-stop-}}"


def pagefromfile_text(pages: list[tuple[str, str]]) -> str:
    """Pages (title, text) as one pagefromfile input: start, '''title''', text, stop."""
    chunks = []
    for title, text in pages:
        if PAGE_START in text or PAGE_END in text:
            raise ValueError(f"[[{title}]] holds a page marker")
        chunks.append(f"{PAGE_START}\n'''{title}'''\n{text}\n{PAGE_END}\n")
    return "".join(chunks)


def read_pagefromfile(text: str) -> list[tuple[str, str]]:
    """The pages of ``pagefromfile_text``, as pagefromfile -notitle reads them."""
    pages = []
    for chunk in text.split(PAGE_START)[1:]:
        body = chunk.split(PAGE_END, 1)[0]
        title_line, _, page_text = body.strip("\n").partition("\n")
        pages.append((title_line.strip("'"), page_text.strip()))
    return pages


def reworded(text: str, item: int, tag: str) -> str:
    """``text`` with the ``item``-th bullet (from 0) reworded a little: `` (tag)`` added."""
    lines = text.split("\n")
    seen = -1
    for number, line in enumerate(lines):
        if line.startswith(("*", "#")) and not line.startswith(("**", "*:", "##", "#:")):
            seen += 1
            if seen == item:
                lines[number] = line.rstrip() + f" ({tag})"
                return "\n".join(lines)
    raise ValueError(f"the text has no item {item}")
