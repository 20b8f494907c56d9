"""The ranking's operations on a real base: each step one transaction, journaled under its
author; a refused step or a press on a stale screen changes nothing."""

import pytest

from bot.operations import classement
from bot.operations.base import Contexte
from ranking.classement import Statut
from ranking.cycle import Etat, Motif
from ranking.errors import DejaFait, Perime
from tests import db_setup
from tests.conftest import csv_bytes, interne
from tests.operations.conftest import (
    AUTEUR,
    derniere_entree,
    journal_depuis,
    refuse_sans_rien_changer,
    version,
)

S = Statut.STANDARD


@pytest.fixture
async def a_classer(path):
    """Six MG internes, three of them ex aequo (rin 2, 2 and the rest apart), one Psy: imported,
    nothing ranked."""
    database = await db_setup.Database.open(path)
    rows = [interne(str(i), nom=f"Nom{i}", rin=(1, 2, 2, 4, 5, 6)[i - 1]) for i in range(1, 7)]
    rows.append(interne("7", discipline="Psychiatrie", des="Psychiatrie", rin=1))
    cfg = db_setup.config()
    await db_setup.import_all(database, cfg, csv_bytes(rows), db_setup.postes_csv({"MG": 6}))
    yield Contexte(database, cfg, AUTEUR)
    await database.close()


async def test_each_step_of_the_ranking_is_journaled_under_its_author(a_classer):
    ctx, start = a_classer, await derniere_entree(a_classer)
    _, vue = await classement.preclassement(ctx, "MG")
    assert [ligne.key for _, ligne in vue.lignes][:1] == [("1", S)]
    group = vue.ordre.groupes[0]
    await classement.ordonner(ctx, "MG", group.numero, sorted(group.membres, reverse=True))
    await classement.valider_levee(ctx, "MG")
    await classement.deplacer(ctx, "MG", ("6", S), vers_le_haut=True)
    final = await classement.valider_final(ctx, "MG")
    assert final.liste.final_valide
    assert [key for key in final.ordre.keys] == [
        ("1", S), ("3", S), ("2", S), ("4", S), ("6", S), ("5", S)
    ]  # fmt: skip
    entries = await journal_depuis(ctx, start)
    assert [entry.action for entry in entries] == [
        "preclassement", "exaequo.ordonner", "exaequo.valider", "final.echanger", "final.valider"
    ]  # fmt: skip
    assert {entry.auteur for entry in entries} == {AUTEUR}
    assert {entry.liste for entry in entries} == {"MG"}


async def test_a_step_out_of_order_is_refused_and_changes_nothing(a_classer, path):
    ctx = a_classer
    await refuse_sans_rien_changer(
        path, lambda: classement.valider_levee(ctx, "MG"), "pas encore de pré-classement"
    )
    _, vue = await classement.preclassement(ctx, "MG")
    await refuse_sans_rien_changer(path, lambda: classement.valider_final(ctx, "MG"), "ex-aequo")
    await refuse_sans_rien_changer(
        path, lambda: classement.ordonner(ctx, "MG", 1, [("1", S), ("2", S)]), "groupe"
    )
    await refuse_sans_rien_changer(
        path, lambda: classement.deplacer(ctx, "MG", ("1", S), True), "ex-aequo"
    )
    assert (await classement.vue(ctx, "MG")).ordre == vue.ordre


async def test_a_press_on_a_stale_screen_is_refused_and_a_double_tap_acts_once(a_classer, path):
    ctx = a_classer
    await classement.preclassement(ctx, "MG")
    shown = await classement.fiche(ctx, (await classement.liste(ctx, "MG")).id)
    liste_id, numero = shown.liste.id, shown.vue.ordre.groupes[0].numero
    press = classement.Geste("groupe.valider", groupe=numero)
    _, after = await classement.appuyer(ctx, liste_id, shown.version, press)
    assert after.version > shown.version
    assert after.vue.ordre.groupes[0].traite

    # the same press again from the same screen: already done, said so, nothing acts twice
    await refuse_sans_rien_changer(
        path, lambda: classement.appuyer(ctx, liste_id, shown.version, press), "déjà fait",
        DejaFait,
    )  # fmt: skip
    # another gestionnaire's press on the old screen: the list changed, nothing acts
    other = Contexte(ctx.db, ctx.config, "M. Martin")
    levee = classement.Geste("levee")
    await refuse_sans_rien_changer(
        path, lambda: classement.appuyer(other, liste_id, shown.version, levee), "a changé",
        Perime,
    )  # fmt: skip
    await refuse_sans_rien_changer(
        path, lambda: classement.appuyer(ctx, liste_id, after.version, classement.Geste("x")),
        "aucune action",
    )  # fmt: skip
    _, done = await classement.appuyer(other, liste_id, after.version, levee)
    assert done.liste.etat is Etat.FINAL


async def test_reopening_from_a_stale_screen_is_refused(classee, path):
    ctx = classee
    liste = await classement.liste(ctx, "MG")
    stale = await version(ctx, liste.id)
    await db_setup.open_choice(ctx.db, "MG")
    await refuse_sans_rien_changer(
        path, lambda: classement.rouvrir(ctx, "MG", Motif.REMORDS, stale), "a changé", Perime
    )
    start = await derniere_entree(ctx)
    reopened = await classement.rouvrir(ctx, "MG", Motif.REMORDS, await version(ctx, liste.id))
    assert reopened.classement_ouvert
    entries = await journal_depuis(ctx, start)
    assert [(e.action, e.auteur) for e in entries] == [("classement.rouvrir", AUTEUR)]


async def test_why_a_rank_names_the_final_changes_that_concern_him(a_classer):
    ctx = a_classer
    await db_setup.rank_to_final(ctx.db, ctx.config, "MG", validate=False)
    await classement.deplacer(ctx, "MG", ("6", S), vers_le_haut=True)
    text = await classement.expliquer(ctx, "MG", ("6", S))
    assert "Changements du classement final qui vous concernent" in text
    assert AUTEUR in text
