"""Chats and members: the chat a call names (a group the bot is in, a user who wrote to it),
refused as Telegram refuses it (never written to, blocked, unknown)."""

from typing import TYPE_CHECKING

from bot.emulateur.model import ApiError

if TYPE_CHECKING:
    from bot.emulateur.core import Emulateur


def resolve(emu: "Emulateur", params: dict) -> dict:
    """The chat a message may be sent to, or Telegram's refusal."""
    chat_id = int(str(params.get("chat_id", "0")))
    if chat_id in emu.groups:
        return emu.groups[chat_id]
    user = emu.users.get(chat_id)
    if user is None and chat_id > 0:
        raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
    if user is None:
        raise ApiError(400, "Bad Request: chat not found")
    if user.bloque:
        emu.bloques += 1
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    return {"id": user.id, "type": "private", "first_name": user.first_name}


async def get_chat(emu: "Emulateur", params: dict) -> dict:
    """A group the bot is in, or a user who has written to it (else, as Telegram: not
    found)."""
    chat_id = int(str(params.get("chat_id", "0")))
    if chat_id in emu.groups:
        return {**emu.groups[chat_id], "accent_color_id": 0, "max_reaction_count": 11}
    user = emu.users.get(chat_id)
    if user is None or not emu.chats.get(chat_id):
        raise ApiError(400, "Bad Request: chat not found")
    return {"id": user.id, "type": "private", "first_name": user.first_name,
            "accent_color_id": 0, "max_reaction_count": 11}  # fmt: skip


async def get_chat_member(emu: "Emulateur", params: dict) -> dict:
    chat_id = int(str(params.get("chat_id", "0")))
    if chat_id not in emu.groups:
        raise ApiError(400, "Bad Request: chat not found")
    if int(str(params.get("user_id", "0"))) != emu.bot_id:
        raise ApiError(400, "Bad Request: user not found")
    return {"status": "member", "user": emu.bot_user}


async def send_chat_action(emu: "Emulateur", params: dict) -> bool:
    resolve(emu, params)
    return True


METHODS = {
    "getChat": get_chat,
    "getChatMember": get_chat_member,
    "sendChatAction": send_chat_action,
}
