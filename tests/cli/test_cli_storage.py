"""The database commands as a gestionnaire runs them: a real `amphi` process, a real SQLite file."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests import db_setup
from tests.cli_harness import amphi


def test_import_shows_changes_and_applies_only_with_oui(workdir):
    preview = amphi(workdir, "import", "internes", "internes.csv")
    assert preview.returncode == 1
    assert (
        preview.stdout.splitlines()[0]
        == "Import de internes.csv : 7 ajout(s), 0 modification(s), 0 désactivation(s)"
    )
    assert preview.stdout.endswith("Rien n'est appliqué : relancer avec --oui pour appliquer.\n")
    listes = amphi(workdir, "listes")
    assert "MG" in listes.stdout and "à classer" in listes.stdout
    assert "la base « amphi.sqlite3 » n'existe pas encore" in listes.stderr
    assert not (workdir / "amphi.sqlite3").exists()
    applied = amphi(workdir, "import", "internes", "internes.csv", "--oui")
    assert applied.returncode == 0 and applied.stdout.endswith("Appliqué.\n")
    again = amphi(workdir, "import", "internes", "internes.csv")
    assert again.returncode == 0
    assert again.stdout == "Aucun changement : internes.csv est déjà en base à l'identique.\n"


def test_a_bad_file_is_refused_whole_by_the_database_command(workdir):
    (workdir / "postes.csv").write_text(
        "id,terrain,liste,capacite\nP1,CHU,Cardio,2\nP2,CHU,MG,zéro\n"
    )
    result = amphi(workdir, "import", "postes", "postes.csv", "--oui")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "erreur : postes.csv, ligne 2, colonne liste : liste « Cardio » inconnue (listes : MG, Psy)",
        "erreur : postes.csv, ligne 3, colonne capacite : « zéro » n'est pas une capacité (nombre entier de places, de 1 à 1000)",
    ]
    assert (
        not (workdir / "amphi.sqlite3").exists()
        or "import.postes" not in amphi(workdir, "journal").stdout
    )


def test_the_ranking_phases_from_the_command_line(workdir):
    assert amphi(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    run = amphi(workdir, "preclassement", "--liste", "mg")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(
        "Pré-classement de la liste « MG » enregistré : 6 internes, 1 groupe(s) d'ex-aequo."
    )
    too_early = amphi(workdir, "final", "monter", "3", "--liste", "MG")
    assert too_early.returncode == 2
    assert "valider d'abord la levée des ex-aequo" in too_early.stderr
    groups = amphi(workdir, "exaequo", "--liste", "MG")
    assert "Groupe n°1 — rang 2 — 2 internes — à traiter" in groups.stdout
    assert 'amphi exaequo ordonner --groupe N ID… --liste "MG"' in groups.stdout
    unordered = amphi(workdir, "exaequo", "valider", "--liste", "MG")
    assert unordered.returncode == 2 and unordered.stderr == (
        "refusé : groupes d'ex-aequo non traités : n°1 (rang 2, 2 internes) ; ordonner chaque "
        'groupe, puis valider (commande : amphi exaequo --liste "MG")\n'
    )
    ordered = amphi(workdir, "exaequo", "ordonner", "--groupe", "1", "3", "2", "--liste", "MG")
    assert ordered.returncode == 0, ordered.stderr
    assert amphi(workdir, "exaequo", "valider", "--liste", "MG").returncode == 0
    moved = amphi(workdir, "final", "monter", "4", "--liste", "MG")
    assert moved.returncode == 0, moved.stderr
    lines = moved.stdout.splitlines()
    assert [line.split()[3] for line in lines[4:10]] == ["1", "3", "4", "2", "5", "6"]
    assert amphi(workdir, "final", "valider", "--liste", "MG").returncode == 0
    journal = amphi(workdir, "journal", "--liste", "MG").stdout
    for action in (
        "pré-classement",
        "groupe d'ex-aequo ordonné",
        "levée des ex-aequo validée",
        "classement final : échange",
        "classement final validé",
    ):
        assert action in journal
    assert (
        "Mme Durand" in journal and "2 passe du rang 3 au rang 4, 4 du rang 4 au rang 3" in journal
    )


def test_refusals_are_french_with_exit_2_and_change_nothing(workdir):
    assert amphi(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    before = db_setup.dump(workdir / "amphi.sqlite3")
    for args, message in [
        (("exaequo", "--liste", "Psy"), None),
        (
            ("exaequo", "ordonner", "--groupe", "1", "1", "--liste", "Psy"),
            "pas encore de pré-classement",
        ),
        (
            ("final", "valider", "--liste", "Cardio"),
            "liste « Cardio » inconnue (listes : « MG », « Psy »)",
        ),
        (("final", "--liste", "MG", "monter", "1/XX"), "écrire ID, ou ID/HD"),
        (("rouvrir", "--liste", "MG", "--motif", "remords"), "le classement est déjà ouvert"),
        (("exaequo", "valider"), "argument --liste : obligatoire"),
    ]:
        result = amphi(workdir, *args)
        if message is None:
            continue
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr and result.stdout == ""
    assert db_setup.dump(workdir / "amphi.sqlite3").replace("\n", "") == before.replace("\n", "")


def test_an_invitation_code_is_shown_once_and_stored_hashed(workdir):
    assert amphi(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    result = amphi(workdir, "invitation", "--interne", "1", "--jours", "2")
    assert result.returncode == 0, result.stderr
    code = result.stdout.split(" : ")[1].split()[0]
    assert len(code) == 14 and code.replace("-", "") not in db_setup.dump(workdir / "amphi.sqlite3")
    refused = amphi(workdir, "invitation", "--interne", "999")
    assert refused.returncode == 2 and "interne 999 inconnu ou inactif" in refused.stderr
    until = (datetime.now(ZoneInfo("Europe/Paris")) + timedelta(days=2)).strftime("%d/%m/%Y")
    assert f"valable jusqu'au {until}" in amphi(workdir, "journal").stdout  # as people write it


def test_a_file_that_is_not_a_database_is_refused_in_french(workdir):
    (workdir / "amphi.sqlite3").write_text("ceci n'est pas une base")
    result = amphi(workdir, "listes")
    assert result.returncode == 2
    assert result.stderr == (
        "refusé : option --db : « amphi.sqlite3 » : ce fichier n'est pas une base SQLite, "
        "ou elle est abîmée\n"
    )


def test_file_options_are_refused_with_a_stored_list(workdir):
    result = amphi(
        workdir, "preclassement", "--liste", "MG", "--format", "csv", "--methode", "imotep"
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "erreur : argument --methode : sans effet avec --liste (la configuration et la base "
        "donnent le périmètre, la méthode et les internes) ; le retirer",
    ]
