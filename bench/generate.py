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
