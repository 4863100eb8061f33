"""Message package for pywikibot's ``pwb`` wrapper (it imports ``bot.i18n``)."""
