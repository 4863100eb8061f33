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
