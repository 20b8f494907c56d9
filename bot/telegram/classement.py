"""The gestionnaire ranks a list from his phone: /listes (a button per list), the pré-classement,
the levée des ex-aequo group by group (↑ ↓, « Valider ce groupe », « Valider la levée »), the
classement final paged (↑ ↓ on a row, « Valider le classement »).

Every button carries the list's version (its last journal entry): a press on an older keyboard
is refused with a short notice and the screen is shown again as it now is, so two gestionnaires
(or one and the command line) can work at once."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.operations import classement
from bot.operations.comptes import Qui
from bot.telegram import clavier, textes
from bot.telegram.acces import contexte, gestionnaire_seulement
from ranking.cycle import Etat
from ranking.errors import Refused
from ranking.ordre import key_label

PAGE = 15
# Screens and acts of a list: (kind, liste id, version, then the act's integers).
FICHE, PRECLASSER, GROUPE, LEVEE, FINAL = "F", "P", "G", "V", "C"
MONTRER, MONTER, DESCENDRE, VALIDER = 0, 1, 2, 3


@gestionnaire_seulement
async def listes(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    found = await classement.situation(contexte(context, update))
    ctx = contexte(context, update)
    rows = []
    for liste, compte in found.listes:
        _, version = await classement.version(ctx, liste.id)
        label = f"{liste.nom} — {classement.etat_label(liste)} ({compte.internes})"
        rows.append(
            [InlineKeyboardButton(label, callback_data=clavier.pack(FICHE, liste.id, version))]
        )
    await update.message.reply_text(
        textes.situation(found), reply_markup=InlineKeyboardMarkup(rows) if rows else None
    )


@gestionnaire_seulement
async def bouton(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    """Every press on a ranking screen: checked, applied, the screen redrawn."""
    query = update.callback_query
    await query.answer()
    pressed = clavier.parse(query.data)
    ctx = contexte(context, update)
    if pressed is None or len(pressed.values) < 2:
        await query.message.reply_text(textes.BOUTON_PERIME)
        return
    liste_id, version, *act = pressed.values
    try:
        liste, current = await classement.version(ctx, liste_id)
    except Refused as refusal:
        await query.message.reply_text(textes.refus(refusal))
        return
    if version != current and not (pressed.kind == FICHE and not act):
        await query.message.reply_text(textes.CLAVIER_PERIME)
        await _fiche(query, ctx, liste.id)
        return
    try:
        await _act(query, ctx, liste, pressed.kind, act)
    except Refused as refusal:
        await query.message.reply_text(textes.refus(refusal))
        await _fiche(query, ctx, liste.id)


async def _act(query, ctx, liste, kind: str, act: list[int]) -> None:
    if kind == FICHE:
        await _fiche(query, ctx, liste.id)
    elif kind == PRECLASSER:
        run, _ = await classement.preclassement(ctx, liste.nom)
        await query.message.reply_text(textes.preclassement(liste.nom, run))
        await _fiche(query, ctx, liste.id)
    elif kind == GROUPE and len(act) == 3:
        numero, op, index = act
        vue = await classement.vue(ctx, liste.nom)
        members = _members(vue, numero)
        if op in (MONTER, DESCENDRE) and 0 <= index < len(members):
            other = index - 1 if op == MONTER else index + 1
            if 0 <= other < len(members):
                members[index], members[other] = members[other], members[index]
                await classement.ordonner(ctx, liste.nom, numero, members)
        elif op == VALIDER:
            await classement.ordonner(ctx, liste.nom, numero, members)
        await _groupe(query, ctx, liste.id, numero)
    elif kind == LEVEE:
        await classement.valider_levee(ctx, liste.nom)
        await _fiche(query, ctx, liste.id)
    elif kind == FINAL and len(act) == 3:
        page, op, index = act
        vue = await classement.vue(ctx, liste.nom)
        if op in (MONTER, DESCENDRE) and 0 <= index < len(vue.lignes):
            await classement.deplacer(ctx, liste.nom, vue.lignes[index][1].key, op == MONTER)
            page = (index - 1 if op == MONTER else index + 1) // PAGE
        elif op == VALIDER:
            await classement.valider_final(ctx, liste.nom)
        await _final(query, ctx, liste.id, max(0, page))
    else:
        await query.message.reply_text(textes.BOUTON_PERIME)


def _members(vue, numero: int) -> list:
    group = next((g for g in vue.ordre.groupes if g.numero == numero), None)
    if group is None:
        raise Refused(f"pas de groupe d'ex-aequo n°{numero}")
    return sorted(group.membres, key=vue.ordre.keys.index)


async def _fiche(query, ctx, liste_id: int) -> None:
    """The list's card: its state and the buttons of what can be done now."""
    liste, version = await classement.version(ctx, liste_id)
    buttons = []
    if liste.etat in (Etat.IMPORT, Etat.PRECLASSEMENT, Etat.EXAEQUO, Etat.FINAL) and not (
        liste.etat is Etat.FINAL and liste.final_valide and liste.perimee is None
    ):
        buttons.append([_button("Lancer le pré-classement", PRECLASSER, liste.id, version)])
    text = textes.fiche(liste, classement.etat_label(liste))
    if liste.classee and liste.etat in (Etat.PRECLASSEMENT, Etat.EXAEQUO, Etat.FINAL):
        vue = await classement.vue(ctx, liste.nom)
        for group in vue.ordre.groupes:
            label = f"{'✓' if group.traite else '…'} Groupe n°{group.numero} (rang {group.rang})"
            buttons.append([_button(label, GROUPE, liste.id, version, group.numero, MONTRER, 0)])
        if vue.ordre.groupes and not liste.levee_validee:
            buttons.append([_button("Valider la levée des ex-aequo", LEVEE, liste.id, version)])
        if liste.levee_validee:
            buttons.append([_button("Classement final", FINAL, liste.id, version, 0, MONTRER, 0)])
    await query.message.reply_text(
        text, reply_markup=InlineKeyboardMarkup(buttons) if buttons else None
    )


async def _groupe(query, ctx, liste_id: int, numero: int) -> None:
    liste, version = await classement.version(ctx, liste_id)
    vue = await classement.vue(ctx, liste.nom)
    members = _members(vue, numero)
    group = next(g for g in vue.ordre.groupes if g.numero == numero)
    names = {ligne.key: f"{ligne.interne.nom} {ligne.interne.prenom}" for _, ligne in vue.lignes}
    rows = []
    for index, key in enumerate(members):
        at = (GROUPE, liste.id, version, numero)
        name = f"{group.rang + index}. {names.get(key, '')} ({key_label(key)})"
        rows.append([_button(name, *at, MONTRER, index)])
        rows.append([_button("↑", *at, MONTER, index), _button("↓", *at, DESCENDRE, index)])
    rows.append([_button("Valider ce groupe", GROUPE, liste.id, version, numero, VALIDER, 0)])
    rows.append([_button("◀ Retour à la liste", FICHE, liste.id, version)])
    text = textes.groupe(liste.nom, group, len(members))
    await _show(query, text, InlineKeyboardMarkup(rows))


async def _final(query, ctx, liste_id: int, page: int) -> None:
    liste, version = await classement.version(ctx, liste_id)
    vue = await classement.vue(ctx, liste.nom)
    count = max(1, -(-len(vue.lignes) // PAGE))
    page = min(page, count - 1)
    shown = vue.lignes[page * PAGE : (page + 1) * PAGE]
    rows = []
    for offset, (rang, ligne) in enumerate(shown):
        index = page * PAGE + offset
        at = (FINAL, liste.id, version, page)
        name = f"{rang}. {ligne.interne.nom} {ligne.interne.prenom}"
        rows.append([
            _button(name, *at, MONTRER, index),
            _button("↑", *at, MONTER, index),
            _button("↓", *at, DESCENDRE, index),
        ])  # fmt: skip
    navigation = []
    if page > 0:
        navigation.append(_button("◀", FINAL, liste.id, version, page - 1, MONTRER, 0))
    if page + 1 < count:
        navigation.append(_button("▶", FINAL, liste.id, version, page + 1, MONTRER, 0))
    if navigation:
        rows.append(navigation)
    if not liste.final_valide:
        rows.append([_button("Valider le classement", FINAL, liste.id, version, page, VALIDER, 0)])
    rows.append([_button("◀ Retour à la liste", FICHE, liste.id, version)])
    text = textes.final(liste.nom, classement.etat_label(liste), page, count)
    await _show(query, text, InlineKeyboardMarkup(rows))


async def _show(query, text: str, markup: InlineKeyboardMarkup) -> None:
    """Edit the pressed message when it is that screen's, else send a new one."""
    if textes.brut(text) != query.message.text or markup != query.message.reply_markup:
        await query.edit_message_text(text, reply_markup=markup)


def _button(label: str, kind: str, *values: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=clavier.pack(kind, *values))
