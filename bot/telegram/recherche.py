"""The search a person typed for a message of postes: kept with the chat, per message, so that
paging that message, and redrawing it when the call moves, keeps showing what was looked for.

Kept in the chat's data, which the bot's persistence keeps across a restart."""

from telegram.ext import ContextTypes

LONGUEUR = 40
"""Characters of a search kept: more never names a poste better."""
GARDEES = 20
"""Searches kept per chat: the last messages searched, older ones forgotten."""
_CLE = "recherches"
_POUR = "recherches_pour"


def nettoyer(typed: str) -> str:
    return " ".join(typed.split())[:LONGUEUR]


def retenir(chat_data: dict, message_id: int, filtre: str, pour: object = None) -> None:
    """`pour`: whom the search was typed for (a call screen forgets it once another is
    called)."""
    kept = chat_data.setdefault(_CLE, {})
    kept.pop(message_id, None)
    kept[message_id] = filtre
    chat_data.setdefault(_POUR, {})[message_id] = pour
    for old in list(kept)[:-GARDEES]:
        del kept[old]
    for old in set(chat_data[_POUR]) - set(kept):
        del chat_data[_POUR][old]


def oublier(chat_data: dict, message_id: int) -> None:
    chat_data.get(_CLE, {}).pop(message_id, None)
    chat_data.get(_POUR, {}).pop(message_id, None)


def pour(chat_data: dict | None, message_id: int) -> object:
    return (chat_data or {}).get(_POUR, {}).get(message_id)


def filtre(chat_data: dict | None, message_id: int) -> str:
    return (chat_data or {}).get(_CLE, {}).get(message_id, "")


def du_message(context: ContextTypes.DEFAULT_TYPE, query) -> str:
    """The search shown by the message that was pressed ("" when none)."""
    return filtre(context.chat_data, query.message.message_id)
