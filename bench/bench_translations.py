"""What the source's translations cost a run in time: 84 and 1,000 items, 5 and 20 languages.

    .venv/bin/python bench/bench_translations.py [--runs 5]

Pure: no wiki.  The page is Meta's layout (a unit per item, a tvar link and a footnote on
every line) and every unit is translated into every language.  ``translate_items``
renders the source in each language and parses it as the source is, so it costs about
one parse of the page a language; the table says how close it comes.  What it costs in
requests is in the live test (one ``allpages`` batch of unit pages; none for a source
without translation pages).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from recsync.source import parse_source
from recsync.translations import UnitTranslation, translate_items


def translated_page(items: int, groups: int = 10) -> tuple[str, int]:
    """The page and the number of units it has (headings and items)."""
    lines = ["<languages/>", "<translate>"]
    unit = 1
    for group in range(groups):
        lines += [f"== Group {group} == <!--T:{unit}-->", ""]
        unit += 1
        for item in range(items // groups):
            link = f'<tvar name="1">[[Special:MyLanguage/Topic {item}|topic]]</tvar>'
            lines += [f"<!--T:{unit}-->", f"* Item {group}.{item} on {link}<ref>Note</ref>", ""]
            unit += 1
    lines.append("</translate>")
    return "\n".join(lines), unit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("| items | languages | parse of the source | translations | per language, in parses |")
    print("|---|---|---|---|---|")
    for items, languages in ((84, 5), (84, 20), (1000, 5), (1000, 20)):
        text, units = translated_page(items)
        texts = {
            str(u): UnitTranslation(f"* Élément {u} sur $1<ref>Note</ref>") for u in range(1, units)
        }
        translations = {f"x{n}": texts for n in range(languages)}
        parses, translating = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            parsed = parse_source(text)
            middle = time.perf_counter()
            result = translate_items(parsed, text, translations)
            parses.append(middle - start)
            translating.append(time.perf_counter() - middle)
        assert all(len(item.translations) == languages for item in result.items)
        parse, translate = statistics.median(parses), statistics.median(translating)
        print(
            f"| {items:,} | {languages} | {parse:.3f} s | {translate:.3f} s "
            f"| {translate / languages / parse:.2f} |"
        )


if __name__ == "__main__":
    main()
