"""The call's operations on a real base, without Telegram or a process (the unit of work of
each act): a press acts on the very screen it was made on, in one transaction journaled under
its author; a press on a stale screen, an act out of turn or a refused one changes nothing; a
double tap acts once; the remote choice holds only on his turn, once."""

import pytest

from bot.operations import appel
from bot.operations.appel import Acte, Appui
from bot.operations.base import Contexte
from ranking.errors import DejaFait, Perime, Refused
from tests import db_setup
from tests.operations.conftest import (
    AUTEUR,
    derniere_entree,
    journal_depuis,
    refuse_sans_rien_changer,
)

A_DISTANCE = db_setup.CONFIG + '\n[appel]\na_distance = ["MG"]\n'


async def screen(ctx: Contexte) -> appel.Ecran:
    liste_id = (await appel.etat(ctx, "MG")).liste.id
    return await appel.ecran(ctx, liste_id)


async def test_a_press_acts_on_its_screen_in_one_journaled_transaction(ouverte):
    ctx = ouverte
    shown = await screen(ctx)
    called, postes = shown.etat.appele.key, appel.postes_ordonnes(shown.etat)
    start = await derniere_entree(ctx)
    said, after = await appel.appuyer(ctx, shown.liste.id, shown.version, Appui(Acte.CHOISIR, 1))
    assert postes[1] in said and after.version > shown.version
    assert after.etat.appele.key != called and after.etat.ouverts[postes[1]] == 1
    entries = await journal_depuis(ctx, start)
    assert [(e.action, e.auteur, e.liste) for e in entries] == [("appel.choisir", AUTEUR, "MG")]
    assert (await appel.ecran(ctx, shown.liste.id)) == after  # what it said is what is stored


async def test_a_stale_screen_changes_nothing_and_a_double_tap_acts_once(ouverte, path):
    ctx = ouverte
    shown = await screen(ctx)
    press = Appui(Acte.CHOISIR, poste=0)
    await appel.appuyer(ctx, shown.liste.id, shown.version, press)
    refused = await refuse_sans_rien_changer(
        path,
        lambda: appel.appuyer(ctx, shown.liste.id, shown.version, press),
        "déjà fait",
        DejaFait,
    )
    assert shown.etat.appele.key[0] in str(refused)
    other = Contexte(ctx.db, ctx.config, "M. Martin")
    await refuse_sans_rien_changer(
        path,
        lambda: appel.appuyer(other, shown.liste.id, shown.version, Appui(Acte.ABSENT)),
        "a changé",
        Perime,
    )


async def test_an_act_out_of_turn_or_refused_changes_nothing(ouverte, path):
    ctx = ouverte
    shown = await screen(ctx)
    liste_id, version = shown.liste.id, shown.version
    later = shown.etat.suivants[0][0].key
    for press, reason in (
        (Appui(Acte.ARRIVEE, absent=0), "cet absent n'est plus proposé"),
        (Appui(Acte.CHOISIR, poste=999), "ce poste n'est plus proposé"),
        (Appui(Acte.ANNULER), "aucun choix à annuler"),
        (Appui(Acte.CLORE), "l'appel n'est pas terminé"),
    ):
        await refuse_sans_rien_changer(
            path, lambda p=press: appel.appuyer(ctx, liste_id, version, p), reason
        )
    await refuse_sans_rien_changer(
        path, lambda: appel.agir(ctx, "MG", Acte.CHOISIR, later, "MG-1"), "appel"
    )
    await refuse_sans_rien_changer(path, lambda: appel.expirer(ctx, "MG"), "aucun délai configuré")


async def test_a_full_poste_is_refused_and_an_undo_gives_the_place_back(ouverte, path):
    ctx = ouverte
    for _ in range(2):
        state = await appel.etat(ctx, "MG")
        await appel.agir(ctx, "MG", "choisir", state.appele.key, "MG-1")
    state = await appel.etat(ctx, "MG")
    assert "MG-1" not in state.ouverts
    await refuse_sans_rien_changer(
        path, lambda: appel.agir(ctx, "MG", Acte.CHOISIR, state.appele.key, "MG-1"), "MG-1"
    )
    start = await derniere_entree(ctx)
    _, undone = await appel.agir(ctx, "MG", Acte.ANNULER)
    assert undone.ouverts["MG-1"] == 1
    assert [e.action for e in await journal_depuis(ctx, start)] == ["appel.annuler"]


async def test_an_absent_who_arrives_chooses_right_after_the_one_called(ouverte):
    ctx = ouverte
    first = (await appel.etat(ctx, "MG")).appele.key
    _, state = await appel.agir(ctx, "MG", Acte.ABSENT, first)
    assert [p.key for p in state.absents] == [first]
    second = state.appele.key
    shown = await screen(ctx)
    arrived = Appui(Acte.ARRIVEE, absent=0)
    _, after = await appel.appuyer(ctx, shown.liste.id, shown.version, arrived)
    assert after.etat.appele.key == second and after.etat.absents == ()
    _, state = await appel.agir(ctx, "MG", Acte.CHOISIR, second, "MG-1")
    assert state.appele.key == first


async def test_a_remote_choice_holds_on_his_turn_only_and_once(ouverte, path):
    ctx = Contexte(ouverte.db, db_setup.config(A_DISTANCE), AUTEUR)
    shown = await screen(ctx)
    liste_id = shown.liste.id
    called, later = shown.etat.appele.key[0], shown.etat.suivants[0][0].key[0]
    await refuse_sans_rien_changer(
        path, lambda: appel.tour_a_distance(ouverte, called, liste_id, 1), "pas à distance"
    )
    await refuse_sans_rien_changer(
        path, lambda: appel.choisir_a_distance(ctx, later, liste_id, 1, 0), "pas encore votre tour"
    )
    await refuse_sans_rien_changer(
        path, lambda: appel.choisir_a_distance(ctx, called, liste_id, 2, 0), "appel précédent"
    )
    tour = await appel.tour_a_distance(ctx, called, liste_id, 1)
    index = tour.ordre()[0]
    start = await derniere_entree(ctx)
    poste, terrain = await appel.choisir_a_distance(ctx, called, liste_id, 1, index)
    assert poste == tour.postes[index] and terrain
    entries = await journal_depuis(ctx, start)
    assert [(e.action, e.auteur) for e in entries] == [("appel.choisir", AUTEUR)]
    await refuse_sans_rien_changer(
        path,
        lambda: appel.choisir_a_distance(ctx, called, liste_id, 1, index),
        f"votre choix est enregistré : {poste}",
        DejaFait,
    )
    with pytest.raises(DejaFait, match="votre choix est enregistré"):
        await appel.tour_a_distance(ctx, called, liste_id, 1)
    await appel.agir(ctx, "MG", Acte.ABSENT, (await appel.etat(ctx, "MG")).appele.key)
    with pytest.raises(Refused, match="ce n'est plus votre tour : rien n'est enregistré"):
        await appel.tour_a_distance(ctx, later, liste_id, 1)
