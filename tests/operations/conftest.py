"""The operations on a real SQLite base, without Telegram or a process: each act is one unit of
work (all or nothing), a refusal changes nothing, every change is journaled, a stale screen's
press is refused."""

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.operations.base import Contexte
from ranking.errors import Refused
from storage import journal
from tests import db_setup

AUTEUR = "Mme Durand"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "amphi.sqlite3"


@pytest.fixture
async def classee(path: Path):
    """MG ranked to its validated final order (40 places), not open yet; Psy imported only."""
    database = await db_setup.prepared(path, open_mg=False, internes=120)
    yield Contexte(database, db_setup.config(), AUTEUR)
    await database.close()


@pytest.fixture
async def ouverte(path: Path):
    """MG ranked and open for choice (40 places); Psy imported only."""
    database = await db_setup.prepared(path, internes=120)
    yield Contexte(database, db_setup.config(), AUTEUR)
    await database.close()


async def refuse_sans_rien_changer(
    path: Path, act: Callable[[], Awaitable[object]], match: str, kind: type = Refused
) -> Refused:
    """The act is refused with a French reason, and the base is what it was, byte for byte."""
    before = db_setup.dump(path)
    with pytest.raises(kind, match=match) as refused:
        await act()
    assert db_setup.dump(path) == before
    return refused.value


async def journal_depuis(ctx: Contexte, entree: int) -> list[journal.Ligne]:
    """The journal's entries written after entry number `entree`."""
    async with ctx.db.read() as tx:
        return [line for line in await journal.lignes(tx) if line.id > entree]


async def derniere_entree(ctx: Contexte) -> int:
    async with ctx.db.read() as tx:
        return await journal.derniere_entree(tx)


async def version(ctx: Contexte, liste_id: int) -> int:
    async with ctx.db.read() as tx:
        return await journal.derniere(tx, liste_id)
