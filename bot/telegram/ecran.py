"""Showing a screen in the message that was pressed: edited only when what it shows changes.

Telegram refuses an edit to the very text and keyboard a message already has; a double tap, or
two gestionnaires redrawing the same screen, would otherwise meet that refusal."""

from telegram import CallbackQuery, InlineKeyboardMarkup
from telegram.error import BadRequest

from bot.telegram import textes


async def editer(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    message = query.message
    if textes.brut(text) == message.text and markup == message.reply_markup:
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
