"""``python -m bot``: the recsync command line."""

import sys

from bot.cli import main

sys.exit(main())
