"""Command menus per role: strangers see the default scope, a bound account its own chat's."""

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.telegram.textes import comptes as textes

PAR_ROLE = {
    "interne": textes.COMMANDES_INTERNE,
    "gestionnaire": textes.COMMANDES_GESTIONNAIRE,
    "mandataire": textes.COMMANDES_MANDATAIRE,
}


def _commands(pairs: list[tuple[str, str]]) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in pairs]


async def par_defaut(bot: Bot) -> None:
    await bot.set_my_commands(_commands(textes.COMMANDES_INCONNU), scope=BotCommandScopeDefault())


async def installer(bot: Bot, chat_id: int, role: str) -> None:
    await bot.set_my_commands(_commands(PAR_ROLE[role]), scope=BotCommandScopeChat(chat_id))
