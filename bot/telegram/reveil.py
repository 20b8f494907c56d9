"""Waking the alerts' sender after an act made in the bot, without importing it (the sender
itself imports the features whose buttons its alerts carry)."""

from bot.telegram.contexte import ContexteBot


def reveiller(context: ContexteBot, apres_les_recues: bool = True) -> None:
    """A round of alerts and board now, as a task the shutdown waits for; after an act, once
    the updates received with it are handled (see `arrivees.FileDesMises`)."""
    application = context.application
    if not application.running:  # not while stopping: nothing would wait for it
        return
    cible = application.update_queue.en_attente() if apres_les_recues else None
    application.create_task(context.bot_data.veilleur.tour(application, cible))
