"""Telegram bindings and notification state: hashed, single-use, expiring codes."""

from datetime import timedelta

import pytest

from ranking.errors import Refused
from ranking.horloge import now
from storage import alertes, comptes
from storage.database import Database
from tests import db_setup
from tests.conftest import csv_bytes, interne


@pytest.fixture
async def database(tmp_path):
    database = await Database.open(tmp_path / "amphi.sqlite3")
    await db_setup.import_all(
        database, db_setup.config(), csv_bytes([interne("1"), interne("2", actif="non")]), None
    )
    yield database
    await database.close()


async def test_a_code_binds_once_and_is_never_stored_in_clear(database, tmp_path):
    async with database.write() as tx:
        code = await comptes.inviter(tx, "interne", "1", "g")
    assert len(code) == 14 and code.count("-") == 2
    assert code.replace("-", "") not in db_setup.dump(tmp_path / "amphi.sqlite3")
    async with database.write() as tx:
        bound = await comptes.utiliser(tx, code.lower().replace("-", " "), 1001, "Léa")
    assert (bound.role, bound.interne_id) == ("interne", "1")
    with pytest.raises(Refused, match="a déjà servi"):
        async with database.write() as tx:
            await comptes.utiliser(tx, code, 1002, "Autre")
    async with database.read() as tx:
        assert await comptes.compte(tx, 1002) is None
        assert (await comptes.compte(tx, 1001)).interne_id == "1"


async def test_codes_expire_and_unknown_codes_are_refused(database):
    async with database.write() as tx:
        code = await comptes.inviter(tx, "gestionnaire", None, "g", duree=timedelta(hours=1))
    with pytest.raises(Refused, match="a expiré"):
        async with database.write() as tx:
            await comptes.utiliser(tx, code, 7, "G", at=now() + timedelta(hours=2))
    with pytest.raises(Refused, match="code d'invitation inconnu"):
        async with database.write() as tx:
            await comptes.utiliser(tx, "AAAA-BBBB-CCCC", 7, "G")
    async with database.write() as tx:
        assert (await comptes.utiliser(tx, code, 7, "G")).role == "gestionnaire"


async def test_one_account_per_interne_and_no_invitation_for_an_inactive_one(database):
    async with database.write() as tx:
        first = await comptes.inviter(tx, "interne", "1", "g")
        second = await comptes.inviter(tx, "interne", "1", "g")
        await comptes.utiliser(tx, first, 1, "A")
    with pytest.raises(Refused, match="déjà lié à un autre compte"):
        async with database.write() as tx:
            await comptes.utiliser(tx, second, 2, "B")
    with pytest.raises(Refused, match="inconnu ou inactif"):
        async with database.write() as tx:
            await comptes.inviter(tx, "interne", "2", "g")


async def test_a_notification_is_planned_once_and_sent_once(database):
    async with database.write() as tx:
        await alertes.prevoir(tx, [("tour:MG:1:5", 1001, {"sorte": "tour"})])
        await alertes.prevoir(tx, [("tour:MG:1:5", 1001, {"sorte": "autre"})])
        await alertes.prevoir(tx, [("tour:MG:1:2", 1001, {"sorte": "tour"})])
    async with database.read() as tx:
        due = await alertes.a_envoyer(tx)
    assert [(n.cle, n.donnees["sorte"]) for n in due] == [
        ("tour:MG:1:5", "tour"),
        ("tour:MG:1:2", "tour"),
    ]
    async with database.write() as tx:
        assert await alertes.marquer_envoyee(tx, "tour:MG:1:5")
        assert not await alertes.marquer_envoyee(tx, "tour:MG:1:5")
    async with database.read() as tx:
        assert [n.cle for n in await alertes.a_envoyer(tx)] == ["tour:MG:1:2"]


async def test_an_account_can_be_unbound_and_bound_again(database):
    async with database.write() as tx:
        await comptes.utiliser(tx, await comptes.inviter(tx, "interne", "1", "g"), 5, "A")
        await comptes.delier(tx, 5, "g")
        assert await comptes.compte(tx, 5) is None
        await comptes.utiliser(tx, await comptes.inviter(tx, "interne", "1", "g"), 6, "A")
    with pytest.raises(Refused, match="aucun compte Telegram 5"):
        async with database.write() as tx:
            await comptes.delier(tx, 5, "g")
