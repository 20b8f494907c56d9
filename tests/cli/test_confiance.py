"""What a gestionnaire must be able to trust, through the real `amphi` process: an order that
no longer matches its data is never called, the configuration cannot widen or lock a
semester, a read-only command writes nothing, and bad arguments get French words."""

import os
import signal
import sqlite3
import subprocess
import time

import pytest

from tests import db_setup
from tests.cli_harness import AMPHI, amphi, ranked
from tests.conftest import csv_bytes, interne

PSY = interne("7", discipline="Psychiatrie", des="Psychiatrie", rin=1)


def rows(**changes: dict[str, object]) -> list[dict[str, str]]:
    """The workdir's seven internes, some of them changed (`{"1": {"actif": "non"}}`)."""
    result = []
    for i in range(1, 7):
        fields = {"nom": f"Nom{i}", "rin": (1, 2, 2, 4, 5, 6)[i - 1]}
        fields.update(changes.get(str(i), {}))
        result.append(interne(str(i), **fields))
    return [*result, PSY]


def test_an_import_that_changes_a_ranked_interne_makes_the_order_stale_and_the_call_waits(
    workdir,
):
    ranked(workdir)
    (workdir / "v2.csv").write_bytes(csv_bytes(rows(**{"1": {"semestres_valides": 3}})))
    preview = amphi(workdir, "import", "internes", "v2.csv")
    assert "⚠ liste « MG » : son ordre sera périmé (données changées de 1 ;" in preview.stdout
    assert amphi(workdir, "import", "internes", "v2.csv", "--oui").returncode == 0
    listes = amphi(workdir, "listes")
    assert "classement final — périmé" in listes.stdout
    before = db_setup.dump(workdir / "amphi.sqlite3")
    opened = amphi(workdir, "appel", "ouvrir", "--liste", "MG")
    assert opened.returncode == 2
    assert (
        "ouvrir le choix impossible, ordre périmé (import de v2.csv) : données changées de 1"
        in (opened.stderr)
    )
    assert 'amphi preclassement --liste "MG"' in opened.stderr
    assert db_setup.dump(workdir / "amphi.sqlite3") == before
    assert amphi(workdir, "pdf", "appel", "--liste", "MG").returncode == 0
    assert amphi(workdir, "preclassement", "--liste", "MG").returncode == 0
    assert amphi(workdir, "final", "valider", "--liste", "MG").returncode == 0
    final = amphi(workdir, "final", "--liste", "MG").stdout
    assert final.splitlines()[-1].split()[:2] == ["6", "Nom1"]  # delayed: last, as his data says
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0


def test_an_inactive_interne_is_never_called(workdir):
    ranked(workdir)
    (workdir / "v2.csv").write_bytes(csv_bytes(rows(**{"1": {"actif": "non"}})))
    assert amphi(workdir, "import", "internes", "v2.csv", "--oui").returncode == 0
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 2
    for args in (("preclassement",), ("final", "valider"), ("appel", "ouvrir")):
        result = amphi(workdir, *args, "--liste", "MG")
        assert result.returncode == 0, (args, result.stderr)
    assert "Appelé : rang 1 Nom2 Prénom (2)" in amphi(workdir, "appel", "--liste", "MG").stdout


def test_once_choice_started_an_import_changing_the_order_is_refused_whole(workdir):
    ranked(workdir)
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0
    assert amphi(workdir, "appel", "choisir", "1", "MG-1", "--liste", "MG").returncode == 0
    before = db_setup.dump(workdir / "amphi.sqlite3")
    (workdir / "v2.csv").write_bytes(csv_bytes(rows(**{"3": {"actif": "non"}})))
    result = amphi(workdir, "import", "internes", "v2.csv", "--oui")
    assert result.returncode == 2
    assert "changerait son classement alors que son choix a commencé" in result.stderr
    assert "rien n'est changé" in result.stderr
    assert db_setup.dump(workdir / "amphi.sqlite3") == before
    contact_only = rows(**{"3": {"telephone": "06 12 34 56 78"}})
    (workdir / "v3.csv").write_bytes(csv_bytes(contact_only))
    assert amphi(workdir, "import", "internes", "v3.csv", "--oui").returncode == 0


def test_a_second_list_waits_for_the_earlier_list_of_its_formation(workdir):
    ranked(workdir)
    for args in (
        ("preclassement", "--liste", "Psy"),
        ("final", "valider", "--liste", "Psy"),
        ("appel", "ouvrir", "--liste", "MG"),
    ):
        assert amphi(workdir, *args).returncode == 0, args
    refused = amphi(workdir, "appel", "ouvrir", "--liste", "Psy")
    assert refused.returncode == 2
    assert "la liste « MG » (appelée avant elle) est en cours d'appel" in refused.stderr


def test_places_are_reoffered_once_to_one_later_list(workdir):
    (workdir / "postes.csv").write_bytes(db_setup.postes_csv({"MG": 8, "Psy": 2}))
    ranked(workdir)
    for args in (
        ("preclassement", "--liste", "Psy"),
        ("final", "valider", "--liste", "Psy"),
        ("appel", "ouvrir", "--liste", "MG"),
    ):
        assert amphi(workdir, *args).returncode == 0, args
    for key in range(1, 7):
        poste = f"MG-{(key + 1) // 2}"
        assert amphi(workdir, "appel", "choisir", str(key), poste, "--liste", "MG").returncode == 0
    assert amphi(workdir, "appel", "clore", "--liste", "MG").returncode == 0
    first = amphi(workdir, "appel", "reoffrir", "--liste", "MG", "--vers", "Psy")
    assert first.returncode == 0, first.stderr
    before = db_setup.dump(workdir / "amphi.sqlite3")
    for target in ("Psy", "MG"):
        again = amphi(workdir, "appel", "reoffrir", "--liste", "MG", "--vers", target)
        assert again.returncode == 2, again.stdout
    assert db_setup.dump(workdir / "amphi.sqlite3") == before


def test_procuration_wishes_must_be_postes_of_his_lists(workdir):
    ranked(workdir)
    before = db_setup.dump(workdir / "amphi.sqlite3")
    result = amphi(workdir, "procuration", "1", "--telephone", "06 12 34 56 78",
                   "--voeux", "MG-1", "MG-2", "Psy-1")  # fmt: skip
    assert result.returncode == 2
    assert "Psy-1" in result.stderr
    assert db_setup.dump(workdir / "amphi.sqlite3") == before
    bad_phone = amphi(workdir, "procuration", "1", "--telephone", "12",
                      "--voeux", "MG-1", "MG-2", "MG-3")  # fmt: skip
    assert bad_phone.returncode == 2
    assert "« 12 » n'est pas un numéro de téléphone valide" in bad_phone.stderr


def test_a_second_fleche_on_a_full_poste_is_refused_when_recorded(workdir):
    (workdir / "postes.csv").write_text(
        "id,terrain,liste,capacite\nMG-1,CHU,MG,1\nMG-2,CHU,MG,5\nPsy-1,CHU,Psy,2\n"
    )
    ranked(workdir)
    assert amphi(workdir, "particulier", "4", "--liste", "MG", "--fleche", "MG-1").returncode == 0
    second = amphi(workdir, "particulier", "5", "--liste", "MG", "--fleche", "MG-1")
    assert second.returncode == 2 and "MG-1" in second.stderr


def test_an_unknown_configuration_key_is_refused_with_its_line(workdir):
    config = db_setup.CONFIG.replace("ordre = 2\n", 'ordre = 2\nphse = "socle"\n')
    (workdir / "config.toml").write_text(config, encoding="utf-8")
    result = amphi(workdir, "import", "internes", "internes.csv", "--oui")
    assert result.returncode == 2
    assert "phse" in result.stderr and "phase" in result.stderr  # « vouliez-vous dire »
    assert "config.toml, ligne 17 : clé « phse » inconnue dans [[listes]] n°2" in result.stderr
    assert not (workdir / "amphi.sqlite3").exists()


def test_read_only_commands_write_nothing_even_when_the_configuration_changed(
    workdir,
):
    ranked(workdir)
    renamed = db_setup.CONFIG.replace('nom = "Psy"', 'nom = "Psychiatrie"')
    (workdir / "config.toml").write_text(renamed, encoding="utf-8")
    before = db_setup.dump(workdir / "amphi.sqlite3")
    for args in (("listes",), ("final", "--liste", "MG"), ("journal",), ("appel", "--liste", "MG")):
        amphi(workdir, *args)
    assert db_setup.dump(workdir / "amphi.sqlite3") == before
    listes = amphi(workdir, "listes")
    assert "Psychiatrie" in listes.stdout
    assert amphi(workdir, "preclassement", "--liste", "Psychiatrie").returncode == 0


def test_a_changed_perimeter_before_choice_sends_the_list_back_to_the_preclassement(
    workdir,
):
    ranked(workdir)
    widened = db_setup.CONFIG.replace(
        'discipline = "Médecine générale"\nordre = 1\n',
        'discipline = "Médecine générale"\nordre = 1\nphase = "socle"\n',
    )
    (workdir / "config.toml").write_text(widened, encoding="utf-8")
    result = amphi(workdir, "preclassement", "--liste", "MG")
    assert result.returncode == 0, result.stderr
    assert "liste « MG »" in result.stderr  # the change is told, not silent
    assert "MG" in amphi(workdir, "journal", "--liste", "MG").stdout


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("invitation", "--interne", "1", "--jours", "99999999999999999999999"), "--jours"),
        (("invitation", "--interne", "1", "--jours", "0"), "--jours"),
        (("final", "placer", "1", "--rang", "-3", "--liste", "MG"), "--rang"),
        (("final", "placer", "1", "--rang", "٣", "--liste", "MG"), "--rang"),
        (("appel", "differer", "1", "--apres", "inf", "--liste", "MG"), "--apres"),
    ],
)
def test_numbers_out_of_range_get_a_french_error(workdir, args, said):
    assert amphi(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    result = amphi(workdir, *args)
    assert result.returncode == 2, result.stdout
    assert said in result.stderr and "Traceback" not in result.stderr


def test_an_unopenable_db_is_named_and_no_file_is_left(workdir, tmp_path):
    folder = workdir / "dossier"
    folder.mkdir()
    as_folder = amphi(workdir, "listes", "--db", str(folder))
    assert as_folder.returncode == 2 and "est un dossier" in as_folder.stderr
    missing = amphi(workdir, "import", "internes", "internes.csv", "--oui",
                    "--db", str(workdir / "nulle" / "part.sqlite3"))  # fmt: skip
    assert missing.returncode == 2 and "le dossier" in missing.stderr
    (workdir / "bad.csv").write_text("id,terrain,liste,capacite\nP1,CHU,MG,zéro\n")
    refused = amphi(workdir, "import", "postes", "bad.csv", "--oui", "--db", "neuf.sqlite3")
    assert refused.returncode == 2 and not (workdir / "neuf.sqlite3").exists()
    typo = amphi(workdir, "final", "--liste", "MG", "--db", "amhpi.sqlite3")
    assert not (workdir / "amhpi.sqlite3").exists()
    assert "n'existe pas encore" in typo.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes any file")
def test_a_read_only_database_is_named(workdir):
    ranked(workdir)
    (workdir / "amphi.sqlite3").chmod(0o444)
    result = amphi(workdir, "appel", "ouvrir", "--liste", "MG")
    assert result.returncode == 2 and "lecture seule" in result.stderr


def test_csv_exports_neutralise_formulas(workdir):
    evil = rows(**{"1": {"nom": '=HYPERLINK("http://x")', "prenom": "+1"}})
    (workdir / "internes.csv").write_bytes(csv_bytes(evil))
    ranked(workdir)
    exported = amphi(workdir, "final", "--liste", "MG", "--format", "csv").stdout
    assert "'=HYPERLINK" in exported and ",'+1," in exported


def test_a_pdf_never_replaces_what_is_not_a_regular_file(workdir):
    ranked(workdir)
    os.symlink("/dev/null", workdir / "appel_MG.pdf")
    result = amphi(workdir, "pdf", "appel", "--liste", "MG", "--remplacer")
    assert result.returncode == 2, result.stdout
    assert (workdir / "appel_MG.pdf").is_symlink()


def test_a_truncated_last_line_is_refused(workdir):
    data = csv_bytes(rows())
    (workdir / "internes.csv").write_bytes(data[: data.rindex(b",")])
    result = amphi(workdir, "import", "internes", "internes.csv", "--oui")
    assert result.returncode == 2 and "ligne tronquée" in result.stderr
    assert not (workdir / "amphi.sqlite3").exists()


def test_internes_of_another_subdivision_are_refused(workdir):
    other = [*rows(), interne("8", circonscription="Lille")]
    (workdir / "internes.csv").write_bytes(csv_bytes(other))
    result = amphi(workdir, "import", "internes", "internes.csv", "--oui")
    assert result.returncode == 2 and "Lille" in result.stderr


def test_a_base_from_another_program_is_refused(workdir):
    connection = sqlite3.connect(workdir / "amphi.sqlite3")
    connection.execute("CREATE TABLE clients (nom TEXT)")
    connection.commit()
    connection.close()
    result = amphi(workdir, "import", "internes", "internes.csv", "--oui")
    assert result.returncode == 2 and "n'est pas celle d'amphi" in result.stderr


def test_a_surnombre_validant_by_procuration_leaves_the_place_to_the_next(workdir):
    (workdir / "postes.csv").write_text(
        "id,terrain,liste,capacite\nMG-1,CHU,MG,1\nMG-2,CHU,MG,3\nMG-3,CHU,MG,3\nPsy-1,CHU,Psy,2\n"
    )
    ranked(workdir)
    for args in (
        ("particulier", "1", "--liste", "MG", "--surnombre", "validant"),
        ("procuration", "1", "--telephone", "06 12 34 56 78", "--voeux", "MG-1", "MG-2", "MG-3"),
        ("appel", "ouvrir", "--liste", "MG"),
        ("appel", "absent", "1", "--liste", "MG"),
        ("appel", "choisir", "2", "MG-1", "--liste", "MG"),
    ):
        result = amphi(workdir, *args)
        assert result.returncode == 0, (args, result.stderr)
    results = amphi(workdir, "appel", "resultats", "--liste", "MG").stdout
    assert "par procuration, surnombre validant" in results
    full = amphi(workdir, "appel", "choisir", "3", "MG-1", "--liste", "MG")
    assert full.returncode == 2 and "le poste MG-1 est complet" in full.stderr


def test_a_placement_with_a_motif_is_explained_kept_and_journaled(workdir):
    for args in (
        ("import", "internes", "internes.csv", "--oui"),
        ("preclassement", "--liste", "MG"),
        ("exaequo", "ordonner", "--groupe", "1", "2", "3", "--liste", "MG"),
        ("exaequo", "valider", "--liste", "MG"),
        ("final", "placer", "6", "--rang", "1", "--motif", "erreur de saisie", "--liste", "MG"),
    ):
        result = amphi(workdir, *args)
        assert result.returncode == 0, (args, result.stderr)
    rerun = amphi(workdir, "preclassement", "--liste", "MG")
    assert "5 déplacement(s) du classement final repris" in rerun.stdout
    order = amphi(workdir, "final", "--liste", "MG", "--format", "csv").stdout.splitlines()
    assert [line.split(",")[:2] for line in order[1:3]] == [["1", "6"], ["2", "1"]]
    why = amphi(workdir, "final", "--liste", "MG", "--expliquer", "1").stdout
    assert "Rang d'appel : 2 sur 6" in why
    assert "6 passe du rang 6 au rang 1 (erreur de saisie)" in why
    journal = amphi(workdir, "journal", "--interne", "1", "--action", "classement final",
                    "--format", "csv").stdout.splitlines()  # fmt: skip
    assert journal[0] == "Heure (Paris),Auteur,Action,Liste,Détail"
    assert [line.split(",")[2] for line in journal[1:]] == ["classement final : interne placé"]


@pytest.mark.parametrize("delay", [0.1, 0.3, 0.8, 1.5])
def test_ctrl_c_during_an_import_applies_it_whole_or_not_at_all_and_says_which(
    workdir,
    delay,
):
    (workdir / "internes.csv").write_bytes(db_setup.internes_csv(6_000))
    process = subprocess.Popen(
        [AMPHI, "import", "internes", "internes.csv", "--oui"],
        cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        return  # finished before the signal
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1].startswith("interrompu (Ctrl-C) : ")
    assert "Traceback" not in stderr
    path = workdir / "amphi.sqlite3"
    count = 0
    if path.exists():
        connection = sqlite3.connect(path)
        try:
            count = connection.execute("SELECT count(*) FROM interne").fetchone()[0]
        finally:
            connection.close()
    if "rien n'a changé" in stderr:
        assert count == 0
    elif "la commande était déjà enregistrée, en entier" in stderr:
        assert count == 6_000
    else:  # the instant the command ended: whole or nothing, and the journal tells which
        assert "« amphi journal » dit si elle est enregistrée" in stderr and count in (0, 6_000)


def test_the_whole_preview_on_demand_and_a_list_short_of_places(workdir):
    many = [interne(str(i), nom=f"Nom{i}", rin=i) for i in range(1, 41)]
    (workdir / "internes.csv").write_bytes(csv_bytes(many))
    (workdir / "postes.csv").write_text("id,terrain,liste,capacite\nMG-1,CHU,MG,2\n")
    first = amphi(workdir, "import", "internes", "internes.csv").stdout
    everything = amphi(workdir, "import", "internes", "internes.csv", "--tout").stdout
    assert "Nom40" not in first and "Nom40" in everything
    for args in (("import", "internes", "internes.csv", "--oui"),
                 ("import", "postes", "postes.csv", "--oui"), ("preclassement", "--liste", "MG")):  # fmt: skip
        assert amphi(workdir, *args).returncode == 0
    said = amphi(workdir, "listes").stdout
    assert "⚠ « MG » : 2 place(s) pour 40 interne(s) à appeler : 38 n'auront pas de poste" in said


def test_lists_of_one_amphi_are_called_in_order_and_amphis_side_by_side(workdir):
    ranked(workdir)
    for args in (("preclassement", "--liste", "Psy"), ("final", "valider", "--liste", "Psy")):
        assert amphi(workdir, *args).returncode == 0, args
    early = amphi(workdir, "appel", "ouvrir", "--liste", "Psy")  # MG comes first in médecine
    assert early.returncode == 2
    assert "la liste « MG », appelée avant elle dans l'amphi « medecine », n'est pas close" in (
        early.stderr
    )
    config = (workdir / "config.toml").read_text(encoding="utf-8")
    separate = config.replace('nom = "Psy"\n', 'nom = "Psy"\namphi = "Psychiatrie"\n')
    (workdir / "config.toml").write_text(separate, encoding="utf-8")
    for nom in ("Psy", "MG"):  # two amphis: called side by side
        opened = amphi(workdir, "appel", "ouvrir", "--liste", nom)
        assert opened.returncode == 0, opened.stderr
    journal = amphi(workdir, "journal", "--action", "liste").stdout
    assert "amphi « medecine » → « Psychiatrie »" in journal
