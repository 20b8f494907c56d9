"""A poste's id typed in any case is the poste (`mg-1` is MG-1): the stored spelling is the
one recorded and shown. Real `amphi` processes on a real base."""

import sqlite3
from contextlib import closing

from tests import db_setup
from tests.cli_harness import amphi, ranked


def test_a_poste_typed_in_lower_case_is_the_poste_everywhere_it_is_typed(workdir):
    ranked(workdir)
    said = amphi(workdir, "procuration", "5", "--telephone", "06 12 34 56 78",
                 "--voeux", "mg-1", "Mg-2", "mg-3")  # fmt: skip
    assert said.returncode == 0, said.stderr
    assert said.stdout.startswith("Procuration de 5 enregistrée : MG-1, MG-2, MG-3 ;")
    said = amphi(workdir, "prechoix", "4", "--voeux", "mg-2", "mg-1")
    assert said.returncode == 0, said.stderr
    assert said.stdout == "Vœux de pré-choix de 4 enregistrés : MG-2, MG-1.\n"
    said = amphi(workdir, "particulier", "6", "--liste", "MG", "--fleche", "mg-3")
    assert said.returncode == 0, said.stderr
    assert said.stdout == "Stage particulier de 6 sur « MG » : stage fléché sur MG-3.\n"
    simulated = amphi(workdir, "simulation", "--liste", "MG", "--interne", "4")
    assert simulated.returncode == 0, simulated.stderr
    assert "MG-2" in simulated.stdout and "mg-2" not in simulated.stdout
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0
    chosen = amphi(workdir, "appel", "choisir", "1", "mg-1", "--liste", "MG")
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.startswith("1 prend le poste MG-1.")
    assert amphi(workdir, "appel", "absent", "2", "--liste", "MG").returncode == 0
    assert amphi(workdir, "appel", "choisir", "3", "MG-1", "--liste", "MG").returncode == 0
    full = amphi(workdir, "appel", "choisir", "4", "mg-1", "--liste", "MG")
    assert full.returncode == 2 and full.stderr == "refusé : le poste MG-1 est complet\n"
    procuration = amphi(workdir, "appel", "procuration", "5", "--liste", "MG")
    # 4 has not chosen yet: 5 is not called; his procuration is applied at his turn
    assert procuration.returncode == 2
    assert amphi(workdir, "appel", "choisir", "4", "mg-2", "--liste", "MG").returncode == 0
    applied = amphi(workdir, "appel", "procuration", "5", "--liste", "MG")
    assert applied.stdout.startswith("5 prend le poste MG-2 (par procuration)."), applied.stderr
    with closing(sqlite3.connect(workdir / "amphi.sqlite3")) as base:
        taken = base.execute("SELECT poste_id FROM choix ORDER BY id").fetchall()
        wishes = base.execute("SELECT poste_id FROM procuration_voeu ORDER BY rang").fetchall()
        fleche = base.execute("SELECT fleche_poste_id FROM stage_particulier").fetchall()
    assert [row[0] for row in taken] == ["MG-3", "MG-1", "MG-1", "MG-2", "MG-2"]
    assert [row[0] for row in wishes] == ["MG-1", "MG-2", "MG-3"]
    assert [row[0] for row in fleche] == ["MG-3"]
    unknown = amphi(workdir, "appel", "choisir", "6", "mg-9", "--liste", "MG")
    assert unknown.stderr == "refusé : le poste mg-9 n'est pas offert sur cette liste\n"


def test_two_postes_whose_ids_differ_only_by_case_are_refused_with_their_lines(workdir):
    (workdir / "postes.csv").write_text(
        "id,terrain,liste,capacite\nMG-1,CHU,MG,2\nMG-2,CHU,MG,1\nmg-1,Cabinet,MG,1\n",
        encoding="utf-8",
    )
    assert amphi(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    before = db_setup.dump(workdir / "amphi.sqlite3")
    result = amphi(workdir, "import", "postes", "postes.csv", "--oui")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "erreur : postes.csv, ligne 4, colonne id : l'identifiant « mg-1 » ne diffère de « MG-1 » "
        "(ligne 2) que par les majuscules : deux postes doivent se distinguer autrement\n"
    )
    assert db_setup.dump(workdir / "amphi.sqlite3") == before


def test_a_postes_file_reimported_in_another_case_changes_nothing(workdir):
    ranked(workdir)
    lowered = (workdir / "postes.csv").read_text(encoding="utf-8").replace("MG-", "mg-")
    (workdir / "postes.csv").write_text(lowered, encoding="utf-8")
    before = db_setup.dump(workdir / "amphi.sqlite3")
    result = amphi(workdir, "import", "postes", "postes.csv", "--oui")
    assert result.returncode == 0, result.stderr
    assert "aucun changement" in result.stdout.casefold()
    assert db_setup.dump(workdir / "amphi.sqlite3") == before


def test_an_id_in_full_width_beside_its_plain_spelling_is_refused(workdir):
    (workdir / "postes.csv").write_text(
        "id,terrain,liste,capacite\nMG-A,CHU,MG,2\nMG-2,CHU,MG,1\nMG-Ａ,Cabinet,MG,1\n",
        encoding="utf-8",
    )
    assert amphi(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    result = amphi(workdir, "import", "postes", "postes.csv", "--oui")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "erreur : postes.csv, ligne 4, colonne id : l'identifiant « MG-Ａ » ne diffère de « MG-A » "
        "(ligne 2) que par la forme de caractères qui se lisent pareil (pleine chasse, "
        "ligature…) : deux postes doivent se distinguer autrement\n"
    )


def test_a_postes_file_reimported_in_full_width_changes_nothing(workdir):
    ranked(workdir)
    wide = (workdir / "postes.csv").read_text(encoding="utf-8").replace("MG-1,", "ＭＧ-１,")
    assert "ＭＧ-１" in wide
    (workdir / "postes.csv").write_text(wide, encoding="utf-8")
    before = db_setup.dump(workdir / "amphi.sqlite3")
    result = amphi(workdir, "import", "postes", "postes.csv", "--oui")
    assert result.returncode == 0, result.stderr
    assert "aucun changement" in result.stdout.casefold()
    assert db_setup.dump(workdir / "amphi.sqlite3") == before
