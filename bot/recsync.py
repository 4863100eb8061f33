"""``pwb recsync``: the recsync command line, run through pywikibot's wrapper.

pywikibot finds this file through the ``scriptspath`` entry point in pyproject.toml.
"""

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
