"""A text typed outside any saisie: the search of a poste by name, on the screen its author
last used (a gestionnaire's call screen, an interne's remote-choice picker); for anyone else,
the help."""

from telegram import Update

from bot.telegram import appel, comptes, distance
from bot.telegram.acces import qui
from bot.telegram.contexte import ContexteBot


async def texte(update: Update, context: ContexteBot) -> None:
    who = await qui(context, update)
    if who.gestionnaire:
        await appel.rechercher(update, context)
    elif who.interne:
        await distance.rechercher(update, context)
    else:
        await comptes.aide(update, context)
