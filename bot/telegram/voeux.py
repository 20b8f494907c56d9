"""An interne's wishes from his phone: /voeux (his procuration: ≥ 3 postes in order, a phone
number typed or shared, a summary, « Confirmer ») and /prechoix (his wished postes, then what
the simulation says he would get). Postes are picked from paged buttons or found by typing part
of a terrain's name. Nothing reaches the database before « Confirmer »; /annuler leaves."""

import warnings

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.operations import moi, voeux
from bot.operations.comptes import Qui
from bot.telegram.acces import INTERNE, PROCURATION, bouton, commande
from bot.telegram.clavier import Sorte
from bot.telegram.contexte import ContexteBot
from bot.telegram.ecran import editer, retirer_clavier
from bot.telegram.reveil import reveiller
from bot.telegram.textes import commun
from bot.telegram.textes import comptes as textes_comptes
from bot.telegram.textes import voeux as textes
from ranking.errors import InvalidInput, Refused
from ranking.telephone import normaliser
from ranking.text import matches

CHOIX, TELEPHONE, RESUME = range(3)
VOEU = Sorte("W", "op", "arg")
AJOUTER, PAGE, TERMINER, EFFACER, CONFIRMER, ANNULER, RETIRER, TOUS = range(8)
PAR_PAGE = 8
_STATE = "voeux"
_CONFIRMES = "voeux_confirmes"
"""The summaries already confirmed (their message ids): a second « Confirmer » is told so."""


@commande(PROCURATION)
async def commencer_procuration(update: Update, context, who: Qui) -> int:
    return await _commencer(update, context, who, "procuration")


@commande(INTERNE)
async def commencer_prechoix(update: Update, context, who: Qui) -> int:
    return await _commencer(update, context, who, "prechoix")


async def _commencer(update: Update, context, who: Qui, mode: str) -> int:
    ctx = context.ctx
    if mode == "procuration":
        await voeux.procuration_modifiable(ctx, who.interne_id)
    found = await moi.postes(ctx, who.interne_id)
    postes = [row for _, rows in found for row in rows if not row.interdit]
    hidden = sum(1 for _, rows in found for row in rows if row.interdit)
    chosen = []  # a pré-choix starts from what is recorded: « Confirmer » keeps it unless changed
    if mode == "prechoix":
        index = {poste.id: i for i, poste in enumerate(postes)}
        chosen = [index[p] for p in await voeux.prechoix(ctx, who.interne_id) if p in index]
    state = {"mode": mode, "interne": who.interne_id, "postes": postes, "choisis": chosen,
             "page": 0, "filtre": "", "masques": hidden}  # fmt: skip
    context.user_data[_STATE] = state
    if mode == "procuration":
        current = await voeux.procuration(ctx, who.interne_id)
        if current is not None:
            withdraw = _button(textes.BOUTON_RETIRER, RETIRER)
            await update.message.reply_text(
                textes.procuration_actuelle(current),
                reply_markup=InlineKeyboardMarkup([[withdraw]]),
            )
    await update.message.reply_text(_picker_text(state), reply_markup=_picker(state))
    return CHOIX


def _visible(state: dict) -> list[int]:
    return [
        index for index, poste in enumerate(state["postes"])
        if index not in state["choisis"]
        and matches(state["filtre"], poste.id, poste.terrain, poste.type)
    ]  # fmt: skip


def _picker_text(state: dict) -> str:
    chosen = [state["postes"][i] for i in state["choisis"]]
    found = len(_visible(state))
    text = textes.choix_voeux(state["mode"], chosen, state["filtre"], found)
    hidden = state.get("masques", 0)
    return f"{text}\n{commun.masques(hidden)}" if hidden else text


def _picker(state: dict) -> InlineKeyboardMarkup:
    visible = _visible(state)
    pages = max(1, -(-len(visible) // PAR_PAGE))
    page = min(state["page"], pages - 1)
    rows = [
        [_button(commun.poste_bouton(p.id, (p.terrain, p.type), p.places), AJOUTER, i)]
        for i in visible[page * PAR_PAGE : (page + 1) * PAR_PAGE]
        for p in [state["postes"][i]]
    ]
    navigation = []
    if page > 0:
        navigation.append(_button(commun.BOUTON_PRECEDENT, PAGE, page - 1))
    if page + 1 < pages:
        navigation.append(_button(commun.BOUTON_SUIVANT, PAGE, page + 1))
    if navigation:
        rows.append(navigation)
    if state["filtre"]:
        rows.append([_button(commun.BOUTON_TOUS_LES_POSTES, TOUS)])
    done = _button(textes.bouton_terminer(len(state["choisis"])), TERMINER)
    rows.append([done, _button(textes.BOUTON_EFFACER, EFFACER)])
    return InlineKeyboardMarkup(rows)


def _button(label: str, op: int, arg: int = 0) -> InlineKeyboardButton:
    return VOEU.bouton(label, op=op, arg=arg)


@bouton(VOEU, PROCURATION, conversation=True)
async def bouton_choix(query, context: ContexteBot, who: Qui, data) -> int:
    state = context.user_data.get(_STATE)
    if state is None:
        return await hors_saisie_etat(query, context)
    op, arg = data.op, data.arg
    if op == RETIRER:
        return await _retirer(query, context, who, state)
    if op == AJOUTER and 0 <= arg < len(state["postes"]) and arg not in state["choisis"]:
        state["choisis"].append(arg)
    elif op == PAGE:
        state["page"] = max(0, arg)
    elif op == TOUS:
        state["filtre"], state["page"] = "", 0
    elif op == EFFACER:
        state["choisis"], state["filtre"], state["page"] = [], "", 0
    elif op == TERMINER:
        return await _terminer(query, context, state)
    await editer(query, _picker_text(state), _picker(state))  # a voeu pressed twice: no change
    return CHOIX


async def recherche(update: Update, context: ContexteBot) -> int:
    """A typed text filters the postes by name or terrain."""
    state = context.user_data[_STATE]
    state["filtre"], state["page"] = update.message.text.strip()[:40], 0
    await update.message.reply_text(_picker_text(state), reply_markup=_picker(state))
    return CHOIX


async def _terminer(query, context: ContexteBot, state: dict) -> int:
    count = len(state["choisis"])
    if state["mode"] == "procuration" and count < voeux.MINIMUM_PROCURATION:
        await query.message.reply_text(textes.TROP_PEU_DE_VOEUX.format(n=count))
        return CHOIX
    if state["mode"] == "prechoix":
        if not count:
            await query.message.reply_text(textes.AUCUN_VOEU)
            return CHOIX
        return await _resume(query.message, state)
    keyboard = ReplyKeyboardMarkup(
        [[KeyboardButton(textes_comptes.BOUTON_CONTACT, request_contact=True)]],
        resize_keyboard=True, one_time_keyboard=True,
    )  # fmt: skip
    await query.message.reply_text(textes.DEMANDE_TELEPHONE, reply_markup=keyboard)
    return TELEPHONE


async def telephone(update: Update, context: ContexteBot) -> int:
    state = context.user_data[_STATE]
    shared = update.message.contact
    typed = shared.phone_number if shared else update.message.text
    try:
        state["telephone"] = normaliser(typed or "", "téléphone")
    except InvalidInput as error:
        await update.message.reply_text(commun.refus("; ".join(error.messages())))
        return TELEPHONE
    await update.message.reply_text(textes.TELEPHONE_NOTE, reply_markup=ReplyKeyboardRemove())
    return await _resume(update.message, state)


async def _resume(message, state: dict) -> int:
    chosen = [state["postes"][i] for i in state["choisis"]]
    buttons = InlineKeyboardMarkup(
        [[_button(commun.BOUTON_CONFIRMER, CONFIRMER), _button(commun.BOUTON_ANNULER, ANNULER)]]
    )
    await message.reply_text(textes.resume_voeux(state["mode"], chosen, state.get("telephone")),
                             reply_markup=buttons)  # fmt: skip
    return RESUME


@bouton(VOEU, PROCURATION, conversation=True)
async def bouton_resume(query, context: ContexteBot, who: Qui, data) -> int:
    if query.message.message_id in context.user_data.get(_CONFIRMES, ()):
        return await hors_saisie_etat(query, context)
    state = context.user_data.pop(_STATE, None)
    await retirer_clavier(query)
    if state is None or data.op != CONFIRMER:
        await query.message.reply_text(textes.RIEN_ENREGISTRE)
        return ConversationHandler.END
    ctx = context.ctx
    chosen = [state["postes"][i].id for i in state["choisis"]]
    try:
        if who.interne_id != state["interne"]:
            raise Refused(textes.DELIE_ENTRE_TEMPS)
        if state["mode"] == "procuration":
            by = query.from_user.full_name if who.mandataire else None
            await voeux.deposer_procuration(ctx, who.interne_id, state["telephone"], chosen, by)
            said = textes.PROCURATION_ENREGISTREE
        else:
            await voeux.enregistrer_prechoix(ctx, who.interne_id, chosen)
            said = await _simulation(ctx, who.interne_id, chosen)
    except (Refused, InvalidInput) as refusal:
        await query.message.reply_text(commun.refus(refusal))
        return ConversationHandler.END
    reveiller(context)  # the interne is told what his mandataire recorded
    confirmed = context.user_data.setdefault(_CONFIRMES, [])
    confirmed[:] = [*confirmed[-9:], query.message.message_id]
    await query.message.reply_text(said)
    return ConversationHandler.END


def _fin_de_saisie(query, context: ContexteBot) -> str:
    """A press on a saisie that is over: a confirmed summary pressed again is told it is
    recorded; any other old button, how to start again. Nothing changes."""
    if query.message.message_id in context.user_data.get(_CONFIRMES, ()):
        return textes.VOEUX_DEJA_ENREGISTRES
    return textes.SAISIE_TERMINEE


async def hors_saisie_etat(query, context: ContexteBot) -> int:
    await query.message.reply_text(_fin_de_saisie(query, context))
    return ConversationHandler.END


@bouton(VOEU, PROCURATION)
async def hors_saisie(query, context: ContexteBot, who: Qui, data) -> str:
    """A saisie's button pressed when no saisie is under way (registered after the
    conversation, which takes the presses of a saisie in progress)."""
    return _fin_de_saisie(query, context)


async def _simulation(ctx, interne_id: str, chosen: list[str]) -> str:
    said = [textes.PRECHOIX_ENREGISTRE]
    for _, nom in await moi.liste_ids(ctx, interne_id):
        simulated = await voeux.simulation(ctx, nom)
        for candidat in simulated.candidats:
            if candidat.interne == interne_id:
                result = simulated.pour(candidat.key)
                said.append(textes.simulation(nom, voeux.phrase_simulation(result, chosen)))
    return "\n\n".join(said)


async def _retirer(query, context: ContexteBot, who: Qui, state: dict) -> int:
    context.user_data.pop(_STATE, None)
    by = query.from_user.full_name if who.mandataire else None
    try:
        await voeux.retirer_procuration(context.ctx, state["interne"], by)
    except Refused as refusal:
        await query.message.reply_text(commun.refus(refusal))
        return ConversationHandler.END
    reveiller(context)
    await query.message.reply_text(textes.PROCURATION_RETIREE)
    return ConversationHandler.END


async def annuler(update: Update, context: ContexteBot) -> int:
    context.user_data.pop(_STATE, None)
    await update.message.reply_text(textes.RIEN_ENREGISTRE, reply_markup=ReplyKeyboardRemove())
    return ConversationHandler.END


def conversation() -> ConversationHandler:
    """One conversation per user (not per message): his buttons and his typing belong to the
    same saisie, which PTB warns about for callback queries; that is what is wanted here."""
    private = filters.ChatType.PRIVATE
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
        return _conversation(private)


def _conversation(private) -> ConversationHandler:
    return ConversationHandler(
        name="voeux",
        persistent=True,
        entry_points=[
            CommandHandler("voeux", commencer_procuration, filters=private),
            CommandHandler("prechoix", commencer_prechoix, filters=private),
        ],
        states={
            CHOIX: [
                CallbackQueryHandler(bouton_choix, pattern=VOEU.motif),
                MessageHandler(filters.TEXT & ~filters.COMMAND & private, recherche),
            ],
            TELEPHONE: [
                MessageHandler(
                    (filters.CONTACT | (filters.TEXT & ~filters.COMMAND)) & private, telephone
                ),
            ],
            RESUME: [CallbackQueryHandler(bouton_resume, pattern=VOEU.motif)],
        },
        fallbacks=[CommandHandler("annuler", annuler)],
        allow_reentry=True,
    )
