"""Backups, restores and the purge through their operations, on a real base: a restore puts
back the copy examined (and only it), journaled; the purge waits for the semester's end."""

import pytest

from bot.operations import classement, rgpd, sauvegarde, voeux
from ranking.errors import Refused
from tests.operations.conftest import AUTEUR, refuse_sans_rien_changer


async def actions(ctx) -> list[str]:
    async with ctx.db.read() as tx:
        return [row[0] for row in await tx.all("SELECT auteur || ' ' || action FROM journal")]


async def test_a_restore_puts_back_the_copy_examined_and_says_what_is_lost(classee, path):
    ctx = classee
    copy = await sauvegarde.sauvegarder(ctx, path.parent / "copie.sqlite3")
    saved = await actions(ctx)
    first = (await classement.vue(ctx, "MG")).lignes[0][1].interne.id
    await voeux.enregistrer_prechoix(ctx, first, ["MG-1"])
    vu = await sauvegarde.examiner(ctx, copy)
    assert "les 1 entrée(s) du journal faites depuis seront perdues" in vu.phrase()
    kept = await sauvegarde.restaurer(ctx, vu)
    assert kept.name.endswith("-avantrestauration.sqlite3") and kept.exists()
    assert await actions(ctx) == [*saved, f"{AUTEUR} sauvegarde.restauree"]
    assert await voeux.enregistrer_prechoix(ctx, first, ["mg-2"]) == ["MG-2"]  # it works on


async def test_a_restore_from_the_base_itself_or_a_copy_changed_since_restores_nothing(
    classee, path
):
    ctx = classee
    await refuse_sans_rien_changer(
        path, lambda: sauvegarde.examiner(ctx, path), "est la base elle-même"
    )
    copy = await sauvegarde.sauvegarder(ctx, path.parent / "copie.sqlite3")
    vu = await sauvegarde.examiner(ctx, copy)
    first = (await classement.vue(ctx, "MG")).lignes[0][1].interne.id
    await voeux.enregistrer_prechoix(ctx, first, ["MG-1"])
    copy.unlink()
    await sauvegarde.sauvegarder(ctx, copy)  # the copy is taken again after it was examined
    await refuse_sans_rien_changer(
        path, lambda: sauvegarde.restaurer(ctx, vu), "a changé depuis qu'il a été vérifié"
    )


async def test_the_purge_waits_for_every_choice_to_be_closed(ouverte, path):
    ctx = ouverte
    await refuse_sans_rien_changer(path, lambda: rgpd.apercu(ctx), "est en cours")
    with pytest.raises(Refused, match="« MG » est en cours"):
        await rgpd.purger(ctx)
