"""The gestionnaire ranks a list from his phone: /listes (a button per list), the pré-classement,
the levée des ex-aequo group by group (↑ ↓, « Valider ce groupe », « Valider la levée »), the
classement final paged (↑ ↓ on a row, « Valider le classement »).

Every button carries the list's version (its last journal entry), checked by the operation in
the act's own transaction: a press on an older keyboard is refused with a short notice and the
screen shown again as it now is, so two gestionnaires (or one and the command line) can work at
once; the presser's own act pressed twice is told « déjà fait » and done once."""

from telegram import InlineKeyboardMarkup

from bot.operations import classement
from bot.operations.classement import Fiche, Geste
from bot.operations.comptes import Qui
from bot.telegram import outils
from bot.telegram.acces import GESTIONNAIRE, bouton, commande
from bot.telegram.clavier import Sorte
from bot.telegram.contexte import ContexteBot
from bot.telegram.ecran import editer
from bot.telegram.textes import classement as textes
from bot.telegram.textes import commun
from ranking.cycle import Etat
from ranking.errors import DejaFait, Perime, Refused
from ranking.ordre import key_label

PAGE = 15
FICHE = Sorte("F", "liste", "version")
PRECLASSER = Sorte("P", "liste", "version")
GROUPE = Sorte("G", "liste", "version", "groupe", "op", "index")
LEVEE = Sorte("V", "liste", "version")
FINAL = Sorte("C", "liste", "version", "page", "op", "index")
MONTRER, MONTER, DESCENDRE, VALIDER = 0, 1, 2, 3


@commande(GESTIONNAIRE)
async def listes(update, context: ContexteBot, who: Qui) -> None:
    ctx = context.ctx
    found = await classement.situation(ctx)
    rows = [
        [FICHE.bouton(textes.bouton_liste(liste.nom, classement.etat_label(liste),
                                         compte.internes), liste=liste.id, version=version)]
        for liste, compte, version in found.avec_versions
    ]  # fmt: skip
    await update.message.reply_text(
        textes.situation(found), reply_markup=InlineKeyboardMarkup(rows) if rows else None
    )


@bouton(FICHE, GESTIONNAIRE)
async def bouton_fiche(query, context: ContexteBot, who: Qui, data) -> None:
    await _envoyer_fiche(query, await classement.fiche(context.ctx, data.liste))


@bouton(PRECLASSER, GESTIONNAIRE)
async def bouton_preclasser(query, context, who: Qui, data) -> str | None:
    return await _geste(query, context, who, data, Geste("preclassement"))


@bouton(LEVEE, GESTIONNAIRE)
async def bouton_levee(query, context, who: Qui, data) -> str | None:
    return await _geste(query, context, who, data, Geste("levee"))


@bouton(GROUPE, GESTIONNAIRE)
async def bouton_groupe(query, context, who: Qui, data) -> str | None:
    action = {MONTER: "groupe.monter", DESCENDRE: "groupe.descendre", VALIDER: "groupe.valider"}
    if data.op == MONTRER:
        shown = await classement.fiche(context.ctx, data.liste)
        await _groupe(query, shown, data.groupe)
        return None
    geste = Geste(action.get(data.op, ""), groupe=data.groupe, index=data.index)
    return await _geste(query, context, who, data, geste)


@bouton(FINAL, GESTIONNAIRE)
async def bouton_final(query, context, who: Qui, data) -> str | None:
    action = {MONTER: "final.monter", DESCENDRE: "final.descendre", VALIDER: "final.valider"}
    if data.op == MONTRER:
        await _final(query, await classement.fiche(context.ctx, data.liste), data.page)
        return None
    return await _geste(query, context, who, data, Geste(action.get(data.op, ""), index=data.index))


async def _geste(query, context, who: Qui, data, geste: Geste) -> str | None:
    """The press applied by the operation (its version checked there), then the screen it
    belongs to drawn from the state the operation returned."""
    ctx = context.ctx
    try:
        run, shown = await classement.appuyer(ctx, data.liste, data.version, geste)
    except DejaFait as done:
        await _redessiner(query, await classement.fiche(ctx, data.liste), data, geste)
        return commun.deja_court(done)
    except Perime:
        await query.message.reply_text(commun.CLAVIER_PERIME)
        await _envoyer_fiche(query, await classement.fiche(ctx, data.liste))
        return None
    except Refused as refusal:
        await query.message.reply_text(commun.refus(refusal))
        await _envoyer_fiche(query, await classement.fiche(ctx, data.liste))
        return None
    if run is not None:
        await query.message.reply_text(textes.preclassement(shown.liste.nom, run))
    await _redessiner(query, shown, data, geste)
    return None


async def _redessiner(query, shown: Fiche, data, geste: Geste) -> None:
    """The screen a press belongs to: the group, the final order's page (where the row moved
    to), or the list's card as a new message."""
    if geste.action.startswith("groupe.") and shown.vue is not None:
        await _groupe(query, shown, geste.groupe)
    elif geste.action.startswith("final.") and shown.vue is not None:
        page = data.page
        if geste.action in ("final.monter", "final.descendre"):
            page = (geste.index + (-1 if geste.action == "final.monter" else 1)) // PAGE
        await _final(query, shown, max(0, page))
    else:
        await _envoyer_fiche(query, shown)


async def _envoyer_fiche(query, shown: Fiche) -> None:
    """The list's card: its state and the buttons of what can be done now."""
    liste, at = shown.liste, {"liste": shown.liste.id, "version": shown.version}
    buttons = []
    if liste.a_preclasser:
        buttons.append([PRECLASSER.bouton(textes.BOUTON_PRECLASSER, **at)])
    if shown.vue is not None:
        for group in shown.vue.ordre.groupes:
            buttons.append(
                [GROUPE.bouton(textes.bouton_groupe(group), **at, groupe=group.numero, op=MONTRER)]
            )
        if shown.vue.ordre.groupes and not liste.levee_validee:
            buttons.append([LEVEE.bouton(textes.BOUTON_VALIDER_LEVEE, **at)])
        if liste.levee_validee:
            buttons.append([FINAL.bouton(textes.BOUTON_FINAL, **at, op=MONTRER)])
    buttons += outils.boutons(shown)
    await query.message.reply_text(
        textes.fiche(liste, classement.etat_label(liste)),
        reply_markup=InlineKeyboardMarkup(buttons) if buttons else None,
    )


async def _groupe(query, shown: Fiche, numero: int) -> None:
    liste, vue = shown.liste, shown.vue
    if vue is None or all(g.numero != numero for g in vue.ordre.groupes):
        raise Refused(textes.pas_de_groupe(numero, liste.nom))
    group = next(g for g in vue.ordre.groupes if g.numero == numero)
    members = sorted(group.membres, key=vue.ordre.keys.index)
    names = {ligne.key: f"{ligne.interne.nom} {ligne.interne.prenom}" for _, ligne in vue.lignes}
    at = {"liste": liste.id, "version": shown.version, "groupe": numero}
    rows = []
    for index, key in enumerate(members):
        name = textes.bouton_interne(group.rang + index, names.get(key, ""), key_label(key))
        rows.append([GROUPE.bouton(name, **at, op=MONTRER, index=index)])
        rows.append([
            GROUPE.bouton(textes.BOUTON_MONTER, **at, op=MONTER, index=index),
            GROUPE.bouton(textes.BOUTON_DESCENDRE, **at, op=DESCENDRE, index=index),
        ])  # fmt: skip
    rows.append([GROUPE.bouton(textes.BOUTON_VALIDER_GROUPE, **at, op=VALIDER)])
    rows.append([FICHE.bouton(textes.BOUTON_RETOUR_LISTE, liste=liste.id, version=shown.version)])
    await editer(query, textes.groupe(liste.nom, group, len(members)), InlineKeyboardMarkup(rows))


async def _final(query, shown: Fiche, page: int) -> None:
    liste, vue = shown.liste, shown.vue
    if vue is None or liste.etat is not Etat.FINAL:
        await _envoyer_fiche(query, shown)
        return
    count = max(1, -(-len(vue.lignes) // PAGE))
    page = min(max(page, 0), count - 1)
    at = {"liste": liste.id, "version": shown.version}
    rows = []
    for offset, (rang, ligne) in enumerate(vue.lignes[page * PAGE : (page + 1) * PAGE]):
        index = page * PAGE + offset
        name = textes.bouton_interne(rang, f"{ligne.interne.nom} {ligne.interne.prenom}")
        rows.append([
            FINAL.bouton(name, **at, page=page, op=MONTRER, index=index),
            FINAL.bouton(textes.BOUTON_MONTER, **at, page=page, op=MONTER, index=index),
            FINAL.bouton(textes.BOUTON_DESCENDRE, **at, page=page, op=DESCENDRE, index=index),
        ])  # fmt: skip
    navigation = []
    if page > 0:
        navigation.append(FINAL.bouton(commun.BOUTON_PRECEDENT, **at, page=page - 1, op=MONTRER))
    if page + 1 < count:
        navigation.append(FINAL.bouton(commun.BOUTON_SUIVANT, **at, page=page + 1, op=MONTRER))
    if navigation:
        rows.append(navigation)
    if not liste.final_valide:
        rows.append([FINAL.bouton(textes.BOUTON_VALIDER_CLASSEMENT, **at, page=page, op=VALIDER)])
    rows.append([FICHE.bouton(textes.BOUTON_RETOUR_LISTE, **at)])
    text = textes.final(liste.nom, classement.etat_label(liste), page, count)
    await editer(query, text, InlineKeyboardMarkup(rows))
