"""A gestionnaire sends the internes or postes file: the bot shows what would change with
« Appliquer » / « Annuler »; nothing is written before « Appliquer », and what is applied is
what was shown (if the base changed meanwhile, nothing is applied). A bad file is refused whole:
the first errors in the message, all of them as a text document when there are more."""

import io
import itertools

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.operations import imports
from bot.operations.comptes import Qui
from bot.telegram import clavier, textes
from bot.telegram.acces import contexte, gestionnaire_seulement
from ranking.errors import InvalidInput, Refused

IMPORT = "I"
TAILLE_MAX = 10 * 1024 * 1024  # far above a subdivision's file; Telegram serves up to 20 MB
_PENDING = "imports_en_attente"
_NUMBERS = itertools.count(1)


@gestionnaire_seulement
async def document(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    sent = update.message.document
    if sent.file_size is not None and sent.file_size > TAILLE_MAX:
        await update.message.reply_text(textes.TROP_GROS.format(mo=TAILLE_MAX // 1024 // 1024))
        return
    data = bytes(await (await sent.get_file()).download_as_bytearray())
    name = sent.file_name or "fichier"
    ctx = contexte(context, update)
    try:
        nature = imports.deviner(data, name)
        fichier = imports.lire(nature, data, name, ctx.config)
    except InvalidInput as error:
        await _refused(update, name, error.messages())
        return
    apercu = await imports.apercu(ctx, fichier)
    if apercu.vide:
        await update.message.reply_text(textes.IMPORT_IDENTIQUE.format(nom=name))
        return
    number = next(_NUMBERS)
    context.bot_data.setdefault(_PENDING, {})[number] = apercu
    buttons = InlineKeyboardMarkup([[
        InlineKeyboardButton("Appliquer", callback_data=clavier.pack(IMPORT, number, 1)),
        InlineKeyboardButton("Annuler", callback_data=clavier.pack(IMPORT, number, 0)),
    ]])  # fmt: skip
    text = textes.apercu(imports.decrire(apercu))
    for chunk in textes.morceaux(text)[:-1]:
        await update.message.reply_text(chunk)
    await update.message.reply_text(textes.morceaux(text)[-1], reply_markup=buttons)


async def _refused(update: Update, name: str, messages: list[str]) -> None:
    await update.message.reply_text(textes.erreurs_fichier(messages))
    if len(messages) > 10:
        report = io.BytesIO("\n".join(messages).encode("utf-8"))
        await update.message.reply_document(report, filename=f"erreurs_{name}.txt")


@gestionnaire_seulement
async def bouton(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    query = update.callback_query
    await query.answer()
    pressed = clavier.parse(query.data)
    pending = context.bot_data.setdefault(_PENDING, {})
    if pressed is None or len(pressed.values) != 2 or pressed.values[0] not in pending:
        await query.edit_message_reply_markup(None)
        await query.message.reply_text(textes.IMPORT_EXPIRE)
        return
    number, apply = pressed.values
    apercu = pending.pop(number)
    await query.edit_message_reply_markup(None)
    if not apply:
        await query.message.reply_text(textes.IMPORT_ANNULE)
        return
    try:
        await imports.appliquer(contexte(context, update), apercu.fichier, vu=apercu)
    except Refused as refusal:
        await query.message.reply_text(textes.refus(refusal))
        return
    await query.message.reply_text(textes.IMPORT_APPLIQUE.format(nom=apercu.fichier.source))
