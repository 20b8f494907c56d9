"""The change of semester as stored (règles §7): the archive and the carry in one transaction
— a failure half-way leaves the closing semester as it was and no archive —, the journal's
chain going on from the archive's head, the lists' ids above every old one, the « nouveau
semestre » message planned once per bound account."""

import json
import sqlite3

import pytest

from bot.operations import semestres
from storage import journal
from storage import sauvegarde as fichiers
from storage.database import Database
from tests import db_setup, hiver


async def _construit(ctx) -> semestres.Apercu:
    seen = await semestres.apercu(ctx)
    return await semestres.construire(ctx, seen.jeton, hiver.AUTEUR)


async def test_a_failure_half_way_leaves_the_winter_base_intact_and_no_archive(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path)
    try:  # a real fault of the file, struck after the archive is made: renumbering the lists
        async with ctx.db.write() as tx:
            await tx.execute(
                "CREATE TRIGGER panne BEFORE UPDATE OF id ON liste "
                "BEGIN SELECT RAISE(ABORT, 'disque en panne'); END"
            )
        before = db_setup.dump(path)
        seen = await semestres.apercu(ctx)
        with pytest.raises(sqlite3.IntegrityError, match="disque en panne"):
            await semestres.construire(ctx, seen.jeton, hiver.AUTEUR)
        assert db_setup.dump(path) == before
        assert sorted(p.name for p in tmp_path.glob("amphi-*")) == []
        assert await semestres.code_courant(ctx) == "2026-11"
    finally:
        await ctx.db.close()


async def test_the_chain_goes_on_from_the_archive_head_and_a_backup_of_it_is_whole(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path)
    try:
        head_before = await _head(ctx)
        await _construit(ctx)
        from bot.operations import comptes

        await comptes.inviter(ctx, "5")  # an act of the new semester, chained after
        async with ctx.db.read() as tx:
            assert await journal.verifier_chaine(tx) == (2, [])
            ids = [line.id for line in await journal.lignes(tx)]
        assert ids == [head_before + 2, head_before + 3]
        await ctx.db.copier_vers(tmp_path / "copie.sqlite3")
        examen = fichiers.examiner(tmp_path / "copie.sqlite3")
        assert examen.chaine_verifiee
    finally:
        await ctx.db.close()
    archive = await Database.open(tmp_path / "amphi-2026-11.sqlite3")
    try:
        async with archive.read() as tx:
            count, ruptures = await journal.verifier_chaine(tx)
            archive_head = await journal.tete(tx)
    finally:
        await archive.close()
    assert (count, ruptures) == (head_before + 1, [])
    live = sqlite3.connect(path)
    try:
        passe = live.execute("SELECT tete, tete_empreinte FROM semestre_passe").fetchone()
        start = live.execute("SELECT journal_depuis, journal_depuis_empreinte FROM semestre")
        assert passe == archive_head == start.fetchone()
    finally:
        live.close()


async def test_a_live_chain_that_does_not_follow_the_archive_head_is_caught(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path)
    try:
        await _construit(ctx)
        async with ctx.db.write() as tx:  # behind amphi's back: another start
            await tx.execute("UPDATE semestre SET journal_depuis_empreinte = ?", ("0" * 64,))
        async with ctx.db.read() as tx:
            _, ruptures = await journal.verifier_chaine(tx)
        assert [r.sorte for r in ruptures] == ["changee"]
    finally:
        await ctx.db.close()


async def test_the_lists_get_ids_above_every_old_one_and_start_again(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path)
    try:
        async with ctx.db.read() as tx:
            old = dict(await tx.all("SELECT nom, id FROM liste"))
        await _construit(ctx)
        async with ctx.db.read() as tx:
            new = {row[0]: tuple(row)[1:] for row in await tx.all(
                "SELECT nom, id, etat, methode, final_valide, perimee FROM liste"
            )}  # fmt: skip
            empties = [
                await tx.value(f"SELECT count(*) FROM {table}")
                for table in ("rang", "choix", "poste", "appel_etat", "procuration", "invitation")
            ]
    finally:
        await ctx.db.close()
    assert set(new) == set(old)
    assert min(row[0] for row in new.values()) > max(old.values())
    assert {row[1:] for row in new.values()} == {("import", None, 0, None)}
    assert empties == [0] * 6


async def test_each_bound_account_carried_is_told_once_and_the_leaving_one_is_not(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path)
    try:
        await _construit(ctx)
        async with ctx.db.read() as tx:
            rows = await tx.all(
                "SELECT cle, telegram_id, donnees FROM notification "
                "WHERE cle LIKE 'semestre:%' AND envoyee_at IS NULL ORDER BY cle"
            )
            reglages = await tx.value("SELECT count(*) FROM compte_telegram")
    finally:
        await ctx.db.close()
    found = {row[0]: (row[1], json.loads(row[2])) for row in rows}
    assert sorted(found) == [
        "semestre:2027-05:2",
        "semestre:2027-05:3",
        f"semestre:2027-05:g:{hiver.GESTIONNAIRE}",
    ]  # fmt: skip — interne 1, at the end of his DES, is told nothing and has no account left
    telegram, data = found["semestre:2027-05:2"]
    assert telegram == 10_001
    assert data == {
        "sorte": "semestre", "liste": "", "semestre": "2027-05",
        "label": "Semestre d'été 2027", "auteur": hiver.AUTEUR, "gestionnaire": False,
    }  # fmt: skip
    assert found[f"semestre:2027-05:g:{hiver.GESTIONNAIRE}"][1]["gestionnaire"] is True
    assert reglages == 3


async def test_an_archive_left_by_an_interrupted_change_is_made_again(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path)
    try:
        left = tmp_path / "amphi-2026-11.sqlite3"
        await ctx.db.copier_vers(left)  # killed between the archive's rename and the COMMIT
        with sqlite3.connect(left) as connection:
            connection.execute("UPDATE semestre SET suivant = '2027-05'")
        await _construit(ctx)
        assert await semestres.code_courant(ctx) == "2027-05"
        with sqlite3.connect(left) as connection:
            last = connection.execute("SELECT action FROM journal ORDER BY id DESC LIMIT 1")
            assert last.fetchone()[0] == "semestre.suivant"
    finally:
        await ctx.db.close()


async def test_another_file_under_the_archive_name_is_never_overwritten(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path)
    try:
        other = tmp_path / "amphi-2026-11.sqlite3"
        other.write_bytes(b"les notes de Mme Durand")
        before = db_setup.dump(path)
        seen = await semestres.apercu(ctx)
        with pytest.raises(semestres.Refused, match=r"« amphi-2026-11\.sqlite3 » existe déjà"):
            await semestres.construire(ctx, seen.jeton, hiver.AUTEUR)
        assert db_setup.dump(path) == before
        assert other.read_bytes() == b"les notes de Mme Durand"
    finally:
        await ctx.db.close()


async def _head(ctx) -> int:
    async with ctx.db.read() as tx:
        return await journal.derniere_entree(tx)


async def test_the_purge_of_a_semester_built_from_another_chains_again_from_its_start(tmp_path):
    from bot.operations import comptes
    from storage import rgpd

    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path)
    try:
        await _construit(ctx)
        code = await comptes.inviter(ctx, "5")  # summer: a binding, its Telegram id journaled
        await comptes.lier_par_code(ctx, code, 4242424242, "Interne 5")
        async with ctx.db.write() as tx:
            done = await rgpd.purger(tx)
        async with ctx.db.read() as tx:
            _, ruptures = await journal.verifier_chaine(tx)
    finally:
        await ctx.db.close()
    assert done.journal >= 1 and ruptures == []
