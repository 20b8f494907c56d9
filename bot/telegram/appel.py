"""The call of a list from the gestionnaire's phone: one "appel" message showing who is called,
the next five and the pace, with buttons for the acts of the call (the same engine, rules and
journal as `amphi appel`). The screen is drawn by `ecran_appel`, and follows the call by
`suivi`.

Every button carries the list's version (its last journal entry) and the operation checks it
inside the act's own transaction: a press on a keyboard another gestionnaire, `amphi appel` on
a laptop or a remote choice made outdated is refused and the screen redrawn, never applied to
the next interne; the presser's own act pressed twice is told « déjà fait ». Indexes in the
data (a poste, an absent) are read against the very state the keyboard was drawn from."""

import contextlib

from telegram import InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.operations import appel, classement
from bot.operations.apercu import apercu
from bot.operations.appel import Acte, Appui, Ecran
from bot.operations.comptes import Qui
from bot.telegram import recherche
from bot.telegram.acces import GESTIONNAIRE, bouton, commande
from bot.telegram.contexte import ContexteBot
from bot.telegram.ecran import editer
from bot.telegram.ecran_appel import (
    APPEL,
    ARRIVEE,
    CHOISIR,
    CONFIRMEES,
    DEMANDES,
    DIFFERER,
    MENUS,
    MONTRER,
    OFFICE,
    OUVRIR,
    OUVRIR_MALGRE,
    TOUS_POSTES,
    Confirme,
    Panneau,
    Vue,
    filtre,
    pour,
    rendu,
    vue_du_menu,
)
from bot.telegram.reveil import reveiller
from bot.telegram.suivi import suivre_ecran
from bot.telegram.textes import appel as textes
from bot.telegram.textes import commun
from ranking.errors import AConfirmer, DejaFait, HorsMaquette, Perime, Refused


@commande(GESTIONNAIRE)
async def commande_appel(update, context: ContexteBot, who: Qui) -> None:
    """/appel: a button per list that can be called (final order validated) or is being called."""
    ctx = context.ctx
    rows = [
        [MONTRER.bouton(textes.bouton_liste(liste.nom, etat), liste=liste.id, version=version)]
        for liste, version, etat in await classement.a_appeler(ctx)
    ]
    if not rows:
        await update.message.reply_text(textes.AUCUNE_LISTE_A_APPELER)
        return
    await update.message.reply_text(textes.CHOISIR_APPEL, reply_markup=InlineKeyboardMarkup(rows))


@bouton(APPEL, GESTIONNAIRE)
async def bouton_appel(query, context: ContexteBot, who: Qui, data) -> None:
    """Every press edits the one call screen in place, what was done (or refused) on its first
    line: one message per act, which keeps a fast call within Telegram's pace for a chat."""
    ctx = context.ctx
    kind = data.sorte
    if kind in MENUS:
        if kind in (MONTRER, TOUS_POSTES):
            recherche.oublier(context.chat_data, query.message.message_id)
        await _dessiner(context, query, await appel.ecran(ctx, data.liste), vue_du_menu(data))
        return
    if kind in DEMANDES:
        await _demander(context, query, ctx, data, DEMANDES[kind])
        return
    try:
        said, shown = await appel.appuyer(ctx, data.liste, data.version, _appui(data))
    except AConfirmer as asked:  # the verification's findings, read before opening anyway
        shown = await appel.ecran(ctx, data.liste)
        notice = textes.constats_a_confirmer(asked, shown.liste.nom)
        view = Vue(Panneau.CONSTATS, constats=len(asked.lignes))
        await _dessiner(context, query, shown, view, notice)
        return
    except HorsMaquette as refusal:  # the rule, and the way to give it anyway
        absent = data.absent if kind is OFFICE else None
        view = Vue(Panneau.HORS, poste=data.poste, absent=absent)
        notice = textes.hors_maquette(refusal)
        await _dessiner(context, query, await appel.ecran(ctx, data.liste), view, notice)
        return
    except Refused as refusal:
        await _refuse(context, query, ctx, data.liste, refusal)
        return
    reveiller(context)
    await _dessiner(context, query, shown, notice=commun.acte(said))


async def _demander(context, query, ctx, data, confirme: Confirme) -> None:
    """The confirmation of an act of CONFIRMES: its sentence, nothing done yet."""
    try:
        found, shown = await apercu(ctx, data.liste, data.version, Appui(confirme.acte))
    except Refused as refusal:
        await _refuse(context, query, ctx, data.liste, refusal)
        return
    libelles = shown.etat.libelles if shown.etat else {}
    notice = textes.question(confirme.acte, found, libelles, shown.liste.nom)
    view = Vue(Panneau.DEMANDE, acte=confirme.acte)
    await _dessiner(context, query, shown, view=view, notice=notice)


async def _refuse(context, query, ctx, liste_id: int, refusal: Refused) -> None:
    """The screen as it now is, what happened to the press on its first line: done already
    (a double tap), the keyboard outdated, or the rule that refuses it."""
    if isinstance(refusal, DejaFait):
        notice = commun.deja(refusal)
    elif isinstance(refusal, Perime):
        notice = commun.avertissement(commun.CLAVIER_PERIME)
    else:
        notice = commun.avertissement(commun.refus(refusal))
    await _dessiner(context, query, await appel.ecran(ctx, liste_id), notice=notice)


def _appui(data) -> Appui:
    """The act a press of the call screen does, and what it names on it."""
    kind = data.sorte
    if kind in CONFIRMEES:
        return Appui(CONFIRMEES[kind].acte)
    if kind is OUVRIR:
        return Appui(Acte.OUVRIR)
    if kind is OUVRIR_MALGRE:
        return Appui(Acte.OUVRIR, malgre=True)
    if kind is CHOISIR:
        return Appui(Acte.CHOISIR, poste=data.poste)
    if kind is DIFFERER:
        return Appui(Acte.DIFFERER, apres=data.apres)
    if kind is ARRIVEE:
        return Appui(Acte.ARRIVEE, absent=data.absent)
    if kind is OFFICE:
        return Appui(Acte.OFFICE, absent=data.absent, poste=data.poste)
    raise Refused(commun.BOUTON_PERIME)


async def _dessiner(
    context, query, shown: Ecran, view: Vue | None = None, notice: str | None = None
) -> None:
    typed = filtre(context.chat_data, query.message.message_id, shown)
    text, markup = rendu(shown, view, notice, typed, _rang_appuye(query))
    suivre_ecran(context, query.message.chat_id, query.message.message_id, shown, view)  # first:
    await editer(query, text, markup)  # the sender's round, woken by the act, must not redraw it


@commande(GESTIONNAIRE)
async def rechercher(update, context: ContexteBot, who: Qui) -> None:
    """A typed text on the call screen last used in this chat: a new call screen with the open
    postes whose name begins with those words (the older screen loses its buttons)."""
    chat = update.effective_chat.id
    screens = context.chat_data.ecrans
    liste_id = context.chat_data.dernier
    if liste_id not in screens:
        await update.message.reply_text(textes.RECHERCHE_SANS_ECRAN)
        return
    shown = await appel.ecran(context.ctx, liste_id)
    view = Vue(Panneau.POSTES)
    typed = recherche.nettoyer(update.message.text or "")
    text, markup = rendu(shown, view, None, typed)
    older = screens[liste_id][0]
    sent = await update.message.reply_text(text, reply_markup=markup)
    recherche.retenir(context.chat_data, sent.message_id, typed, pour(shown))
    suivre_ecran(context, chat, sent.message_id, shown, view)
    with contextlib.suppress(TelegramError):  # deleted or too old: nothing to press on it
        await context.bot.edit_message_reply_markup(chat, older, reply_markup=None)


def _rang_appuye(query) -> int | None:
    """The row of the button pressed, in the keyboard the press was made on."""
    markup = getattr(query.message, "reply_markup", None)
    rows = markup.inline_keyboard if markup else ()
    return next((n for n, row in enumerate(rows) for b in row if b.callback_data == query.data),
                None)  # fmt: skip
