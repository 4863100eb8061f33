"""install-templates: a sync of the bot's own pages (the status template and its parts).

It plans the pages ``bot.install`` says the subpages rely on, shows or asks as a sync
does, and saves them; a page someone else changed since the bot's last revision is
held back (shown, and refused unless ``--force``).
"""

from __future__ import annotations

from dataclasses import replace

from .apply import Say, apply_changes
from .guards import kill_switch
from .install import install_text, plan_install, wanted_pages
from .model import Action, PageChange, RunSummary
from .report import unified_diff
from .site_wording import site_messages
from .sync import RunOptions, counted
from .wiki import Wiki


def install_templates(
    templates: list[str],
    wiki: Wiki,
    options: RunOptions,
    say: Say,
    prefix: str,
    run_pages: tuple[str, ...] = (),
) -> RunSummary:
    """Plan the template pages, show or ask, then save: a sync of the bot's own pages.

    The jobs' run pages stop it as they stop a sync: off, and it saves nothing.
    """
    reads, writes = wiki.counter.reads, wiki.counter.writes
    wanted = [
        replace(w, title=wiki.normalize(w.title))  # Category: is Kategorie: on a German wiki
        for t in dict.fromkeys(wiki.normalize(t) for t in templates)
        for w in wanted_pages(t, wiki.content_language)
    ]
    switches = [wiki.normalize(t) for t in dict.fromkeys(run_pages)]
    pages = {p.title: p for p in wiki.read_pages([*(w.title for w in wanted), *switches])}
    stop = next((s for t in switches if (s := kill_switch(t, pages.get(t)))), "")
    bot_user = wiki.username or ""
    others: dict[str, str] = {}
    for page in wanted:
        state = pages.get(page.title)
        differs = state is not None and (state.text or "").rstrip() != page.text.rstrip()
        if page.owned and state is not None and state.exists and differs and state.user != bot_user:
            mine = wiki.last_text_by(page.title, bot_user) if bot_user else None
            before = mine if mine is not None else page.text
            diff = PageChange(page.title, Action.UPDATE, before, state.text)
            others[page.title] = unified_diff(diff, labels=("the bot's last revision", "now"))
    words = site_messages(wiki.site)
    changes = plan_install(wanted, pages, bot_user, prefix, options.force, others, words)
    summary = RunSummary(job="install-templates", refused=stop)
    if options.dry_run or stop:
        summary.dry_run = "dry run" if options.dry_run else "refused"
        say(install_text(changes))
        for change in changes:
            summary.record(change.action)
        say(counted(summary, wiki, reads, writes).line())
        return summary
    held = [c.title for c in changes if c.action == Action.SKIPPED]
    apply_changes(changes, wiki, templates[0], summary, say, options.ask)
    say(counted(summary, wiki, reads, writes).line())
    if held:
        summary.refused = (
            f"{', '.join(f'[[{t}]]' for t in held)} changed by someone else since the bot's "
            "last edit: look at their change, then pass --force to overwrite it"
        )
    return summary
