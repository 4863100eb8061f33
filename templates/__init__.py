"""The wiki pages the bot relies on, shipped as the package ``bot.templates``.

Read them with ``bot.resources.template_text(name)``; see README.md here.
"""
