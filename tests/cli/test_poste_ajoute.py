"""A poste added to a list during its call: `amphi import postes` with one more line offers it
from then on, journaled; removing or reducing a poste of the list stays refused. Real `amphi`
processes on a real base."""

from tests import db_setup
from tests.cli_harness import amphi, ranked

AJOUT = "MG-3bis,Cabinet Corbie,MG,1,SASPAS\n"


def _called(workdir) -> str:
    ranked(workdir)
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0
    chosen = amphi(workdir, "appel", "choisir", "1", "MG-1", "--liste", "MG")
    assert chosen.returncode == 0, chosen.stderr
    return (workdir / "postes.csv").read_text(encoding="utf-8")


def test_a_poste_added_during_the_call_is_offered_from_then_on_and_journaled(workdir):
    original = _called(workdir)
    (workdir / "postes.csv").write_text(original + AJOUT, encoding="utf-8")
    shown = amphi(workdir, "import", "postes", "postes.csv")  # the preview, then « non »
    assert "+ MG-3bis Cabinet Corbie (liste « MG », 1 place(s))" in shown.stdout, shown.stderr
    imported = amphi(workdir, "import", "postes", "postes.csv", "--oui")
    assert imported.returncode == 0, imported.stderr
    status = amphi(workdir, "appel", "--liste", "MG").stdout
    assert "Postes libres (4, 6 place(s))" in status
    assert "MG-3bis" in status and "Cabinet Corbie" in status
    journal = amphi(workdir, "journal", "--liste", "MG").stdout
    assert "poste MG-3bis (Cabinet Corbie) ajouté pendant l'appel de « MG » : 1 place(s)" in (
        journal
    )
    chosen = amphi(workdir, "appel", "choisir", "2", "mg-3BIS", "--liste", "MG")
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.startswith("2 prend le poste MG-3bis.")
    full = amphi(workdir, "appel", "choisir", "3", "MG-3bis", "--liste", "MG")
    assert full.returncode == 2 and full.stderr == "refusé : le poste MG-3bis est complet\n"
    again = amphi(workdir, "import", "postes", "postes.csv", "--oui")
    assert again.stdout == "Aucun changement : postes.csv est déjà en base à l'identique.\n"


def test_removing_or_reducing_a_poste_during_the_call_stays_refused(workdir):
    original = _called(workdir)
    before = db_setup.dump(workdir / "amphi.sqlite3")
    without_mg1 = "".join(
        line for line in original.splitlines(keepends=True) if not line.startswith("MG-1,")
    )
    reduced = original.replace("service 1,MG,2,", "service 1,MG,1,")
    assert reduced != original
    for changed in (without_mg1 + AJOUT, reduced + AJOUT):
        (workdir / "postes.csv").write_text(changed, encoding="utf-8")
        result = amphi(workdir, "import", "postes", "postes.csv", "--oui")
        assert result.returncode == 2, result.stdout
        assert "le choix a commencé pour ces postes, ils ne peuvent plus changer : MG-1 " in (
            result.stderr
        )
        assert "MG-3bis" not in result.stderr
        assert db_setup.dump(workdir / "amphi.sqlite3") == before


def test_a_poste_is_not_added_to_a_closed_list(workdir):
    original = _called(workdir)
    for rang, poste in ((2, "MG-1"), (3, "MG-2"), (4, "MG-2"), (5, "MG-3"), (6, "MG-3")):
        done = amphi(workdir, "appel", "choisir", str(rang), poste, "--liste", "MG")
        assert done.returncode == 0, done.stderr
    assert amphi(workdir, "appel", "clore", "--liste", "MG").returncode == 0
    before = db_setup.dump(workdir / "amphi.sqlite3")
    (workdir / "postes.csv").write_text(original + AJOUT, encoding="utf-8")
    result = amphi(workdir, "import", "postes", "postes.csv", "--oui")
    assert result.returncode == 2
    assert "ils ne peuvent plus changer : MG-3bis (liste « MG »)" in result.stderr
    assert db_setup.dump(workdir / "amphi.sqlite3") == before
