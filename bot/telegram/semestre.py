"""/semestre: the next semester built from the gestionnaire's phone (règles §7), and the running
bot moving to it (`bascule`).

/semestre shows what building the next semester would do (the lines `amphi semestre suivant`
prints), or why it cannot be built yet (lists still open), with « Construire le semestre d'été
2027… »; that asks « Confirmer » / « ◀ Retour ». The journal's head the preview was read at is
in the buttons' data: if anything moved since, nothing is built and the preview is drawn again
as it now is. A second press once it is built (a double tap, another gestionnaire, the laptop)
is told « déjà construit » and builds nothing.

Whoever built it (this phone or `amphi semestre suivant` on the laptop while the bot runs), the
bot's round notices the base's semester changed and calls `bascule`: the bot's configuration
gets the new semester, the call screens of the old lists stop being followed, what the sender
kept of the old lists (planned alerts, the board) is forgotten, and the room's page shows the
new semester. Nobody binds again: the accounts stayed in the base."""

import logging
from dataclasses import replace

from telegram import InlineKeyboardMarkup, Update

from bot.operations import semestres
from bot.operations.base import Contexte
from bot.operations.comptes import Qui
from bot.telegram.acces import GESTIONNAIRE, bouton, commande
from bot.telegram.clavier import Sorte
from bot.telegram.contexte import Appli, ContexteBot, Suivis
from bot.telegram.ecran import editer
from bot.telegram.reveil import reveiller
from bot.telegram.textes import commun
from bot.telegram.textes import semestre as textes
from ranking.errors import InvalidInput, Perime, Refused
from ranking.model import Semestre

logger = logging.getLogger("amphi.bot")

SEMESTRE = Sorte("T", "vers", "jeton", "op")
"""A press on the /semestre screen: `vers` the semester it builds (2027-05 → 202705), `jeton`
the journal's head the preview was read at, `op` what the button does (below)."""
CONSTRUIRE, CONFIRMER, RETOUR = 0, 1, 2


def _nombre(code: str) -> int:
    return int(code.replace("-", ""))


def _code(nombre: int) -> str | None:
    """202705 → « 2027-05 »; None for what amphi never writes."""
    code = f"{nombre // 100:04d}-{nombre % 100:02d}"
    try:
        return Semestre.parse(code).code
    except InvalidInput:
        return None


async def _apercu(ctx: Contexte, notice: str | None = None):
    """The preview and its « Construire… » button, or why there is no next semester yet."""
    try:
        vu = await semestres.apercu(ctx)
    except Refused as refusal:
        text = textes.refuse(refusal)
        return (f"{notice}\n\n{text}" if notice else text), None
    button = SEMESTRE.bouton(
        textes.bouton_construire(vu.suivant),
        vers=_nombre(vu.suivant), jeton=vu.jeton, op=CONSTRUIRE,
    )  # fmt: skip
    return textes.apercu(vu.lignes, notice), InlineKeyboardMarkup([[button]])


@commande(GESTIONNAIRE)
async def commande_semestre(update: Update, context: ContexteBot, who: Qui) -> None:
    text, markup = await _apercu(context.ctx)
    chunks = commun.morceaux(text)
    for chunk in chunks[:-1]:
        await update.message.reply_text(chunk)
    await update.message.reply_text(chunks[-1], reply_markup=markup)


@bouton(SEMESTRE, GESTIONNAIRE)
async def bouton_semestre(query, context: ContexteBot, who: Qui, data) -> str | None:
    """Re-checked against the base at every press: the semester it builds not built yet, the
    preview pressed still the base's state."""
    ctx = context.ctx
    vers = _code(data.vers)
    if vers is None or data.op not in (CONSTRUIRE, CONFIRMER, RETOUR):
        return commun.BOUTON_PERIME
    if await semestres.code_courant(ctx) == vers:
        return await _deja(query, vers)
    if data.op == CONFIRMER:
        try:
            fait = await semestres.construire(
                ctx, data.jeton, context.auteur, context.bot_data.telegram.gestionnaires, vers
            )
        except Perime as perime:
            if await semestres.code_courant(ctx) == vers:  # a press a moment before built it
                return await _deja(query, vers)
            await editer(query, *await _apercu(ctx, textes.perime(perime)))
            return None
        except Refused:  # the laptop built it while this press waited: the new one has no
            if await semestres.code_courant(ctx) == vers:  # choice closed, said as « déjà »
                return await _deja(query, vers)
            raise
        await editer(query, textes.construit(vers, fait.lignes))
        reveiller(context)  # the round moves the bot to it and tells everyone, now
        return None
    if data.op == RETOUR:
        await editer(query, *await _apercu(ctx))
        return None
    try:
        vu = await semestres.apercu(ctx)
    except Refused as refusal:  # a list reopened meanwhile: the screen says why
        await editer(query, textes.refuse(refusal))
        return None
    if vu.jeton != data.jeton or vu.suivant != vers:
        await editer(query, *await _apercu(ctx, textes.perime(textes.APERCU_CHANGE)))
        return None
    buttons = InlineKeyboardMarkup([[
        SEMESTRE.bouton(commun.BOUTON_CONFIRMER, vers=data.vers, jeton=vu.jeton, op=CONFIRMER),
        SEMESTRE.bouton(commun.BOUTON_RETOUR, vers=data.vers, jeton=vu.jeton, op=RETOUR),
    ]])  # fmt: skip
    await editer(query, textes.a_confirmer(vers, vu.lignes), buttons)
    return None


async def _deja(query, vers: str) -> str:
    """Built already: nothing done, said in the press's answer (the screen stays: after a
    double tap it shows what the first press built)."""
    return commun.deja_court(textes.deja_construit(vers))


def code_du_bot(application: Appli) -> str | None:
    """The semester the running bot works in."""
    semestre = application.bot_data.config.semestre
    return semestre.code if semestre is not None else None


async def bascule(application: Appli, code: str) -> None:
    """The base is now at semester `code` (built from the phone or by the command line): the
    bot follows. Called by the sender's round, which holds its lock: no round runs meanwhile."""
    data = application.bot_data
    avant = code_du_bot(application)
    _au_semestre(application, code)
    data.ctx.db.memo.clear()  # what was read of the old lists never meets the new ones
    veilleur = data.veilleur
    if veilleur is not None:
        veilleur.planifiees.clear()  # read again from the base at the next planning
        veilleur.tableau_at.clear()
        veilleur.tableau_version.clear()
        veilleur.tableau_panne.clear()
    for chat_id, chat in application.chat_data.items():
        if chat.ecrans or chat.dernier is not None:
            chat.ecrans.clear()
            chat.dernier = None
            application.mark_data_for_update_persistence(chat_ids=chat_id)
    data.suivis = Suivis()
    for compagnon in data.compagnons:
        await compagnon.changer(data.ctx)
    logger.info(
        textes.BASCULE_LOG, textes.libelle(code), textes.libelle(avant) if avant else "aucun"
    )


def _au_semestre(application: Appli, code: str) -> None:
    """The bot's configuration and context at semester `code`."""
    data = application.bot_data
    data.config = replace(data.config, semestre=Semestre.parse(code))
    data.ctx = Contexte(data.ctx.db, data.config, data.ctx.auteur)


async def au_demarrage(application: Appli) -> None:
    """At start: the bot works in the base's semester, whatever the configuration still says
    (`[semestre] code` may name the semester the base was built from)."""
    code = await semestres.code_courant(application.bot_data.ctx)
    if code and code != code_du_bot(application):
        _au_semestre(application, code)


async def suivre_semestre(application: Appli, ctx: Contexte) -> Contexte:
    """The base's semester read (one indexed read); the bot moved to it if it changed. The
    context to go on with."""
    code = await semestres.code_courant(ctx)
    if code and code != code_du_bot(application):
        await bascule(application, code)
        return application.bot_data.ctx
    return ctx
