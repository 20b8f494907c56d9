"""`amphi purger` once the semester is over: the phones, e-mails and Telegram ids are gone from
the base — from its very bytes — while the results and the journal stay."""

import asyncio

from bot.operations import comptes
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.cli_harness import amphi, ranked
from tests.conftest import csv_bytes, interne


def test_purger_leaves_no_phone_in_the_file_and_keeps_the_results(workdir):
    rows = [interne(str(i), nom=f"Nom{i}", rin=(1, 2, 2, 4, 5, 6)[i - 1]) for i in range(1, 7)]
    rows[0].update(telephone="06 11 22 33 44", email="lea.martin@exemple.fr")
    (workdir / "internes.csv").write_bytes(csv_bytes(rows))
    ranked(workdir)
    base = workdir / "amphi.sqlite3"
    steps = (
        ("procuration", "2", "--telephone", "06 98 76 54 32", "--voeux", "MG-1", "MG-2", "MG-3"),
        ("appel", "ouvrir", "--liste", "MG"),
    )
    for args in steps:
        assert amphi(workdir, *args).returncode == 0
    asyncio.run(_bind(base))  # a Telegram account, as the bot would have bound it
    refused = amphi(workdir, "purger", "--oui")  # the choice is running
    assert refused.returncode == 2 and "le choix de « MG » est en cours" in refused.stderr
    for args in (("choisir", "1", "MG-1"), ("absent", "2"), ("choisir", "3", "MG-2"),
                 ("choisir", "4", "MG-2"), ("choisir", "5", "MG-3"), ("choisir", "6", "MG-3"),
                 ("clore",)):  # fmt: skip
        done = amphi(workdir, "appel", *args, "--liste", "MG")
        assert done.returncode == 0, (args, done.stderr)
    before = b"".join(path.read_bytes() for path in workdir.glob("amphi.sqlite3*"))
    assert b"+33698765432" in before and b"06 11 22 33 44" in before

    asked = amphi(workdir, "purger")
    assert asked.returncode == 1 and "- 1 procurations (avec leur téléphone)" in asked.stdout
    done = amphi(workdir, "purger", "--oui")
    assert done.returncode == 0, done.stderr
    assert "Copies automatiques effacées : 2." in done.stdout  # before opening and closing
    after = b"".join(path.read_bytes() for path in workdir.glob("amphi.sqlite3*"))
    for secret in (b"+33698765432", b"98 76 54 32", b"+33611223344", b"11 22 33 44",
                   b"4242424242", b"lea.martin@exemple.fr"):  # fmt: skip
        assert secret not in after, secret
    results = amphi(workdir, "appel", "resultats", "--liste", "MG")
    assert results.returncode == 0 and "par procuration" in results.stdout
    journal = amphi(workdir, "journal").stdout
    assert "données personnelles effacées" in journal and "4242424242" not in journal
    assert "la chaîne refaite ; avant : journal n°" in journal
    assert amphi(workdir, "journal", "--verifier").returncode == 0  # chained again, whole


async def _bind(base) -> None:
    database = await Database.open(base)
    ctx = Contexte(database, db_setup.config(), "test")
    code = await comptes.inviter(ctx, "1")
    await comptes.lier_par_code(ctx, code, 4242424242, "Léa")
    await database.close()


def test_purger_waits_for_every_list_of_the_semester_to_be_closed_and_names_them(workdir):
    ranked(workdir)  # MG ranked, never opened; Psy holds interne 7, never ranked
    refused = amphi(workdir, "purger", "--oui")
    assert refused.returncode == 2, refused.stdout
    assert "liste(s) jamais close(s) : « MG » (classement final), « Psy »" in refused.stderr
    assert "Effacés" not in refused.stdout
    for args in (("ouvrir",), ("choisir", "1", "MG-1"), ("choisir", "2", "MG-1"),
                 ("choisir", "3", "MG-2"), ("choisir", "4", "MG-2"), ("choisir", "5", "MG-3"),
                 ("choisir", "6", "MG-3"), ("clore",)):  # fmt: skip
        done = amphi(workdir, "appel", *args, "--liste", "MG")
        assert done.returncode == 0, (args, done.stderr)
    still = amphi(workdir, "purger", "--oui")
    assert still.returncode == 2 and "« Psy »" in still.stderr and "« MG »" not in still.stderr
    for args in (("preclassement", "--liste", "Psy"), ("final", "valider", "--liste", "Psy"),
                 ("appel", "ouvrir", "--liste", "Psy"),
                 ("appel", "choisir", "7", "Psy-1", "--liste", "Psy"),
                 ("appel", "clore", "--liste", "Psy")):  # fmt: skip
        done = amphi(workdir, *args)
        assert done.returncode == 0, (args, done.stderr)
    purged = amphi(workdir, "purger", "--oui")
    assert purged.returncode == 0, purged.stderr


def test_purger_names_every_list_still_open_or_never_closed_in_one_refusal(workdir):
    ranked(workdir)  # MG ranked; Psy holds interne 7, never ranked
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0
    refused = amphi(workdir, "purger", "--oui")
    assert refused.returncode == 2, refused.stdout
    assert "le choix de « MG » est en cours" in refused.stderr
    assert "liste(s) jamais close(s) : « Psy »" in refused.stderr
