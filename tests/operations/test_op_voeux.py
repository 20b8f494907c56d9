"""Procurations, pré-choix and stages particuliers through their operations, on a real base: a
wish recorded as stored, a refusal changes nothing, the interne told in the same transaction, a
press on a stale screen refused and a double tap recorded once."""

import pytest

from bot.operations import alertes, classement, voeux
from ranking.appel import Surnombre
from ranking.errors import DejaFait, InvalidInput, Perime
from storage import journal
from tests import db_setup
from tests.operations.conftest import (
    AUTEUR,
    derniere_entree,
    journal_depuis,
    refuse_sans_rien_changer,
    version,
)


async def premiers(ctx, count: int) -> list[str]:
    """The first `count` internes of MG's order, in call order."""
    vue = await classement.vue(ctx, "MG")
    return [ligne.interne.id for _, ligne in vue.lignes[:count]]


async def test_wishes_typed_in_any_case_are_recorded_as_stored_and_journaled(classee, path):
    ctx = classee
    (first,) = await premiers(ctx, 1)
    start = await derniere_entree(ctx)
    assert await voeux.enregistrer_prechoix(ctx, first, ["mg-3", "MG-1"]) == ["MG-3", "MG-1"]
    async with ctx.db.read() as tx:
        concerning = await journal.lignes(tx, interne=first)
    assert [e.action for e in await journal_depuis(ctx, start)] == ["prechoix"]
    assert concerning[-1].detail == f"vœux de pré-choix de {first} : MG-3, MG-1"
    await refuse_sans_rien_changer(
        path, lambda: voeux.enregistrer_prechoix(ctx, first, ["MG-2", "mg-2"]), "deux fois"
    )
    await refuse_sans_rien_changer(
        path, lambda: voeux.enregistrer_prechoix(ctx, first, []), "au moins un vœu"
    )


async def test_a_mandataire_s_procuration_tells_the_bound_interne_once(classee, path):
    ctx = classee
    (first,) = await db_setup.lier_premiers(path, 1)
    await refuse_sans_rien_changer(
        path,
        lambda: voeux.deposer_procuration(ctx, first, "12", ["MG-1", "MG-2", "MG-3"], "Paul"),
        "téléphone",
        InvalidInput,
    )
    await refuse_sans_rien_changer(
        path,
        lambda: voeux.deposer_procuration(ctx, first, "0612345678", ["MG-1"], "Paul"),
        "au moins 3 vœux",
    )
    assert await alertes.a_envoyer(ctx) == []
    recorded = await voeux.deposer_procuration(
        ctx, first, "06 12 34 56 78", ["mg-1", "MG-2", "MG-3"], "Paul"
    )
    assert recorded.voeux == ("MG-1", "MG-2", "MG-3") and recorded.telephone == "+33612345678"
    (told,) = await alertes.a_envoyer(ctx)
    assert told.telegram_id == 10_000
    await voeux.retirer_procuration(ctx, first)  # by the gestionnaire: nobody else to tell
    assert await voeux.procuration(ctx, first) is None
    assert len(await alertes.a_envoyer(ctx)) == 1
    await refuse_sans_rien_changer(
        path, lambda: voeux.retirer_procuration(ctx, first), "n'a pas de procuration"
    )


async def test_a_procuration_no_longer_changes_once_his_turn_came(ouverte, path):
    ctx = ouverte
    called, later = await premiers(ctx, 2)
    await voeux.deposer_procuration(ctx, later, "0612345678", ["MG-1", "MG-2", "MG-3"], None)
    await refuse_sans_rien_changer(
        path, lambda: voeux.procuration_modifiable(ctx, called), "son tour est venu"
    )
    await refuse_sans_rien_changer(
        path,
        lambda: voeux.deposer_procuration(
            ctx, called, "0612345678", ["MG-1", "MG-2", "MG-3"], None
        ),
        "son tour est venu",
    )
    await voeux.procuration_modifiable(ctx, later)


async def test_a_stage_particulier_pressed_twice_is_recorded_once(classee, path):
    ctx = classee
    liste = await classement.liste(ctx, "MG")
    shown = await version(ctx, liste.id)
    start = await derniere_entree(ctx)
    interne_id, what = await voeux.particulier_par_position(
        ctx, liste.id, shown, 2, Surnombre.VALIDANT, None
    )
    assert interne_id == (await premiers(ctx, 2))[1] and "surnombre validant" in what
    entries = await journal_depuis(ctx, start)
    assert [(e.action, e.auteur, e.liste) for e in entries] == [("stage_particulier", AUTEUR, "MG")]
    await refuse_sans_rien_changer(
        path,
        lambda: voeux.particulier_par_position(ctx, liste.id, shown, 2, Surnombre.VALIDANT, None),
        "déjà fait",
        DejaFait,
    )
    await refuse_sans_rien_changer(
        path,
        lambda: voeux.particulier_par_position(
            ctx, liste.id, shown, 3, Surnombre.NON_VALIDANT, None
        ),
        "a changé",
        Perime,
    )
    current = await version(ctx, liste.id)
    await refuse_sans_rien_changer(
        path,
        lambda: voeux.particulier_par_position(ctx, liste.id, current, 3, None, 999),
        "n'est plus offert",
    )


async def test_no_stage_particulier_once_the_choice_has_started(ouverte, path):
    ctx = ouverte
    (first,) = await premiers(ctx, 1)
    await refuse_sans_rien_changer(
        path,
        lambda: voeux.particulier(ctx, "MG", first, Surnombre.VALIDANT, None),
        "le choix a commencé",
    )


@pytest.mark.parametrize("fleche", ["mg-4", "MG-4"])
async def test_a_fleche_typed_in_any_case_is_the_stored_poste(classee, fleche):
    ctx = classee
    (first,) = await premiers(ctx, 1)
    liste, what = await voeux.particulier(ctx, None, first, None, fleche)
    assert liste.nom == "MG" and "MG-4" in what
