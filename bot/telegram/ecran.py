"""Showing a screen in the message that was pressed: edited only when what it shows changes.

Telegram refuses an edit to the very text and keyboard a message already has; a double tap, or
two gestionnaires redrawing the same screen, would otherwise meet that refusal. A screen that
follows the call (edited by the sender, not by a press) remembers what it was last asked to
show, in its chat's data written to the base before the edit leaves: a bot killed the instant
Telegram applied it, once started again, does not ask for that same edit."""

import hashlib
import json

from telegram import CallbackQuery, InlineKeyboardMarkup
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application

from bot.telegram.textes import commun

MONTRES_GARDES = 20


async def editer(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    message = query.message
    if commun.brut(text) == message.text and markup == message.reply_markup:
        return
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


async def retirer_clavier(query: CallbackQuery) -> None:
    """The pressed message's buttons taken off (none left: nothing asked of Telegram)."""
    if query.message.reply_markup is None or not query.message.reply_markup.inline_keyboard:
        return
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


async def redessiner(
    application: Application,
    chat_id: int,
    message_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None,
) -> None:
    """A followed screen edited to `text` and `markup`, unless it shows them already. Raises
    what Telegram answered, « not modified » aside (what was asked is shown)."""
    chat_data = application.chat_data[chat_id]
    shown = chat_data.montres
    mark = _empreinte(text, markup)
    if shown.get(message_id) == mark:
        return
    shown.pop(message_id, None)
    shown[message_id] = mark
    while len(shown) > MONTRES_GARDES:
        del shown[next(iter(shown))]
    if application.persistence is not None:  # kept before the edit leaves
        await application.persistence.update_chat_data(chat_id, chat_data)
    try:
        await application.bot.edit_message_text(text, chat_id, message_id, reply_markup=markup)
    except BadRequest as error:
        if "not modified" in error.message:
            return
        shown.pop(message_id, None)  # refused: not shown, even to a bot killed right after
        if application.persistence is not None:
            await application.persistence.update_chat_data(chat_id, chat_data)
        raise
    except TelegramError:  # maybe applied (a time-out), maybe not: the next redraw asks again
        shown.pop(message_id, None)
        raise


def _empreinte(text: str, markup: InlineKeyboardMarkup | None) -> str:
    keyboard = markup.to_dict() if markup is not None else None
    raw = json.dumps([text, keyboard], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]
