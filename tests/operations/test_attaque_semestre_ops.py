"""The change of semester attacked where a process stops (Ctrl-C cancels the task): a stop
that comes while the new semester is being committed leaves it built, its archive with it."""

import asyncio

import pytest

from bot.operations import semestres
from bot.operations.base import Contexte
from ranking.errors import DejaFait
from storage.database import Database
from tests.hiver import AUTEUR, hiver


async def _code(path) -> str:
    database = await Database.open(path)
    try:
        async with database.read() as tx:
            return await tx.value("SELECT code FROM semestre")
    finally:
        await database.close()


async def test_a_ctrl_c_during_the_commit_keeps_the_archive_of_the_semester_built(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver(path)
    try:
        vu = await semestres.apercu(ctx)
        loop = asyncio.get_running_loop()
        task = loop.create_task(semestres.construire(ctx, vu.jeton, AUTEUR))

        def stop_at_commit(statement: str) -> None:  # SQLite's own trace: the COMMIT begins
            if statement == "COMMIT":
                loop.call_soon_threadsafe(task.cancel)

        await ctx.db._connection.set_trace_callback(stop_at_commit)
        with pytest.raises(asyncio.CancelledError):
            await task
        await ctx.db._connection.set_trace_callback(None)
    finally:
        await ctx.db.close()
    assert await _code(path) == "2027-05"  # the COMMIT ran to its end
    archive = tmp_path / "amphi-2026-11.sqlite3"
    assert archive.is_file()  # winter, readable as --semestre says
    assert semestres.stockage.lire_archive(archive) == ("2026-11", "2027-05")


async def test_a_preview_confirmed_after_another_built_it_is_told_already_built(tmp_path):
    """Two gestionnaires each read the preview; the second confirms after the first built
    it: told who built it, not that summer has no choice closed."""
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver(path)
    other = Contexte(await Database.open(path), ctx.config, "M. Petit")
    try:
        mine, theirs = await semestres.apercu(ctx), await semestres.apercu(other)
        await semestres.construire(other, theirs.jeton, "M. Petit", vers=theirs.suivant)
        with pytest.raises(DejaFait) as said:
            await semestres.construire(ctx, mine.jeton, AUTEUR, vers=mine.suivant)
    finally:
        await other.db.close()
        await ctx.db.close()
    assert str(said.value) == (
        "le semestre d'été 2027 (2027-05) est déjà construit depuis le semestre 2026-11, par "
        "M. Petit : rien de plus n'est fait (amphi semestre le montre)"
    )
    assert await _code(path) == "2027-05"
