"""Command menus per role: strangers see the default scope, a bound account its own chat's."""

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.telegram.textes import comptes as textes
from bot.telegram.textes import semestre


def _apres(pairs: list[tuple[str, str]], nom: str, ajout: tuple[str, str]):
    """`ajout` in the menu after the command `nom` (last when there is none)."""
    noms = [name for name, _ in pairs]
    at = noms.index(nom) + 1 if nom in noms else len(pairs)
    return [*pairs[:at], ajout, *pairs[at:]]


PAR_ROLE = {
    "interne": textes.COMMANDES_INTERNE,
    "gestionnaire": _apres(textes.COMMANDES_GESTIONNAIRE, "etat", semestre.COMMANDE),
    "mandataire": textes.COMMANDES_MANDATAIRE,
}


def _commands(pairs: list[tuple[str, str]]) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in pairs]


async def par_defaut(bot: Bot) -> None:
    await bot.set_my_commands(_commands(textes.COMMANDES_INCONNU), scope=BotCommandScopeDefault())


async def installer(bot: Bot, chat_id: int, role: str) -> None:
    await bot.set_my_commands(_commands(PAR_ROLE[role]), scope=BotCommandScopeChat(chat_id))
