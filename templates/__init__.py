"""The wiki pages the bot relies on, shipped as the package ``recsync.templates``.

Read them with ``recsync.resources.template_text(name)``; see README.md here.
"""
