"""Read a page tree the way recsync's no-op sync does, but at MediaWiki's own limit.

    PYWIKIBOT_DIR=... python bench/allpages_probe.py --prefix TITLE

One ``allpages`` generator below TITLE with each page's content and templates, as
``recsync.wiki.Wiki.read_tree`` asks for, sent with ``gaplimit=max`` through
``site.simple_request`` and continued by hand: pywikibot's own generators lower the
limit to 250 pages whenever content is asked for.  The benchmark runs this through
counted.py to show how many requests the tree needs at the wiki's limit (500 pages
for a bot).  Prints the pages and requests it saw.
"""

from __future__ import annotations

import argparse
import sys


def main() -> None:
    import pywikibot

    args = pywikibot.handle_args(sys.argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", required=True)
    options = parser.parse_args(args)

    site = pywikibot.Site()
    site.login()
    root = pywikibot.Page(site, options.prefix)
    params = {
        "action": "query",
        "generator": "allpages",
        "gapprefix": root.title(with_ns=False),
        "gapnamespace": root.namespace().id,
        "gaplimit": "max",
        "prop": "info|revisions|templates",
        "rvprop": "ids|timestamp|content",
        "rvslots": "*",
        "tllimit": "max",
    }
    pages = requests = 0
    more: dict[str, str] = {}
    while True:
        data = site.simple_request(**params, **more).submit()
        requests += 1
        pages += len(data.get("query", {}).get("pages", {}))
        if "continue" not in data:
            break
        more = data["continue"]
    print(f"allpages probe: {pages} pages in {requests} requests")


if __name__ == "__main__":
    main()
