"""Invitations and bindings through their operations, on a real base: a code binds once,
five wrong codes lock the attempts (journaled), a mail merge is one transaction, the same
Telegram update delivered twice binds once."""

import pytest

from bot.operations import comptes
from bot.operations.base import Contexte
from ranking.errors import Refused
from storage.database import Database
from tests import db_setup
from tests.conftest import csv_bytes, interne
from tests.operations.conftest import derniere_entree, journal_depuis, refuse_sans_rien_changer

GESTIONNAIRE = 900


async def test_a_code_binds_once_and_the_same_update_again_finds_the_account(classee, path):
    ctx = classee
    first, _ = (await comptes.sans_telegram(ctx, 1))[1][:2]
    code = await comptes.inviter(ctx, first[0])
    bound = await comptes.lier_par_code(ctx, code, 501, "Léa", update_id=77)
    assert (bound.role, bound.interne_id) == ("interne", first[0])
    # Telegram delivers the same update again (a crash before its acknowledgement)
    again = await comptes.lier_par_code(ctx, code, 501, "Léa", update_id=77)
    assert again == bound
    await refuse_sans_rien_changer(
        path, lambda: comptes.lier_par_code(ctx, code, 502, "Autre", update_id=78), "déjà servi"
    )
    qui = await comptes.qui(ctx, 501, frozenset({GESTIONNAIRE}))
    assert (qui.role, qui.interne_id) == ("interne", first[0])
    assert (await comptes.qui(ctx, 502, frozenset())).role is None


async def test_five_wrong_codes_lock_the_attempts_and_the_lock_is_journaled(classee, path):
    ctx = classee
    start = await derniere_entree(ctx)
    code = await comptes.inviter(ctx, None)
    for _ in range(4):
        with pytest.raises(Refused, match="inconnu") as refusal:
            await comptes.lier_par_code(ctx, "AAAA-BBBB-CCCC", 600, "X")
        assert "bloqués" not in str(refusal.value)
    with pytest.raises(Refused, match="essais bloqués pour une heure"):
        await comptes.lier_par_code(ctx, "AAAA-BBBB-CCCC", 600, "X")
    # the right code now: refused while locked, and it stays valid for later
    await refuse_sans_rien_changer(
        path, lambda: comptes.lier_par_code(ctx, code, 600, "X"), "trop de codes faux"
    )
    entries = await journal_depuis(ctx, start)
    assert [e.action for e in entries] == ["invitation.creation", "compte.verrou"]
    assert (await comptes.lier_par_code(ctx, code, 601, "G")).role == "gestionnaire"


async def test_a_configured_gestionnaire_keeps_his_role(classee, path):
    ctx = classee
    first = (await comptes.sans_telegram(ctx, 1))[1][0][0]
    code = await comptes.inviter(ctx, first)
    await refuse_sans_rien_changer(
        path,
        lambda: comptes.lier_par_code(
            ctx, code, GESTIONNAIRE, "G", None, frozenset({GESTIONNAIRE})
        ),
        "celui d'un gestionnaire",
    )
    assert (await comptes.lier_par_code(ctx, code, 700, "Léa")).interne_id == first


async def test_a_mail_merge_makes_one_code_per_interne_not_bound_and_none_twice(classee):
    ctx = classee
    _, sans = await comptes.sans_telegram(ctx, 1)
    code = await comptes.inviter(ctx, sans[0][0])
    await comptes.lier_par_code(ctx, code, 800, "Léa")
    await comptes.inviter(ctx, sans[1][0])  # a code still valid: no second one
    made = await comptes.inviter_liste(ctx, "MG")
    assert made.deja_valables == 1 and made.classes == 42
    assert [i.interne_id for i in made.nouvelles] == [row[0] for row in sans[2:]]
    again = await comptes.inviter_liste(ctx, "MG")
    assert again.nouvelles == () and again.deja_valables == len(sans) - 1


async def test_binding_by_contact_needs_his_own_number_matching_one_interne(path):
    database = await Database.open(path)
    rows = [interne("1", telephone="06 12 34 56 78"), interne("2", telephone="0698765432"),
            interne("3", telephone="0698765432")]  # fmt: skip
    await db_setup.import_all(database, db_setup.config(), csv_bytes(rows), None)
    ctx = Contexte(database, db_setup.config(), "test")
    try:
        await refuse_sans_rien_changer(
            path, lambda: comptes.lier_par_contact(ctx, "+33612345678", 5, 6, "L"), "propre contact"
        )
        await refuse_sans_rien_changer(
            path, lambda: comptes.lier_par_contact(ctx, "+33698765432", 5, 5, "L"), "plusieurs"
        )
        bound = await comptes.lier_par_contact(ctx, "+33 6 12 34 56 78", 5, 5, "L")
        assert bound.interne_id == "1"
    finally:
        await database.close()
