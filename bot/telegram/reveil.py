"""Waking the alerts' sender after an act made in the bot, without importing it (the sender
itself imports the features whose buttons its alerts carry)."""

from bot.telegram.contexte import ContexteBot


def reveiller(context: ContexteBot) -> None:
    """A round of alerts and board now, as a task the shutdown waits for."""
    if context.application.running:  # not while stopping: nothing would wait for it
        context.application.create_task(context.bot_data.veilleur.tour(context.application))
