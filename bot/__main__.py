"""``python -m recsync``: the recsync command line."""

import sys

# pywikibot names the script after argv[0] (User-Agent, log file): "recsync", not "__main__".
sys.argv[0] = "recsync"

from .cli import main  # noqa: E402 (after argv[0] is set)

sys.exit(main())
