"""The gestionnaire's second semester on his laptop, as a newcomer lives it (real `amphi`
processes, règles §7): winter ranked, called and closed, `amphi semestre suivant`, then the
summer files imported while `[semestre] code` still says 2026-11 (the base's own semester
rules, the configuration lagging is only a note), summer ranked, called and closed, the
configuration updated at last; the winter archive read without a byte of it changing."""

import hashlib
import re
from pathlib import Path

import pytest

from tests import hiver
from tests.cli_harness import amphi, once, ranked
from tests.conftest import csv_bytes, interne
from tests.db_setup import postes_csv

CONFIG = hiver.CONFIG.split('[[listes]]\nnom = "Psy"')[0] + hiver.MAQUETTE
ARCHIVE = "amphi-2026-11.sqlite3"
LAG = "la base est au semestre 2027-05 ; [semestre] code annonce 2026-11 : à mettre à jour"


def _ok(workdir: Path, *args: str):
    done = amphi(workdir, *args)
    assert done.returncode == 0, (args, done.stderr)
    assert "Traceback" not in done.stderr
    return done


def _appeler_tout(workdir: Path) -> None:
    """Each interne called takes the first poste listed free; then the choice is closed."""
    while True:
        shown = _ok(workdir, "appel", "--liste", "MG").stdout
        called = re.search(r"Appelé : rang \d+ .*\((\S+)\)", shown)
        if called is None:
            break
        poste = re.search(r"^(MG-\d+)\s", shown, re.M).group(1)
        _ok(workdir, "appel", "choisir", called.group(1), poste, "--liste", "MG")
    _ok(workdir, "appel", "clore", "--liste", "MG")


def _winter_rows() -> list[dict[str, str]]:
    rows = [interne(str(i), nom=f"Nom{i}", rin=(1, 2, 2, 4, 5, 6)[i - 1]) for i in range(1, 7)]
    rows[5].update(semestres_valides="7", promotion="2021", phase="consolidation")
    return rows


@pytest.fixture
def ete(tmp_path: Path) -> Path:
    """Winter called and closed, then `amphi semestre suivant` previewed and built; the
    configuration left saying 2026-11."""
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "internes.csv").write_bytes(csv_bytes(_winter_rows()))
    (tmp_path / "postes.csv").write_bytes(postes_csv({"MG": 6}))
    once(tmp_path, "second semestre : hiver puis été", lambda: _winter_then_next(tmp_path))
    return tmp_path


def _winter_then_next(workdir: Path) -> None:
    ranked(workdir)
    _ok(workdir, "appel", "ouvrir", "--liste", "MG")
    _appeler_tout(workdir)
    asked = amphi(workdir, "semestre", "suivant")
    assert asked.returncode == 1 and "6 interne(s) reporté(s)" in asked.stdout, asked.stderr
    built = _ok(workdir, "semestre", "suivant", "--oui")
    assert built.stdout.startswith("✔ Semestre d'été 2027 construit.")


def _summer_rows() -> list[dict[str, str]]:
    """The summer file: the five who carry on, one semester more; interne 6 (fin d'internat)
    is no longer in it; three arrivals from another subdivision."""
    rows = [interne(str(i), nom=f"Nom{i}", rin=(1, 2, 2, 4, 5)[i - 1], semestres_valides="5")
            for i in range(1, 6)]  # fmt: skip
    rows += [interne(str(i), nom=f"Nom{i}", rin=i, promotion="2026", semestres_valides="1")
             for i in (8, 9, 10)]  # fmt: skip
    return rows


def _summer_day(ete: Path) -> None:
    """The summer's postes imported, MG ranked, opened, called and closed."""
    (ete / "postes-ete.csv").write_bytes(postes_csv({"MG": 8}))
    _ok(ete, "import", "postes", "postes-ete.csv", "--oui")
    _ok(ete, "preclassement", "--liste", "MG")
    _ok(ete, "exaequo", "ordonner", "--groupe", "1", "2", "3", "--liste", "MG")
    _ok(ete, "exaequo", "valider", "--liste", "MG")
    _ok(ete, "final", "valider", "--liste", "MG")
    _ok(ete, "appel", "ouvrir", "--liste", "MG")
    _appeler_tout(ete)


def test_the_summer_is_imported_ranked_and_called_while_the_configuration_lags(ete):
    (ete / "internes-ete.csv").write_bytes(csv_bytes(_summer_rows()))
    shown = amphi(ete, "import", "internes", "internes-ete.csv")
    assert shown.returncode == 1, shown.stderr  # shown, asked: not refused by the config code
    assert "3 ajout(s), 0 modification(s), 0 désactivation(s)" in shown.stdout
    assert "au semestre d'hiver" not in shown.stderr
    applied = _ok(ete, "import", "internes", "internes-ete.csv", "--oui")
    assert LAG in applied.stderr

    _summer_day(ete)
    results = _ok(ete, "appel", "resultats", "--liste", "MG").stdout
    assert all(f"({i})" in results or f" {i} " in results for i in (1, 8, 9, 10))
    assert "6" not in re.findall(r"\((\d+)\)", results)  # at the end of his DES: no list

    told = _ok(ete, "semestre")  # where he looks: the semester, and what to write
    assert told.stdout.endswith(
        'la configuration annonce encore 2026-11 : y mettre [semestre] code = "2027-05"\n'
    )
    config = ete / "config.toml"  # the note told him: he updates the configuration at last
    config.write_text(CONFIG.replace('code = "2026-11"', 'code = "2027-05"'), encoding="utf-8")
    listed = _ok(ete, "listes")
    assert "Semestre d'été 2027" in listed.stdout and "annonce" not in listed.stderr
    assert "annonce" not in _ok(ete, "semestre").stdout
    winter = _ok(ete, "listes", "--semestre", "2026-11")
    assert "Semestre d'hiver 2026-2027" in winter.stdout


def test_last_semesters_internes_file_imported_again_is_flagged_in_the_preview(ete):
    shown = amphi(ete, "import", "internes", "internes.csv")  # winter's file, by mistake
    assert shown.returncode == 1, shown.stderr  # said, not refused: nothing applied
    assert (  # interne 6, at the end of his DES, would even be made active again
        "⚠ fichier du semestre précédent ? 6 interne(s) reporté(s) du semestre 2026-11 y ont "
        "moins de semestres validés qu'en base (1 : 5 → 4, 2 : 5 → 4, 3 : 5 → 4, 4 : 5 → 4, "
        "5 : 5 → 4, … et 1 autre(s)) : vérifier le fichier avant d'appliquer"
    ) in shown.stdout
    assert "~ 6 Nom6 Prénom : semestres_valides 8 → 7, actif non → oui\n" in shown.stdout
    (ete / "internes-ete.csv").write_bytes(csv_bytes(_summer_rows()))
    summer = amphi(ete, "import", "internes", "internes-ete.csv")
    assert summer.returncode == 1 and "semestre précédent" not in summer.stdout


def _empreinte(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reading_the_archive_changes_nothing_of_its_file(ete):
    archive = ete / ARCHIVE
    before = _empreinte(archive)
    _ok(ete, "listes", "--semestre", "2026-11")
    _ok(ete, "journal", "--verifier", "--semestre", "2026-11")
    printed = _ok(ete, "pdf", "resultats", "--liste", "MG", "--semestre", "2026-11")
    assert printed.stdout.endswith("→ resultats_MG_2026-11.pdf\n")  # not taken for summer's
    _ok(ete, "journal", "--db", ARCHIVE)
    assert _empreinte(archive) == before
    assert not any(Path(f"{archive}{s}").exists() for s in ("-wal", "-shm", "-journal"))
    purged = _ok(ete, "purger", "--semestre", "2026-11", "--oui")  # the purge still writes it
    assert _empreinte(archive) != before, purged.stdout
    _ok(ete, "journal", "--verifier", "--semestre", "2026-11")


def test_the_summer_copies_rotate_among_themselves_and_leave_the_winter_ones(ete):
    """`garder` counts this semester's automatic copies: the copy made before the change of
    semester outlives the summer day, until the winter's own purge."""
    config = ete / "config.toml"
    config.write_text(CONFIG + "\n[sauvegardes]\ngarder = 2\n", encoding="utf-8")
    folder = ete / "sauvegardes"
    winter = sorted(p.name for p in folder.glob("auto-*-2026-11-*.sqlite3"))
    assert any(name.endswith("-avantsemestresuivant.sqlite3") for name in winter), winter
    (ete / "internes-ete.csv").write_bytes(csv_bytes(_summer_rows()))
    _ok(ete, "import", "internes", "internes-ete.csv", "--oui")
    _summer_day(ete)
    assert len(list(folder.glob("auto-*-2027-05-*.sqlite3"))) == 2
    assert sorted(p.name for p in folder.glob("auto-*-2026-11-*.sqlite3")) == winter
    _ok(ete, "purger", "--semestre", "2026-11", "--oui")
    assert not list(folder.glob("auto-*-2026-11-*.sqlite3"))
    assert len(list(folder.glob("auto-*-2027-05-*.sqlite3"))) == 2
