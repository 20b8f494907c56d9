"""A stage marked non validé (or validé again) when the commission decides (règles §7): by
command or by file, through the real `amphi` program. His ancienneté and his maquette follow;
the validated order it changes goes stale and is named; refused cases change nothing."""

import sqlite3

from tests.cli_harness import amphi, ranked

STAGES = (
    "interne,semestre,terrain,type,phase,valide\n"
    "1,2025-11,Cabinet Abbeville,SN1,socle,oui\n"
    "1,2026-05,CHU — Urgences,Urgences,socle,oui\n"
    "2,2026-05,CH Beauvais,Pédiatrie,socle,oui\n"
)


def _base(workdir):
    ranked(workdir)  # MG ranked to its validated final order
    (workdir / "stages.csv").write_text(STAGES, encoding="utf-8")
    done = amphi(workdir, "import", "stages", "stages.csv", "--oui")
    assert done.returncode == 0, done.stderr


def _lire(workdir, sql, *args):
    with sqlite3.connect(workdir / "amphi.sqlite3") as db:
        return db.execute(sql, args).fetchall()


def _etat(workdir, interne="1", semestre="2026-05"):
    return _lire(
        workdir,
        "SELECT s.valide, i.semestres_valides FROM stage_effectue s JOIN interne i "
        "ON i.id = s.interne_id WHERE s.interne_id = ? AND s.semestre = ?",
        interne,
        semestre,
    )[0]


def test_a_stage_marked_non_valide_takes_a_semester_off_and_makes_the_order_stale(workdir):
    _base(workdir)
    asked = amphi(workdir, "validation", "1", "2026-05", "non")  # not a terminal: not applied
    assert asked.returncode == 1, asked.stderr
    assert asked.stdout.startswith(
        "stage de 1 (2026-05, CHU — Urgences) : non validé ; semestres validés 4 → 3 ; "
        "ordre périmé : « MG » (relancer le pré-classement)"
    )
    assert "Rien n'est appliqué" in asked.stdout
    assert _etat(workdir) == (1, 4)

    done = amphi(workdir, "validation", "1", "2026-05", "non", "--oui")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "stage de 1 (2026-05, CHU — Urgences) : non validé ; semestres validés 4 → 3 ; "
        "ordre périmé : « MG » (relancer le pré-classement)\nAppliqué.\n"
    )
    assert _etat(workdir) == (0, 3)
    listes = amphi(workdir, "listes")
    assert "périmé" in listes.stdout, listes.stdout
    journal = amphi(workdir, "journal", "--interne", "1")
    assert "validation d'un stage" in journal.stdout, journal.stdout
    assert "stage de 1 (2026-05, CHU — Urgences) : non validé" in journal.stdout

    again = amphi(workdir, "validation", "1", "2026-05", "non", "--oui")
    assert again.returncode == 2
    assert "le stage de 1 au semestre 2026-05 est déjà non validé" in again.stderr
    assert _etat(workdir) == (0, 3)

    back = amphi(workdir, "validation", "1", "2026-05", "oui", "--oui")
    assert back.returncode == 0, back.stderr
    assert back.stdout.startswith(
        "stage de 1 (2026-05, CHU — Urgences) : validé ; semestres validés 3 → 4"
    )
    assert _etat(workdir) == (1, 4)


def test_a_validation_refused_changes_nothing(workdir):
    _base(workdir)
    unknown = amphi(workdir, "validation", "1", "2024-11", "non", "--oui")
    assert unknown.returncode == 2
    assert "aucun stage de 1 au semestre 2024-11" in unknown.stderr
    bad = amphi(workdir, "validation", "1", "2026-06", "peut-être", "--oui")
    assert bad.returncode == 2
    assert "« 2026-06 » n'est pas un semestre (AAAA-05 ou AAAA-11)" in bad.stderr
    assert "Traceback" not in bad.stderr
    word = amphi(workdir, "validation", "1", "2026-05", "peut-être", "--oui")
    assert word.returncode == 2 and "« peut-être » n'est ni oui ni non" in word.stderr

    opened = amphi(workdir, "appel", "ouvrir", "--liste", "MG", "--oui")
    assert opened.returncode == 0, opened.stderr
    during = amphi(workdir, "validation", "1", "2026-05", "non", "--oui")
    assert during.returncode == 2
    assert "1 est sur la liste « MG » dont le choix est ouvert" in during.stderr
    assert _etat(workdir) == (1, 4)
    assert not _lire(workdir, "SELECT 1 FROM journal WHERE action = 'stage.validation'")


def test_a_validations_file_marks_the_stages_it_lists_all_or_nothing(workdir):
    _base(workdir)
    (workdir / "validations.csv").write_text(
        "id,semestre,valide\n1,2026-05,non\n2,2026-05,oui\n1,2025-11,oui\n", encoding="utf-8"
    )
    asked = amphi(workdir, "import", "validations", "validations.csv")
    assert asked.returncode == 1, asked.stderr
    assert "Import de validations.csv : 0 ajout(s), 1 modification(s)" in asked.stdout
    assert "~ 1 2026-05 CHU — Urgences (non validé) : valide oui → non" in asked.stdout
    assert "⚠ liste « MG » : son ordre sera périmé" in asked.stdout
    assert _etat(workdir) == (1, 4)

    done = amphi(workdir, "import", "validations", "validations.csv", "--oui")
    assert done.returncode == 0, done.stderr
    assert _etat(workdir) == (0, 3)
    assert _etat(workdir, "2") == (1, 4)  # already validé: unchanged
    actions = [row[0] for row in _lire(workdir, "SELECT action FROM journal ORDER BY id")]
    assert actions[-3:] == ["stage.validation", "import.validations", "classement.perime"]
    same = amphi(workdir, "import", "validations", "validations.csv", "--oui")
    assert same.returncode == 0 and "Aucun changement" in same.stdout

    (workdir / "validations.csv").write_text(
        "interne,semestre,valide\n1,2026-05,oui\n3,2026-05,non\n1,2026-05,non\n2,2026-06,x\n",
        encoding="utf-8",
    )
    refused = amphi(workdir, "import", "validations", "validations.csv", "--oui")
    assert refused.returncode == 2
    assert "ligne 4, colonne semestre : deux lignes pour le stage de 1 au semestre 2026-05 " in (
        refused.stderr
    )
    assert "ligne 5, colonne semestre : « 2026-06 » n'est pas un semestre" in refused.stderr
    (workdir / "validations.csv").write_text(
        "id,semestre,valide\n1,2026-05,oui\n3,2026-05,non\n", encoding="utf-8"
    )
    unknown = amphi(workdir, "import", "validations", "validations.csv", "--oui")
    assert unknown.returncode == 2
    assert "1 stage(s) inconnu(s) : 3 au semestre 2026-05" in unknown.stderr
    assert _etat(workdir) == (0, 3)  # the refused files changed nothing
