"""The gestionnaire's other commands: /journal (paged), /pdf (the editions as documents),
/invitation ID, /invitations (a CSV of codes for a list), /delier TELEGRAM_ID, /interne ID,
/monter ID and /descendre ID (the classement final), /particulier ID (stage particulier)."""

import csv
import io

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.operations import classement, comptes, editions, journal, moi, voeux
from bot.operations.comptes import Qui
from bot.operations.rows import row_key
from bot.telegram import clavier, textes
from bot.telegram.acces import contexte, gestionnaire_seulement
from ranking.appel import Surnombre
from ranking.errors import Refused

JOURNAL, PDF, INVITATIONS = "J", "D", "N"
EDITIONS = ("appel", "emargement", "resultats")
PAGE_JOURNAL = 20


@gestionnaire_seulement
async def journal_commande(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    """/journal, or /journal LISTE (its name as configured)."""
    ctx = contexte(context, update)
    liste_id = 0
    if context.args:
        liste_id = (await classement.liste(ctx, " ".join(context.args))).id
    text, markup = await _journal(ctx, 0, liste_id)
    await update.message.reply_text(text, reply_markup=markup)


async def _journal(ctx, page: int, liste_id: int) -> tuple[str, InlineKeyboardMarkup | None]:
    nom = (await classement.version(ctx, liste_id))[0].nom if liste_id else None
    lines = await journal.lignes(ctx, nom, derniers=(page + 1) * PAGE_JOURNAL + 1)
    more = len(lines) > (page + 1) * PAGE_JOURNAL
    shown = lines[-(page + 1) * PAGE_JOURNAL :][:PAGE_JOURNAL]
    buttons = []
    if more:
        data = clavier.pack(JOURNAL, page + 1, liste_id)
        buttons.append(InlineKeyboardButton("◀ plus anciennes", callback_data=data))
    if page > 0:
        data = clavier.pack(JOURNAL, page - 1, liste_id)
        buttons.append(InlineKeyboardButton("plus récentes ▶", callback_data=data))
    return textes.journal(shown, page, nom), InlineKeyboardMarkup([buttons]) if buttons else None


@gestionnaire_seulement
async def bouton_journal(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    query = update.callback_query
    await query.answer()
    pressed = clavier.parse(query.data)
    if pressed is None or len(pressed.values) != 2:
        await query.message.reply_text(textes.BOUTON_PERIME)
        return
    page, liste_id = pressed.values
    ctx = contexte(context, update)
    text, markup = await _journal(ctx, max(0, min(page, 10_000)), liste_id)
    if textes.brut(text) != query.message.text or markup != query.message.reply_markup:
        await query.edit_message_text(text, reply_markup=markup)


async def _list_buttons(ctx, kind: str, with_editions: bool) -> InlineKeyboardMarkup:
    found = await classement.situation(ctx)
    rows = []
    for liste, _ in found.listes:
        if with_editions:
            rows.append([
                InlineKeyboardButton(f"{liste.nom} : {textes.EDITION_LABELS[e]}",
                                     callback_data=clavier.pack(kind, liste.id, n))
                for n, e in enumerate(EDITIONS)
            ])  # fmt: skip
        else:
            rows.append(
                [InlineKeyboardButton(liste.nom, callback_data=clavier.pack(kind, liste.id))]
            )
    return InlineKeyboardMarkup(rows)


@gestionnaire_seulement
async def pdf(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    markup = await _list_buttons(contexte(context, update), PDF, with_editions=True)
    await update.message.reply_text(textes.CHOISIR_EDITION, reply_markup=markup)


@gestionnaire_seulement
async def bouton_pdf(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    """The edition as a document. fpdf2 is imported here only: the bot loads without it."""
    from bot.editions.rendu import rendre

    query = update.callback_query
    await query.answer()
    pressed = clavier.parse(query.data)
    ctx = contexte(context, update)
    if pressed is None or len(pressed.values) != 2 or not 0 <= pressed.values[1] < len(EDITIONS):
        await query.message.reply_text(textes.BOUTON_PERIME)
        return
    liste, _ = await classement.version(ctx, pressed.values[0])
    edition = EDITIONS[pressed.values[1]]
    _, document, _ = await editions.document(ctx, edition, liste.nom)
    data, pages = rendre(document)
    await query.message.reply_document(
        io.BytesIO(data), filename=editions.default_name(edition, liste.nom),
        caption=textes.edition(document.titre, pages),
    )  # fmt: skip


@gestionnaire_seulement
async def invitation(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    if len(context.args) != 1:
        await update.message.reply_text(textes.USAGE_INVITATION)
        return
    code = await comptes.inviter(contexte(context, update), context.args[0])
    await update.message.reply_text(
        textes.invitation(context.args[0], code, comptes.lien(context.bot_data["config"], code))
    )


@gestionnaire_seulement
async def invitations(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    markup = await _list_buttons(contexte(context, update), INVITATIONS, with_editions=False)
    await update.message.reply_text(textes.CHOISIR_LISTE_INVITATIONS, reply_markup=markup)


@gestionnaire_seulement
async def bouton_invitations(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    query = update.callback_query
    await query.answer()
    pressed = clavier.parse(query.data)
    ctx = contexte(context, update)
    if pressed is None or len(pressed.values) != 1:
        await query.message.reply_text(textes.BOUTON_PERIME)
        return
    liste, _ = await classement.version(ctx, pressed.values[0])
    found = await comptes.inviter_liste(ctx, liste.nom)
    if not found:
        await query.message.reply_text(textes.TOUS_LIES.format(liste=liste.nom))
        return
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["id", "nom", "prenom", "code", "lien"])
    writer.writerows([i.interne_id, i.nom, i.prenom, i.code, i.lien or ""] for i in found)
    await query.message.reply_document(
        io.BytesIO(buffer.getvalue().encode("utf-8-sig")),
        filename=editions.default_name("invitations", liste.nom).replace(".pdf", ".csv"),
        caption=textes.invitations(liste.nom, len(found)),
    )  # fmt: skip


@gestionnaire_seulement
async def delier(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    if len(context.args) != 1 or not context.args[0].isdigit() or len(context.args[0]) > 15:
        await update.message.reply_text(textes.USAGE_DELIER)
        return
    await comptes.delier(contexte(context, update), int(context.args[0]))
    await update.message.reply_text(textes.DELIE.format(id=context.args[0]))


@gestionnaire_seulement
async def interne(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    if len(context.args) != 1:
        await update.message.reply_text(textes.USAGE_INTERNE)
        return
    try:
        found = await comptes.fiche(contexte(context, update), context.args[0])
    except Refused as refusal:
        await update.message.reply_text(textes.refus(refusal))
        return
    await update.message.reply_text(textes.fiche_interne(found))


@gestionnaire_seulement
async def monter(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    await _deplacer(update, context, vers_le_haut=True)


@gestionnaire_seulement
async def descendre(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    await _deplacer(update, context, vers_le_haut=False)


async def _deplacer(update: Update, context: ContextTypes.DEFAULT_TYPE, vers_le_haut: bool) -> None:
    if len(context.args) != 1:
        await update.message.reply_text(textes.USAGE_DEPLACER)
        return
    ctx = contexte(context, update)
    key = row_key(context.args[0], "identifiant")
    nom = await classement.liste_en_classement(ctx, key[0])
    vue = await classement.deplacer(ctx, nom, key, vers_le_haut)
    rang = next(r for r, ligne in vue.lignes if ligne.key == key)
    await update.message.reply_text(textes.deplace(nom, context.args[0], rang))


@gestionnaire_seulement
async def particulier(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    """/particulier ID fleche POSTE, or /particulier ID surnombre validant|non_validant."""
    args = context.args
    kinds = {"validant": Surnombre.VALIDANT, "non_validant": Surnombre.NON_VALIDANT}
    if (
        len(args) != 3
        or args[1] not in ("fleche", "surnombre")
        or (args[1] == "surnombre" and args[2] not in kinds)
    ):
        await update.message.reply_text(textes.USAGE_PARTICULIER)
        return
    ctx = contexte(context, update)
    lists = await moi.liste_ids(ctx, args[0])
    if len(lists) != 1:
        raise Refused(f"{args[0]} est dans plusieurs listes : utiliser amphi particulier --liste")
    surnombre = kinds.get(args[2]) if args[1] == "surnombre" else None
    fleche = args[2] if args[1] == "fleche" else None
    _, said = await voeux.particulier(ctx, lists[0][1], args[0], surnombre, fleche)
    await update.message.reply_text(textes.particulier(said))
