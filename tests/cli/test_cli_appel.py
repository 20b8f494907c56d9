"""Choice day from the command line: a real `amphi` process on a real database."""

import asyncio
import csv
import io

from bot.operations import comptes
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.cli_harness import amphi, ranked


def test_a_list_called_from_the_command_line(workdir):
    ranked(workdir)
    assert (
        amphi(
            workdir,
            "procuration",
            "5",
            "--telephone",
            "06 12 34 56 78",
            "--voeux",
            "MG-1",
            "MG-2",
            "MG-3",
        ).returncode
        == 0
    )
    assert (
        amphi(workdir, "particulier", "6", "--liste", "MG", "--surnombre", "validant").returncode
        == 0
    )
    opened = amphi(workdir, "appel", "ouvrir", "--liste", "MG")
    assert opened.returncode == 0, opened.stderr
    assert "Appelé : rang 1 Nom1 Prénom (1)" in opened.stdout
    assert "Postes libres (3, 6 place(s))" in opened.stdout
    steps = [
        (("choisir", "1", "MG-1"), "1 prend le poste MG-1."),
        (("absent", "2"), "2 absent, passé : il choisira à son arrivée."),
        (("differer", "3", "--apres", "5"), "3 choisira après le rang 5 (il garde son rang 3)."),
        (("arrivee", "2"), "2 arrivé : il choisit après l'appelé en cours."),
        (("choisir", "4", "MG-1"), "4 prend le poste MG-1."),
        (("annuler",), "Choix annulé : 4 rend le poste MG-1."),
        (("choisir", "4", "MG-2"), "4 prend le poste MG-2."),
        (("choisir", "2", "MG-2"), "2 prend le poste MG-2."),
        (("procuration", "5"), "5 prend le poste MG-1 (par procuration)."),
        (("choisir", "3", "MG-3"), "3 prend le poste MG-3."),
        (("choisir", "6", "MG-3"), "6 prend le poste MG-3 (surnombre validant)."),
        (("clore",), "Choix clos : 5 place(s) prise(s) sur 6 et 1 surnombre(s) ; 1 restante(s)."),
    ]
    for args, said in steps:
        result = amphi(workdir, "appel", *args, "--liste", "MG")
        assert result.returncode == 0, (args, result.stderr)
        assert result.stdout.startswith(said), (args, result.stdout)
    results = amphi(workdir, "appel", "resultats", "--liste", "MG", "--format", "csv")
    rows = [
        (r["rang"], r["id"], r["poste"], r["mention"])
        for r in csv.DictReader(io.StringIO(results.stdout))
    ]
    assert rows == [
        ("1", "1", "MG-1", ""), ("2", "2", "MG-2", ""), ("3", "3", "MG-3", ""),
        ("4", "4", "MG-2", ""), ("5", "5", "MG-1", "par procuration"),
        ("6", "6", "MG-3", "surnombre validant"),
    ]  # fmt: skip
    journal = amphi(workdir, "journal", "--liste", "MG").stdout
    for action in ("choix ouvert", "choix ", "absent", "report", "arrivée d'un absent",
                   "choix annulé", "procuration appliquée", "choix clos"):  # fmt: skip
        assert action in journal


def test_acts_out_of_turn_are_refused_and_change_nothing(workdir):
    ranked(workdir)
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0
    before = db_setup.dump(workdir / "amphi.sqlite3")
    for args, message in [
        (("choisir", "3", "MG-1"), "ce n'est pas le tour de 3 : l'appelé est 1"),
        (("choisir", "1", "MG-9"), "le poste MG-9 n'est pas offert sur cette liste"),
        (("procuration", "1"), "1 n'a pas de procuration sur cette liste"),
        (("office", "1", "MG-1"), "l'appel n'est pas terminé"),
        (("clore",), "l'appel n'est pas terminé : 1 est appelé"),
        (("annuler",), "aucun choix à annuler"),
        (("differer", "1", "--apres", "99"), "et au plus 6"),
    ]:
        result = amphi(workdir, "appel", *args, "--liste", "MG")
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)
        assert result.stdout == ""
    assert db_setup.dump(workdir / "amphi.sqlite3") == before
    again = amphi(workdir, "preclassement", "--liste", "MG")
    assert again.returncode == 2 and "le classement ne peut plus changer" in again.stderr


def test_opening_or_closing_twice_says_so_and_takes_no_copy_of_the_base(workdir):
    """A list opened (or closed) already: the gestionnaire reads that, not a refusal about its
    ranking; and the refused act leaves no copy named after it among the automatic ones."""
    ranked(workdir)
    early = amphi(workdir, "appel", "clore", "--liste", "MG")
    assert early.returncode == 2 and "le choix n'est pas ouvert" in early.stderr
    assert not (workdir / "sauvegardes").exists()
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0
    copies = sorted(p.name for p in (workdir / "sauvegardes").iterdir())
    assert [c for c in copies if "cloture" in c] == []
    again = amphi(workdir, "appel", "ouvrir", "--liste", "MG")
    assert again.returncode == 2, again.stderr
    assert "liste « MG » : le choix est déjà ouvert" in again.stderr
    assert "classement" not in again.stderr
    assert sorted(p.name for p in (workdir / "sauvegardes").iterdir()) == copies
    unfinished = amphi(workdir, "appel", "clore", "--liste", "MG")  # rank 1 is being called
    assert unfinished.returncode == 2 and "l'appel n'est pas terminé" in unfinished.stderr
    assert sorted(p.name for p in (workdir / "sauvegardes").iterdir()) == copies


def test_the_prechoix_simulation_tells_each_what_he_would_get(workdir):
    ranked(workdir)
    for identifier, wishes in (
        ("1", ["MG-1"]),
        ("2", ["MG-1", "MG-2"]),
        ("3", ["MG-1", "MG-2"]),
        ("4", ["MG-2", "MG-3"]),
    ):
        assert amphi(workdir, "prechoix", identifier, "--voeux", *wishes).returncode == 0
    table = amphi(workdir, "simulation", "--liste", "MG", "--format", "csv")
    assert table.returncode == 0, table.stderr
    rows = {
        r["id"]: (r["obtenu"], r["voeu"], r["pris_avant"])
        for r in csv.DictReader(io.StringIO(table.stdout))
    }
    assert rows["1"] == ("MG-1", "1", "") and rows["2"] == ("MG-1", "1", "")
    assert rows["3"] == ("MG-2", "2", "MG-1") and rows["4"] == ("MG-2", "1", "")
    one = amphi(workdir, "simulation", "--liste", "MG", "--interne", "3")
    assert one.stdout == (
        "Avec les vœux enregistrés à ce jour, vous obtiendriez votre 2e vœu (MG-2). "
        "Pris avant votre tour : MG-1.\n"
    )
    refused = amphi(workdir, "prechoix", "1", "--voeux", "MG-1", "MG-1")
    assert refused.returncode == 2 and "un même poste figure deux fois" in refused.stderr


def test_the_simulation_once_the_call_started_starts_from_the_call_as_it_stands(workdir):
    ranked(workdir)
    for identifier, wishes in (("1", ["MG-1"]), ("3", ["MG-1", "MG-2"]), ("4", ["MG-1", "MG-3"])):
        assert amphi(workdir, "prechoix", identifier, "--voeux", *wishes).returncode == 0
    for args in (("ouvrir",), ("choisir", "1", "MG-2"), ("choisir", "2", "MG-1"),
                 ("choisir", "3", "MG-1")):  # fmt: skip
        done = amphi(workdir, "appel", *args, "--liste", "MG")
        assert done.returncode == 0, (args, done.stderr)
    said = {
        i: amphi(workdir, "simulation", "--liste", "MG", "--interne", i).stdout for i in ("1", "4")
    }
    assert said["1"] == "Vous avez déjà le poste MG-2 (liste « MG »).\n"  # not given a second
    assert said["4"] == (  # MG-1 is full now: the simulation does not promise it
        "Avec les vœux enregistrés à ce jour, vous obtiendriez votre 2e vœu (MG-3). "
        "Pris avant votre tour : MG-1.\n"
    )


def test_a_list_with_findings_opens_only_when_confirmed(workdir):
    rows = list(csv.DictReader(io.StringIO((workdir / "internes.csv").read_text("utf-8"))))
    rows.append({**rows[0], "id": "8", "rang_concours": "8", "rin": "8"})  # Nom1 Prénom again
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (workdir / "internes.csv").write_text(out.getvalue(), encoding="utf-8")
    ranked(workdir)
    asked = amphi(workdir, "appel", "ouvrir", "--liste", "MG")  # no terminal: not opened
    assert asked.returncode == 1, asked.stderr
    said = asked.stdout + asked.stderr
    assert "Liste « MG » : la vérification trouve 1 constat(s)" in said
    assert "- [doublon] 1 et 8 : même nom, prénom et DES" in said
    assert "relancer avec --oui" in said
    assert "choix en cours" not in amphi(workdir, "appel", "--liste", "MG").stdout
    opened = amphi(workdir, "appel", "ouvrir", "--oui", "--liste", "MG")
    assert opened.returncode == 0, opened.stderr
    journal = amphi(workdir, "journal", "--liste", "MG").stdout
    assert "ouvert malgré 1 constat(s) de la vérification (doublon : 1)" in journal


def test_journal_interne_lists_every_entry_that_names_him(workdir):
    ranked(workdir)
    steps = (
        ("invitation", "--interne", "1"),
        ("procuration", "1", "--telephone", "06 98 76 54 32", "--voeux", "MG-2", "MG-3", "MG-1"),
        ("appel", "ouvrir", "--liste", "MG"),
        ("appel", "absent", "1", "--liste", "MG"),  # his procuration gives him MG-2
        ("appel", "choisir", "2", "MG-1", "--liste", "MG"),
    )
    for args in steps:
        done = amphi(workdir, *args)
        assert done.returncode == 0, (args, done.stderr)
    asyncio.run(_lier(workdir / "amphi.sqlite3", "1", 4242424242))
    his = amphi(workdir, "journal", "--interne", "1", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(his)))
    actions = [row["Action"] for row in rows]
    assert actions.count("invitation créée") == 2  # the one typed, the one the bot used
    assert "compte Telegram lié" in actions
    assert "procuration" in actions
    absent = [row for row in rows if row["Action"] in ("absent", "procuration appliquée")]
    assert absent and "MG-2" in absent[0]["Détail"], his
    other = amphi(workdir, "journal", "--interne", "2", "--format", "csv").stdout
    assert "choix" in [row["Action"] for row in csv.DictReader(io.StringIO(other))]
    assert "MG-1" in other and "MG-2" not in other


async def _lier(base, interne_id: str, telegram_id: int) -> None:
    """His Telegram account bound, as the bot binds it."""
    database = await Database.open(base)
    ctx = Contexte(database, db_setup.config(), "test")
    code = await comptes.inviter(ctx, interne_id)
    await comptes.lier_par_code(ctx, code, telegram_id, "Léa")
    await database.close()
