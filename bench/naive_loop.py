"""The naive baseline: read each page, then save it, one page at a time.

    PYWIKIBOT_DIR=... python bench/naive_loop.py --file pages.txt [--summary TEXT]

The input is pagefromfile's format as ``generate.pagefromfile_text`` writes it (the
same file the peer reads), so both write the same titles and texts.  Nothing is
compared and nothing is batched: ``Page.get()`` then ``Page.save()`` for every page,
as a first pywikibot script would do it.  Prints one line of counts at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import read_pagefromfile


def main() -> None:
    import pywikibot
    from pywikibot.exceptions import NoPageError

    args = pywikibot.handle_args(sys.argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, required=True)
    parser.add_argument("--summary", default="naive loop: save the page")
    options = parser.parse_args(args)

    site = pywikibot.Site()
    site.login()
    saved = 0
    for title, text in read_pagefromfile(options.file.read_text(encoding="utf-8")):
        page = pywikibot.Page(site, title)
        with contextlib.suppress(NoPageError):
            page.get()  # the read: the text, or NoPageError for a page to create
        page.text = text
        page.save(summary=options.summary, bot=True, quiet=True)
        saved += 1
    print(f"naive loop: {saved} pages saved")


if __name__ == "__main__":
    main()
