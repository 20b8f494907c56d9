"""The search a person typed for a message of postes: kept with the chat, per message, so that
paging that message, and redrawing it when the call moves, keeps showing what was looked for.

Kept in the chat's data (`DonneesChat`), which the bot's persistence keeps across a restart."""

from bot.telegram.contexte import ContexteBot, DonneesChat

LONGUEUR = 40
"""Characters of a search kept: more never names a poste better."""
GARDEES = 20
"""Searches kept per chat: the last messages searched, older ones forgotten."""


def nettoyer(typed: str) -> str:
    return " ".join(typed.split())[:LONGUEUR]


def retenir(chat: DonneesChat, message_id: int, filtre: str, pour: object = None) -> None:
    """`pour`: whom the search was typed for (a call screen forgets it once another is
    called)."""
    kept = chat.recherches
    kept.pop(message_id, None)
    kept[message_id] = filtre
    chat.recherches_pour[message_id] = pour
    for old in list(kept)[:-GARDEES]:
        del kept[old]
    for old in set(chat.recherches_pour) - set(kept):
        del chat.recherches_pour[old]


def oublier(chat: DonneesChat, message_id: int) -> None:
    chat.recherches.pop(message_id, None)
    chat.recherches_pour.pop(message_id, None)


def pour(chat: DonneesChat | None, message_id: int) -> object:
    return chat.recherches_pour.get(message_id) if chat else None


def filtre(chat: DonneesChat | None, message_id: int) -> str:
    return chat.recherches.get(message_id, "") if chat else ""


def du_message(context: ContexteBot, query) -> str:
    """The search shown by the message that was pressed ("" when none)."""
    return filtre(context.chat_data, query.message.message_id)
