"""Message package for pywikibot's ``pwb`` wrapper (it imports ``recsync.i18n``)."""
