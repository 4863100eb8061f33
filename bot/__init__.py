"""recsync: keep one status subpage per recommendation in step with a source page."""

from pathlib import Path

#: Where ``pwb recsync`` looks for the script (``recsync.py`` beside this file).
SCRIPTS_PATH = Path(__file__).parent

__version__ = "0.1.0"
