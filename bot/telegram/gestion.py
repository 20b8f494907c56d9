"""The gestionnaire's other commands: /journal (paged), /pdf (the editions as documents),
/invitation ID, /invitations (a CSV of codes for a list), /delier TELEGRAM_ID, /interne ID,
/monter ID and /descendre ID (the classement final), /particulier ID (stage particulier)."""

import csv
import io

from telegram import InlineKeyboardMarkup, Update

from bot.operations import classement, comptes, editions, journal, verification, voeux
from bot.operations.comptes import Qui
from bot.operations.tableur import csv_text
from bot.telegram import arguments
from bot.telegram.acces import GESTIONNAIRE, bouton, commande
from bot.telegram.clavier import Sorte
from bot.telegram.contexte import ContexteBot
from bot.telegram.ecran import editer
from bot.telegram.particulier import carte as particulier_carte
from bot.telegram.textes import classement as textes_classement
from bot.telegram.textes import commun
from bot.telegram.textes import gestion as textes
from ranking.appel import Surnombre

JOURNAL = Sorte("J", "avant", "page", "liste")
"""A page of the journal: the entries up to `avant` (0: the latest), of one list (its id) or of
everything (0); `page` only numbers it for the reader."""
PDF = Sorte("D", "liste", "edition")
INVITATIONS = Sorte("N", "liste")
EDITIONS = ("appel", "emargement", "resultats")
PAGE_JOURNAL = 20


@commande(GESTIONNAIRE)
async def journal_commande(update: Update, context: ContexteBot, who: Qui) -> None:
    """/journal, or /journal LISTE (its name as configured)."""
    ctx = context.ctx
    liste_id = 0
    if context.args:
        liste_id = (await classement.liste(ctx, " ".join(context.args))).id
    text, markup = await _journal(ctx, 0, 0, liste_id)
    await update.message.reply_text(text, reply_markup=markup)


async def _journal(
    ctx, avant: int, page: int, liste_id: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of the journal, as many of its latest entries as fit in one message."""
    nom = (await classement.liste_par_id(ctx, liste_id)).nom if liste_id else None
    lines = await journal.lignes(ctx, nom, derniers=PAGE_JOURNAL + 1, jusqu_a=avant or None)
    text, shown = textes.journal(lines[-PAGE_JOURNAL:], page, nom)
    buttons = []
    if shown < len(lines):
        oldest = lines[len(lines) - shown].id
        buttons.append(
            JOURNAL.bouton(
                textes.BOUTON_PLUS_ANCIENNES, avant=oldest - 1, page=page + 1, liste=liste_id
            )
        )
    if page > 0:
        buttons.append(JOURNAL.bouton(textes.BOUTON_PLUS_RECENTES, liste=liste_id))
    return text, InlineKeyboardMarkup([buttons]) if buttons else None


@bouton(JOURNAL, GESTIONNAIRE)
async def bouton_journal(query, context: ContexteBot, who: Qui, data) -> None:
    ctx = context.ctx
    text, markup = await _journal(ctx, max(0, data.avant), max(0, data.page), data.liste)
    await editer(query, text, markup)


async def _list_buttons(ctx, with_editions: bool) -> InlineKeyboardMarkup:
    found = await classement.situation(ctx)
    rows = []
    for liste, _ in found.listes:
        if with_editions:
            rows.append([
                PDF.bouton(textes.bouton_edition(liste.nom, e), liste=liste.id, edition=n)
                for n, e in enumerate(EDITIONS)
            ])  # fmt: skip
        else:
            rows.append([INVITATIONS.bouton(liste.nom, liste=liste.id)])
    return InlineKeyboardMarkup(rows)


@commande(GESTIONNAIRE)
async def pdf(update: Update, context: ContexteBot, who: Qui) -> None:
    markup = await _list_buttons(context.ctx, with_editions=True)
    await update.message.reply_text(textes.CHOISIR_EDITION, reply_markup=markup)


@bouton(PDF, GESTIONNAIRE)
async def bouton_pdf(query, context: ContexteBot, who: Qui, data) -> None:
    """The edition as a document. fpdf2 is imported here only: the bot loads without it."""
    from bot.editions.rendu import rendre

    ctx = context.ctx
    if not 0 <= data.edition < len(EDITIONS):
        await query.message.reply_text(commun.BOUTON_PERIME)
        return
    liste = await classement.liste_par_id(ctx, data.liste)
    edition = EDITIONS[data.edition]
    _, document, _ = await editions.document(ctx, edition, liste.nom)
    data, pages = rendre(document)
    await query.message.reply_document(
        io.BytesIO(data), filename=editions.default_name(edition, liste.nom),
        caption=textes.edition(document.titre, pages),
    )  # fmt: skip


@commande(GESTIONNAIRE)
async def invitation(update: Update, context: ContexteBot, who: Qui) -> None:
    arguments.nombre(context.args, textes.USAGE_INVITATION, 1, 1)
    code = await comptes.inviter(context.ctx, context.args[0])
    await update.message.reply_text(
        textes.invitation(context.args[0], code, comptes.lien(context.bot_data.config, code))
    )


@commande(GESTIONNAIRE)
async def invitations(update: Update, context: ContexteBot, who: Qui) -> None:
    markup = await _list_buttons(context.ctx, with_editions=False)
    await update.message.reply_text(textes.CHOISIR_LISTE_INVITATIONS, reply_markup=markup)


@bouton(INVITATIONS, GESTIONNAIRE)
async def bouton_invitations(query, context: ContexteBot, who: Qui, data) -> None:
    ctx = context.ctx
    liste = await classement.liste_par_id(ctx, data.liste)
    made = await comptes.inviter_liste(ctx, liste.nom)
    found = made.nouvelles
    if not found:
        await query.message.reply_text(textes.aucune_invitation(liste.nom, made))
        return
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["id", "nom", "prenom", "code", "lien"])
    writer.writerows([i.interne_id, i.nom, i.prenom, i.code, i.lien or ""] for i in found)
    await query.message.reply_document(
        io.BytesIO(buffer.getvalue().encode("utf-8-sig")),
        filename=editions.default_name("invitations", liste.nom).replace(".pdf", ".csv"),
        caption=textes.invitations(liste.nom, len(found), made.deja_valables),
    )  # fmt: skip


@commande(GESTIONNAIRE)
async def delier(update: Update, context: ContexteBot, who: Qui) -> None:
    (typed,) = arguments.nombre(context.args, textes.USAGE_DELIER, 1, 1)
    telegram_id = arguments.entier(typed, textes.USAGE_DELIER, 10**15)
    await comptes.delier(context.ctx, telegram_id)
    await update.message.reply_text(textes.DELIE.format(id=telegram_id))


@commande(GESTIONNAIRE)
async def interne(update: Update, context: ContexteBot, who: Qui) -> None:
    (interne_id,) = arguments.nombre(context.args, textes.USAGE_INTERNE, 1, 1)
    text, markup = await particulier_carte(context.ctx, interne_id)
    await update.message.reply_text(text, reply_markup=markup)


@commande(GESTIONNAIRE)
async def monter(update: Update, context: ContexteBot, who: Qui) -> None:
    await _deplacer(update, context, who, vers_le_haut=True)


@commande(GESTIONNAIRE)
async def descendre(update: Update, context: ContexteBot, who: Qui) -> None:
    await _deplacer(update, context, who, vers_le_haut=False)


async def _deplacer(update: Update, context, who: Qui, vers_le_haut: bool) -> None:
    (typed,) = arguments.nombre(context.args, textes_classement.USAGE_DEPLACER, 1, 1)
    key = arguments.ligne(typed, textes_classement.USAGE_DEPLACER)
    ctx = context.ctx
    nom = await classement.liste_en_classement(ctx, key[0])
    vue = await classement.deplacer(ctx, nom, key, vers_le_haut)
    rang = next(r for r, ligne in vue.lignes if ligne.key == key)
    await update.message.reply_text(textes_classement.deplace(nom, typed, rang))


@commande(GESTIONNAIRE)
async def particulier(update: Update, context: ContexteBot, who: Qui) -> None:
    """/particulier ID fleche POSTE, /particulier ID surnombre validant|non_validant, or
    /particulier ID aucun (removed). /interne ID does the same with buttons."""
    interne_id, kind, *rest = arguments.nombre(context.args, textes.USAGE_PARTICULIER, 2, 3)
    what = rest[0] if rest else ""
    surnombre = Surnombre.lire(what) if kind == "surnombre" else None
    valid = {"fleche": bool(what), "surnombre": surnombre is not None, "aucun": not rest}
    if not valid.get(kind, False):
        raise arguments.Usage(textes.USAGE_PARTICULIER)
    fleche = what if kind == "fleche" else None
    _, said = await voeux.particulier(context.ctx, None, interne_id, surnombre, fleche)
    await update.message.reply_text(textes.particulier(said))


@commande(GESTIONNAIRE)
async def verifier(update: Update, context: ContexteBot, who: Qui) -> None:
    """/verifier, or /verifier LISTE: what would make the day contestable (règles §6)."""
    nom = " ".join(context.args) or None
    found = await verification.constats(context.ctx, nom)
    await update.message.reply_text(textes.verification(nom, found))
    if found:
        rows = [[constat.sorte, constat.texte] for constat in found]
        await update.message.reply_document(
            io.BytesIO(csv_text(["sorte", "constat"], rows).encode("utf-8-sig")),
            filename=(
                editions.default_name("verification", nom) if nom else "verification.pdf"
            ).replace(".pdf", ".csv"),
            caption=textes.verification_document(len(found)),
        )
