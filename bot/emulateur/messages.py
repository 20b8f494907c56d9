"""Messages the bot sends, edits and deletes: text and caption checked in their parse mode, the
inline keyboard checked, an edit that changes nothing refused, each send counted by the flood
control."""

import time
from typing import TYPE_CHECKING

from bot.emulateur import chats, files
from bot.emulateur.model import CAPTION_LIMIT, NON_MODIFIE, TEXT_LIMIT, ApiError, Message
from bot.emulateur.params import formatted, markup

if TYPE_CHECKING:
    from bot.emulateur.core import Emulateur


async def send_message(emu: "Emulateur", params: dict) -> dict:
    chat = chats.resolve(emu, params)
    text, entities = formatted(params, "text", TEXT_LIMIT, required=True)
    keyboard = markup(params.get("reply_markup"))
    emu.debit.take(chat["id"])
    message = Message(emu.message_id(chat["id"]), chat, int(time.time()), True,
                      text=text, reply_markup=keyboard, entities=entities,
                      recu_a=emu.clock())  # fmt: skip
    emu.chats[chat["id"]].append(message)
    return message.as_dict(emu.bot_user, None)


async def send_document(emu: "Emulateur", params: dict) -> dict:
    chat = chats.resolve(emu, params)
    document = params.get("document")
    if isinstance(document, tuple):
        name, data, mime = document
        stored = files.store(emu, name, data, mime or "application/octet-stream")
    elif isinstance(document, str) and document in emu.files:
        stored = emu.files[document][0]
    else:
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
    caption, _ = formatted(params, "caption", CAPTION_LIMIT, required=False)
    emu.debit.take(chat["id"])
    message = Message(emu.message_id(chat["id"]), chat, int(time.time()), True,
                      document=stored, caption=caption,
                      reply_markup=markup(params.get("reply_markup")))  # fmt: skip
    emu.chats[chat["id"]].append(message)
    return message.as_dict(emu.bot_user, None)


async def edit_message_text(emu: "Emulateur", params: dict) -> dict:
    message = bot_message(emu, params)
    text, entities = formatted(params, "text", TEXT_LIMIT, required=True)
    keyboard = markup(params.get("reply_markup"))
    if (text, entities, keyboard) == (message.text, message.entities, message.reply_markup):
        raise ApiError(400, NON_MODIFIE)
    emu.debit.take(message.chat["id"])
    message.text, message.entities, message.reply_markup = text, entities, keyboard
    message.modifications += 1
    return message.as_dict(emu.bot_user, None)


async def edit_message_reply_markup(emu: "Emulateur", params: dict) -> dict:
    message = bot_message(emu, params)
    keyboard = markup(params.get("reply_markup"))
    if keyboard == message.reply_markup:
        raise ApiError(400, NON_MODIFIE)
    message.reply_markup = keyboard
    message.modifications += 1
    return message.as_dict(emu.bot_user, None)


async def delete_message(emu: "Emulateur", params: dict) -> bool:
    message = bot_message(emu, params)
    emu.chats[message.chat["id"]].remove(message)
    return True


def bot_message(emu: "Emulateur", params: dict) -> Message:
    """The bot's own message a call names, in a chat it may write to."""
    chat = chats.resolve(emu, params)
    wanted = int(str(params.get("message_id", "0")))
    for message in emu.chats[chat["id"]]:
        if message.message_id == wanted and message.du_bot:
            return message
    raise ApiError(400, "Bad Request: message to edit not found")


METHODS = {
    "sendMessage": send_message,
    "sendDocument": send_document,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
}
