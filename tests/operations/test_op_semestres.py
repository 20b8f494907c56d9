"""The change of semester as one unit of work (règles §7): previewed, refused while a choice
is not closed, then built all or nothing; the running base moves on, the old one is archived."""

import pytest

from bot.operations import semestres
from ranking.errors import Perime, Refused
from storage import journal
from storage.database import Database
from tests import hiver
from tests.operations.conftest import refuse_sans_rien_changer


async def test_the_next_semester_is_previewed_then_built_and_the_base_moves_on(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path)
    try:
        assert await semestres.code_courant(ctx) == "2026-11"
        seen = await semestres.apercu(ctx)
        assert (seen.courant, seen.suivant) == ("2026-11", "2027-05")
        assert (
            seen.lignes[0]
            == "Semestre d'été 2027, construit depuis le semestre d'hiver 2026-2027 :"
        )
        assert seen.lignes[1] == "7 interne(s) reporté(s), 6 stage(s) ajouté(s)"
        assert "1 en fin d'internat" in seen.lignes[2] and "1 sans place" in seen.lignes[2]
        assert "1 procuration(s)" in seen.lignes[3] and "6 choix" in seen.lignes[3]
        assert seen.lignes[4].startswith("2 interne(s) lié(s) prévenu(s) une fois")
        assert "« amphi-2026-11.sqlite3 »" in seen.lignes[4]

        done = await semestres.construire(ctx, seen.jeton, hiver.AUTEUR)
        assert done.lignes[0] == "✔ Semestre d'été 2027 construit."
        assert await semestres.code_courant(ctx) == "2027-05"
        assert (tmp_path / "amphi-2026-11.sqlite3").exists()
        async with ctx.db.read() as tx:
            valides = dict(await tx.all("SELECT id, semestres_valides FROM interne"))
            actifs = dict(await tx.all("SELECT id, actif FROM interne"))
            comptes = {row[0] for row in await tx.all("SELECT interne_id FROM compte_telegram")}
            left = await tx.value("SELECT count(*) FROM choix") + await tx.value(
                "SELECT count(*) FROM procuration"
            )
            assert [line.action for line in await journal.lignes(tx)] == ["semestre.nouveau"]
        assert valides == {"1": 8, "2": 5, "3": 5, "4": 5, "5": 5, "6": 5, "7": 4}
        assert actifs["1"] == 0 and actifs["7"] == 1  # fin d'internat; no place: kept as he was
        assert comptes == {"2", "3", None}  # the one leaving lost his; the gestionnaire stays
        assert left == 0
        with pytest.raises(Refused, match="n'a encore clos aucun choix"):
            await semestres.apercu(ctx)  # a new semester is not « every list closed »
    finally:
        await ctx.db.close()


async def test_the_change_is_refused_while_a_choice_is_open_naming_the_list(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path, clore=False)
    try:
        with pytest.raises(Refused, match=r"« MG » \(choix en cours\)"):
            await semestres.apercu(ctx)
        await refuse_sans_rien_changer(
            path, lambda: semestres.construire(ctx, 0, hiver.AUTEUR), "MG"
        )
        assert not (tmp_path / "amphi-2026-11.sqlite3").exists()
    finally:
        await ctx.db.close()


async def test_a_preview_made_stale_by_a_later_act_builds_nothing(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path)
    try:
        seen = await semestres.apercu(ctx)
        from bot.operations import comptes

        await comptes.inviter(ctx, "5")  # journaled: the head moves on
        with pytest.raises(Perime, match="aperçu"):
            await semestres.construire(ctx, seen.jeton, hiver.AUTEUR)
        assert await semestres.code_courant(ctx) == "2026-11"
        assert not (tmp_path / "amphi-2026-11.sqlite3").exists()
    finally:
        await ctx.db.close()


async def test_the_archive_is_the_closing_semester_whole_with_one_last_entry(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path)
    try:
        seen = await semestres.apercu(ctx)
        await semestres.construire(ctx, seen.jeton, hiver.AUTEUR)
        async with ctx.db.read() as tx:
            live = await journal.verifier_chaine(tx)
    finally:
        await ctx.db.close()
    assert live == (1, [])
    archive = await Database.open(tmp_path / "amphi-2026-11.sqlite3")
    try:
        async with archive.read() as tx:
            assert await tx.value("SELECT suivant FROM semestre") == "2027-05"
            assert await tx.value("SELECT count(*) FROM choix") == 6
            entries = await journal.lignes(tx)
            assert entries[-1].action == "semestre.suivant"
            assert entries[-1].id == seen.jeton + 1
            count, ruptures = await journal.verifier_chaine(tx)
        assert ruptures == [] and count == seen.jeton + 1
    finally:
        await archive.close()


STAGES = b"interne,semestre,terrain,type,phase,valide\n2,2026-05,CHU Amiens,CHU,socle,oui\n"


async def test_the_summer_files_add_and_update_and_last_semesters_stages_change_nothing(tmp_path):
    from dataclasses import replace

    from bot.operations import imports
    from ranking.model import Semestre
    from tests.conftest import csv_bytes, interne

    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path)
    try:
        stages = imports.lire("stages", STAGES, "stages.csv", ctx.config)
        await imports.appliquer(ctx, stages)  # winter: the subdivision's stages file
        seen = await semestres.apercu(ctx)
        await semestres.construire(ctx, seen.jeton, hiver.AUTEUR)
        ete = replace(ctx, config=replace(ctx.config, semestre=Semestre(2027, False)))

        again = await imports.apercu(ete, imports.lire("stages", STAGES, "stages.csv", ete.config))
        assert again.vide  # the stages amphi carried are not « missing from the file »

        rows = [interne(n, promotion="2026", semestres_valides="0") for n in ("8", "9", "10")]
        rows.append(interne("5", phase="approfondissement", semestres_valides="5", actif="non"))
        data = csv_bytes(rows)
        done = await imports.appliquer(ete, imports.lire("internes", data, "ete.csv", ete.config))
        assert (len(done.changes.added), len(done.changes.modified)) == (3, 1)
        assert done.changes.missing == ()  # the others, absent from the file, are kept
        async with ctx.db.read() as tx:
            actifs = dict(await tx.all("SELECT id, actif FROM interne"))
        assert actifs == {
            "1": 0, "2": 1, "3": 1, "4": 1, "5": 0, "6": 1, "7": 1, "8": 1, "9": 1, "10": 1,
        }  # fmt: skip
    finally:
        await ctx.db.close()
