"""A gestionnaire sends the internes or postes file: the bot shows what would change with
« Appliquer » / « Annuler »; nothing is written before « Appliquer », and what is applied is
what was shown (if the base changed meanwhile, nothing is applied). A bad file is refused whole:
the first errors in the message, all of them as a text document when there are more."""

import asyncio
import io
import threading

from telegram import InlineKeyboardMarkup, Update

from bot.operations import imports
from bot.operations.comptes import Qui
from bot.telegram.acces import GESTIONNAIRE, bouton, commande
from bot.telegram.clavier import Sorte
from bot.telegram.contexte import ContexteBot
from bot.telegram.ecran import retirer_clavier
from bot.telegram.textes import commun
from bot.telegram.textes import gestion as textes
from ranking.config import Config
from ranking.errors import DejaFait, InvalidInput

IMPORT = Sorte("I", "attente", "appliquer")
"""« Appliquer » (1) or « Annuler » (0) of the import waiting under that id in the base."""
TAILLE_MAX = 10 * 1024 * 1024  # far above a subdivision's file; Telegram serves up to 20 MB
_LECTURE = threading.Lock()
"""Files are read one at a time, beside the bot's event loop (which goes on answering)."""


@commande(GESTIONNAIRE)
async def document(update: Update, context: ContexteBot, who: Qui) -> None:
    sent = update.message.document
    if sent.file_size is not None and sent.file_size > TAILLE_MAX:
        await update.message.reply_text(textes.TROP_GROS.format(mo=TAILLE_MAX // 1024 // 1024))
        return
    data = bytes(await (await sent.get_file()).download_as_bytearray())
    name = sent.file_name or "fichier"
    ctx = context.ctx
    try:
        fichier = await asyncio.to_thread(_lire, data, name, ctx.config)
    except InvalidInput as error:
        await _refused(update, name, error.messages())
        return
    apercu = await imports.apercu(ctx, fichier)
    if apercu.vide:
        await update.message.reply_text(textes.IMPORT_IDENTIQUE.format(nom=name))
        return
    if not apercu.applicable:  # said now, not after a press that could only be refused
        text = textes.apercu(imports.decrire(apercu)) + "\n\n" + textes.IMPORT_INAPPLICABLE
        for chunk in commun.morceaux(text):
            await update.message.reply_text(chunk)
        return
    number = await imports.mettre_en_attente(ctx, apercu)
    buttons = InlineKeyboardMarkup([[
        IMPORT.bouton(textes.BOUTON_APPLIQUER, attente=number, appliquer=1),
        IMPORT.bouton(commun.BOUTON_ANNULER, attente=number, appliquer=0),
    ]])  # fmt: skip
    text = textes.apercu(imports.decrire(apercu))
    for chunk in commun.morceaux(text)[:-1]:
        await update.message.reply_text(chunk)
    await update.message.reply_text(commun.morceaux(text)[-1], reply_markup=buttons)


def _lire(data: bytes, name: str, config: Config) -> imports.Fichier:
    """The file parsed, off the event loop: a national file takes seconds."""
    with _LECTURE:
        return imports.lire(imports.deviner(data, name), data, name, config)


async def _refused(update: Update, name: str, messages: list[str]) -> None:
    await update.message.reply_text(textes.erreurs_fichier(messages))
    if len(messages) > 10:
        report = io.BytesIO("\n".join(messages).encode("utf-8"))
        await update.message.reply_document(report, filename=f"erreurs_{name}.txt")


@bouton(IMPORT, GESTIONNAIRE)
async def bouton_import(query, context: ContexteBot, who: Qui, data) -> str | None:
    """Applied (or cancelled) once, whoever presses and however often; the buttons go."""
    ctx = context.ctx
    try:
        if data.appliquer:
            apercu = await imports.appliquer_attente(ctx, data.attente)
            said = textes.IMPORT_APPLIQUE.format(nom=apercu.fichier.source)
        else:
            await imports.annuler_attente(ctx, data.attente)
            said = textes.IMPORT_ANNULE
    except DejaFait as done:
        await retirer_clavier(query)
        return commun.deja_court(done)
    await retirer_clavier(query)
    await query.message.reply_text(said)
    return None
