"""Imports through their operations, on a real base: a file is applied exactly as previewed,
once, all or nothing; a preview the base no longer matches applies nothing."""

from bot.operations import imports
from ranking.errors import DejaFait
from tests import db_setup
from tests.operations.conftest import derniere_entree, journal_depuis, refuse_sans_rien_changer


def postes(ctx, places: dict[str, int], source: str = "postes.csv") -> imports.Fichier:
    return imports.lire("postes", db_setup.postes_csv(places), source, ctx.config)


async def test_a_waiting_import_is_applied_once_as_previewed(classee, path):
    ctx = classee
    fichier = postes(ctx, {"MG": 40, "Psy": 12})
    shown = await imports.apercu(ctx, fichier)
    assert [row[0] for row in shown.changes.added] == ["Psy-6"] and shown.applicable
    attente = await imports.mettre_en_attente(ctx, shown)
    start = await derniere_entree(ctx)
    await imports.appliquer_attente(ctx, attente)
    assert [e.action for e in await journal_depuis(ctx, start)] == ["import.postes"]
    # « Appliquer » pressed again, or « Annuler » after it: said, nothing changes
    await refuse_sans_rien_changer(
        path, lambda: imports.appliquer_attente(ctx, attente), "déjà appliqué", DejaFait
    )
    await refuse_sans_rien_changer(
        path, lambda: imports.annuler_attente(ctx, attente), "déjà appliqué", DejaFait
    )
    assert (await imports.apercu(ctx, fichier)).vide


async def test_a_preview_the_base_no_longer_matches_applies_nothing(classee, path):
    ctx = classee
    fichier = postes(ctx, {"MG": 40, "Psy": 12})
    shown = await imports.apercu(ctx, fichier)
    attente = await imports.mettre_en_attente(ctx, shown)
    await imports.appliquer(ctx, postes(ctx, {"MG": 40, "Psy": 11}, "autre.csv"))
    await refuse_sans_rien_changer(
        path, lambda: imports.appliquer_attente(ctx, attente), "la base a changé depuis l'aperçu"
    )
    await refuse_sans_rien_changer(
        path, lambda: imports.appliquer(ctx, fichier, shown), "la base a changé depuis l'aperçu"
    )
    assert await imports.annuler_attente(ctx, attente) == "postes.csv"
    await refuse_sans_rien_changer(
        path, lambda: imports.appliquer_attente(ctx, attente), "annulé", DejaFait
    )
    await refuse_sans_rien_changer(path, lambda: imports.appliquer_attente(ctx, 999), "inconnu")


async def test_postes_of_a_list_being_called_are_refused_whole(ouverte, path):
    ctx = ouverte
    fichier = postes(ctx, {"MG": 38, "Psy": 12})
    shown = await imports.apercu(ctx, fichier)
    assert shown.refus and not shown.applicable
    await refuse_sans_rien_changer(
        path,
        lambda: imports.appliquer(ctx, fichier),
        "import refusé en entier, rien n'est appliqué",
    )
